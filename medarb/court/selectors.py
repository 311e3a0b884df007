"""Who links a case to the court, the cases a court sees, and what the courts decided."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from medarb.cases import policy
from medarb.cases.models import Case, CaseShare
from medarb.court import rules
from medarb.court.models import Filing, Outcome, Route, Transfer
from medarb.orgs.models import Role, UnitKind
from medarb.orgs.selectors import active_memberships


def court_units(user) -> list:
    """The courts the user is a liaison officer of."""
    if not policy.is_staff(user):
        return []
    return [
        m.unit
        for m in active_memberships(user)
        if m.role == Role.COURT_LIAISON and m.unit.kind == UnitKind.COURT
    ]


def shared_cases(user) -> QuerySet[Case]:
    """The cases shared with the user's courts (a liaison sees nothing else)."""
    units = court_units(user)
    shares = CaseShare.objects.active().filter(unit__in=units).values("case_id")
    return Case.objects.filter(pk__in=shares).select_related("unit")


def is_liaison_of(user, case: Case) -> bool:
    return shared_cases(user).filter(pk=case.pk).exists()


def may_record(user, case: Case) -> bool:
    """The court's liaison of a shared case, or those who handle the case, record filings and outcomes."""
    return policy.can_write_case(user, case) or is_liaison_of(user, case)


def courts_for(case: Case) -> list:
    """The courts a case can be linked to: those whose jurisdiction holds the case's unit."""
    from medarb.orgs.models import Unit

    courts = Unit.objects.filter(kind=UnitKind.COURT).select_related("jurisdiction")
    return [c for c in courts if c.jurisdiction is None or case.unit_path.startswith(c.jurisdiction.path)]


def filings_of(case: Case) -> list[Filing]:
    """The case's filings, each with the outcomes its route can have (`choices`)."""
    filings = list(case.court_filings.select_related("party", "court", "judgment").order_by("filed_on", "id"))
    for filing in filings:
        filing.choices = [Outcome(o) for o in rules.OUTCOMES[filing.route]]
    return filings


def transfers_of(case: Case) -> list[Transfer]:
    return list(case.court_transfers.select_related("court", "package", "sent_by", "received_by"))


@dataclass
class Reversal:
    """How the courts saw the awards of one arbitrator (or of the whole unit, name "")."""

    name: str
    challenged: int
    decided: int
    reversed: int

    @property
    def rate(self) -> float | None:
        return None if not self.decided else self.reversed / self.decided


def _challenges(unit_path: str, since: date | None, until: date | None):
    challenges = Filing.objects.filter(
        route__in=[Route.SUIT, Route.REVOCATION], case__unit_path__startswith=unit_path
    )
    if since:
        challenges = challenges.filter(filed_on__gte=since)
    if until:
        challenges = challenges.filter(filed_on__lte=until)
    return challenges


def _merits() -> Q:
    merits = Q(pk__in=[])
    for route, outcomes in rules.ON_THE_MERITS.items():
        merits |= Q(route=route, outcome__in=outcomes)
    return merits


def reversal_rates(
    unit_path: str, *, since: date | None = None, until: date | None = None
) -> tuple[Reversal, list[Reversal]]:
    """The unit's reversal rate (改判率/撤销率) and each presiding arbitrator's: of the awards
    challenged at court and decided on the merits, the share the court changed or revoked."""
    challenges = _challenges(unit_path, since, until)
    figures = dict(
        challenged=Count("id", distinct=True),
        decided=Count("id", filter=_merits(), distinct=True),
        reversed=Count("id", filter=Q(outcome__in=rules.REVERSED), distinct=True),
    )
    total = challenges.aggregate(**figures)
    rows = (
        challenges.values("case__tribunal__presiding__full_name")
        .annotate(**figures)
        .order_by("case__tribunal__presiding__full_name")
    )
    per_arbitrator = [
        Reversal(
            r["case__tribunal__presiding__full_name"] or "—", r["challenged"], r["decided"], r["reversed"]
        )
        for r in rows
    ]
    return Reversal("", **total), per_arbitrator


def pending_count(unit_path: str) -> int:
    return Filing.objects.filter(case__unit_path__startswith=unit_path, outcome=Outcome.PENDING).count()


def _roles(user, roles) -> list:
    if not policy.is_staff(user):
        return []
    return [m.unit for m in active_memberships(user) if m.role in roles]


def circuit_units(user) -> list:
    """The units where the user may set up a mobile arbitration court."""
    from medarb.cases.policy import HANDLING_ROLES

    return [u for u in _roles(user, HANDLING_ROLES | {Role.UNIT_ADMIN}) if u.kind == UnitKind.COMMISSION]


def meeting_units(user) -> list:
    """The commissions whose joint meetings with the court the user records (chair, admin)."""
    return [u for u in _roles(user, {Role.CHAIR, Role.UNIT_ADMIN}) if u.kind == UnitKind.COMMISSION]


def court_mediators(case: Case) -> list:
    """The mediators of the courts linked to the case (their jurisdiction holds its unit)."""
    from django.contrib.auth import get_user_model

    courts = courts_for(case)
    return list(
        get_user_model()
        .objects.filter(
            memberships__unit__in=courts,
            memberships__role=Role.MEDIATOR,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def court_of(user):
    return next((m.unit for m in active_memberships(user) if m.unit.kind == UnitKind.COURT), None)


def joint_meetings(user):
    """The joint meetings of the user's commissions, or of the user's court."""
    from medarb.court.models import JointMeeting

    units = meeting_units(user) + [
        u for u in _roles(user, {Role.STATISTICIAN}) if u.kind == UnitKind.COMMISSION
    ]
    return JointMeeting.objects.filter(Q(unit__in=units) | Q(court__in=court_units(user))).select_related(
        "unit", "court", "minutes_file"
    )
