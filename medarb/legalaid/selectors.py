"""Who acts on legal aid, and the lists and figures of a station."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from medarb.cases import policy
from medarb.cases.models import Case
from medarb.legalaid.models import AidState, Application
from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.selectors import active_memberships


def stations_for(case: Case) -> list[Unit]:
    """The legal-aid stations whose jurisdiction holds the case's unit."""
    stations = Unit.objects.filter(kind=UnitKind.LEGAL_AID).select_related("jurisdiction")
    return [s for s in stations if s.jurisdiction is None or case.unit_path.startswith(s.jurisdiction.path)]


def officer_stations(user) -> list[Unit]:
    if not policy.is_staff(user):
        return []
    return [
        m.unit
        for m in active_memberships(user)
        if m.role == Role.LEGAL_AID_OFFICER and m.unit.kind == UnitKind.LEGAL_AID
    ]


def is_officer(user, application: Application) -> bool:
    return application.station_id in {u.pk for u in officer_stations(user)}


def may_apply(user, case: Case, party) -> bool:
    """The worker themselves (portal), or those who handle the case (window, referral)."""
    if policy.is_party(user):
        return party.user_id == user.pk
    return policy.can_write_case(user, case)


def station_staff(station: Unit):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__unit=station, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def desk(user) -> QuerySet[Application]:
    """The applications of the user's stations, urgent and oldest first."""
    return (
        Application.objects.filter(station__in=officer_stations(user))
        .select_related("case", "party", "assignee", "station")
        .order_by("-urgent", "received_on", "id")
    )


@dataclass
class Figures:
    applications: int
    approved: int
    refused: int
    withdrawn: int
    pending: int
    days_to_decision: float | None


def figures(stations: list[Unit], *, since: date | None = None, until: date | None = None) -> Figures:
    """Applications, approvals, refusals and the average days from receipt to decision."""
    rows = Application.objects.filter(station__in=stations)
    if since:
        rows = rows.filter(received_on__gte=since)
    if until:
        rows = rows.filter(received_on__lte=until)
    decided = Q(state__in=[AidState.APPROVED, AidState.ASSIGNED, AidState.REFUSED])
    counts = rows.aggregate(
        applications=Count("id"),
        approved=Count("id", filter=Q(state__in=[AidState.APPROVED, AidState.ASSIGNED])),
        refused=Count("id", filter=Q(state=AidState.REFUSED)),
        withdrawn=Count("id", filter=Q(state=AidState.WITHDRAWN)),
        pending=Count("id", filter=Q(state__in=[AidState.RECEIVED, AidState.INCOMPLETE])),
    )
    spans = [
        (a.decided_on - a.received_on).days
        for a in rows.filter(decided, decided_on__isnull=False).only("decided_on", "received_on")
    ]
    return Figures(**counts, days_to_decision=sum(spans) / len(spans) if spans else None)


def for_party(user, case: Case) -> dict | None:
    """The worker's legal aid on the portal's case page: their applications, and whether they
    may apply (a worker party of the case, no application under examination)."""
    from medarb.cases.models import PartyKind
    from medarb.legalaid.models import Matter

    party = case.parties.filter(user=user, kind=PartyKind.WORKER, principal__isnull=True).first()
    if party is None or not stations_for(case):
        return None
    applications = list(
        Application.objects.filter(case=case, party=party).select_related("assignee", "station")
    )
    open_states = (AidState.RECEIVED, AidState.INCOMPLETE, AidState.APPROVED, AidState.ASSIGNED)
    return {
        "party": party,
        "applications": applications,
        "may_apply": not any(a.state in open_states for a in applications),
        "matters": Matter.choices,
    }
