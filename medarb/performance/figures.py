"""Performance and time-limited closure (绩效考核, 限时结案): the figures of each handler and unit.

For a unit's subtree and a period, every case under way in the period (received by its end,
not closed before its start) counts for each person who handled it, in every role they had:
the handler (承办人), the tribunal's presiding arbitrator, its members and its clerk, the
mediator of a mediation. Everything comes from the records the procedure wrote (the case's
closure, its clocks, its to-dos, the court's filings); nothing is entered by hand. Which case
closed on time, and which is overdue, is decided by `cases.timeliness`, the same conditions
the case list filters by, so that each figure equals the list it links to.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from medarb.arbitration.models import Tribunal
from medarb.cases import timeliness
from medarb.cases.models import Case, CaseKind
from medarb.court import rules as court_rules
from medarb.court.models import Filing, Route
from medarb.mediation.models import MediationFile
from medarb.orgs.models import Role, Unit
from medarb.procedure.models import Flag, Task, TaskState

# The lookups from a case to the people who handled it; the case list's `handler` filter
# matches the same (registered in `performance.apps`).
HANDLER_LOOKUPS = (
    "handler",
    "tribunal__presiding",
    "tribunal__members",
    "tribunal__clerk",
    "mediation_file__mediator",
)
AWARDS = frozenset(court_rules.AWARDS)
CHALLENGES = (Route.SUIT, Route.REVOCATION)
MEDIATED = "mediated"
FINAL = "award_final"

# What a role on a case answers for among the to-dos waiting for a role (not for a person).
ROLE_LABELS = {
    Role.ARBITRATOR: _("仲裁员"),
    Role.CLERK: _("书记员"),
    Role.MEDIATOR: _("调解员"),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass
class Row:
    """The figures of one person or unit."""

    key: int
    name: str
    roles: set = field(default_factory=set)
    handled: int = 0
    closed: int = 0
    timed: int = 0
    on_time: int = 0
    late: int = 0
    days: int = 0  # total days from acceptance (or receipt) to closure, over closed cases
    mediated: int = 0
    awards: int = 0
    final: int = 0
    challenged: int = 0
    reversed: int = 0
    overdue_cases: int = 0
    overdue_tasks: int = 0

    @property
    def role_label(self) -> str:
        return "、".join(str(ROLE_LABELS[r]) for r in ROLE_LABELS if r in self.roles)

    @property
    def on_time_rate(self) -> float | None:
        return _percent(self.on_time, self.timed)

    @property
    def average_days(self) -> float | None:
        return None if not self.closed else round(self.days / self.closed, 1)

    @property
    def mediation_rate(self) -> float | None:
        return _percent(self.mediated, self.closed)

    @property
    def final_share(self) -> float | None:
        return _percent(self.final, self.awards)

    @property
    def flagged(self) -> bool:
        return bool(self.overdue_cases or self.overdue_tasks)


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


# The columns of the screen, the xlsx and the PDF, in order: (attribute, heading, a rate?).
COLUMNS = (
    ("handled", _("在办案件"), False),
    ("closed", _("结案"), False),
    ("timed", _("计限结案"), False),
    ("on_time", _("限期内结案"), False),
    ("late", _("超期结案"), False),
    ("on_time_rate", _("按期结案率(%)"), True),
    ("average_days", _("平均结案天数"), True),
    ("mediated", _("调解结案"), False),
    ("mediation_rate", _("调解率(%)"), True),
    ("awards", _("裁决结案"), False),
    ("final", _("终局裁决"), False),
    ("final_share", _("终局裁决占比(%)"), True),
    ("challenged", _("被诉至法院"), False),
    ("reversed", _("被改判/撤销"), False),
    ("overdue_cases", _("超期未结案件"), False),
    ("overdue_tasks", _("超期待办"), False),
)


@dataclass
class Report:
    unit: Unit | None
    period: Period
    people: list[Row]
    units: list[Row]
    total: Row

    @property
    def flagged(self) -> list[Row]:
        return sorted(
            (r for r in self.people if r.flagged), key=lambda r: (-r.overdue_cases, -r.overdue_tasks)
        )


def awarded() -> Q:
    return Q(close_reason__in=AWARDS)


def challenged() -> Q:
    """Cases whose award a party took to court (a suit, or an application to revoke it)."""
    return Q(Exists(Filing.objects.filter(case=OuterRef("pk"), route__in=CHALLENGES)))


def reversed_at_court() -> Q:
    """Cases whose award the court changed or revoked."""
    filings = Filing.objects.filter(
        case=OuterRef("pk"), route__in=CHALLENGES, outcome__in=court_rules.REVERSED
    )
    return Q(Exists(filings))


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def _case_rows(cases, period: Period) -> list[dict]:
    closed_in = Q(closed_on__range=(period.start, period.end))
    return list(
        cases.annotate(
            in_period=_flag(closed_in),
            is_timed=_flag(timeliness.timed()),
            is_late=_flag(timeliness.late()),
            is_overdue=_flag(timeliness.overdue()),
        ).values(
            "id",
            "kind",
            "unit_id",
            "handler_id",
            "received_on",
            "accepted_on",
            "closed_on",
            "close_reason",
            "in_period",
            "is_timed",
            "is_late",
            "is_overdue",
        )
    )


def _roles_by_case(ids, rows: list[dict]) -> dict[int, dict[int, set]]:
    """case id → person id → the roles they had on it (four queries, whatever the number)."""
    found: dict[int, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        if row["handler_id"]:
            role = Role.MEDIATOR if row["kind"] == CaseKind.MEDIATION else Role.ARBITRATOR
            found[row["id"]][row["handler_id"]].add(role)
    for case_id, presiding, clerk in Tribunal.objects.filter(case__in=ids).values_list(
        "case_id", "presiding_id", "clerk_id"
    ):
        found[case_id][presiding].add(Role.ARBITRATOR)
        if clerk:
            found[case_id][clerk].add(Role.CLERK)
    members = Tribunal.members.through.objects.filter(tribunal__case__in=ids)
    for case_id, user_id in members.values_list("tribunal__case_id", "user_id"):
        found[case_id][user_id].add(Role.ARBITRATOR)
    files = MediationFile.objects.filter(case__in=ids, mediator__isnull=False)
    for case_id, mediator in files.values_list("case_id", "mediator_id"):
        found[case_id][mediator].add(Role.MEDIATOR)
    return found


def _add(row: Row, case: dict, court: dict, tasks: list) -> None:
    row.handled += 1
    if case["is_overdue"]:
        row.overdue_cases += 1
    row.overdue_tasks += len(tasks)
    if not case["in_period"]:
        return
    row.closed += 1
    row.days += (case["closed_on"] - (case["accepted_on"] or case["received_on"])).days
    if case["is_timed"]:
        row.timed += 1
        row.late += bool(case["is_late"])
        row.on_time += not case["is_late"]
    reason = case["close_reason"]
    row.mediated += reason == MEDIATED
    if reason in AWARDS:
        row.awards += 1
        row.final += reason == FINAL
        if case["id"] in court:
            row.challenged += 1
            row.reversed += court[case["id"]]


def evaluate(*, viewer, unit: Unit | None, period: Period, person=None, overdue_only: bool = False) -> Report:
    """The figures of the people and units handling the cases `viewer` sees under `unit` (all
    they see when None) in `period`; only `person`'s row when given (a handler's own view).
    `overdue_only` counts the overdue cases alone (the dashboard's block needs no more)."""
    cases = Case.objects.visible_to(viewer).filter(timeliness.under_way(period.start, period.end))
    if unit is not None:
        cases = cases.filter(unit_path__startswith=unit.path)
    if person is not None:
        cases = cases.filter(timeliness.handled_by(person.pk))
    if overdue_only:
        cases = cases.filter(timeliness.overdue())
    rows = _case_rows(cases.order_by(), period)
    ids = cases.order_by().values("pk")
    roles = _roles_by_case(ids, rows)
    awarded = [r["id"] for r in rows if r["in_period"] and r["close_reason"] in AWARDS]
    court: dict[int, bool] = {}
    challenges = Filing.objects.filter(case__in=awarded, route__in=CHALLENGES)
    for case_id, outcome in challenges.values_list("case_id", "outcome"):
        court[case_id] = court.get(case_id, False) or outcome in court_rules.REVERSED
    overdue = [r["id"] for r in rows if r["is_overdue"]]
    tasks: dict[int, list] = defaultdict(list)
    for case_id, role, assignee in Task.objects.filter(
        case__in=overdue, state=TaskState.OPEN, flag=Flag.OVERDUE
    ).values_list("case_id", "role", "assignee_id"):
        tasks[case_id].append((role, assignee))

    people: dict[int, Row] = {}
    units: dict[int, Row] = {}
    total = Row(0, str(_("合计")))
    for case in rows:
        case_tasks = tasks.get(case["id"], [])
        _add(total, case, court, case_tasks)
        unit_row = units.setdefault(case["unit_id"], Row(case["unit_id"], ""))
        _add(unit_row, case, court, case_tasks)
        for user_id, held in roles.get(case["id"], {}).items():
            if person is not None and user_id != person.pk:
                continue
            row = people.setdefault(user_id, Row(user_id, ""))
            row.roles |= held
            # a to-do waits for this person when it is theirs, or their role's on this case
            mine = [t for t in case_tasks if t[1] == user_id or (t[1] is None and t[0] in held)]
            _add(row, case, court, mine)
    names = dict(get_user_model().objects.filter(pk__in=list(people)).values_list("pk", "full_name"))
    for row in people.values():
        row.name = names.get(row.key) or "—"
    unit_names = dict(Unit.objects.filter(pk__in=list(units)).values_list("pk", "name"))
    for row in units.values():
        row.name = unit_names.get(row.key, "—")
    return Report(
        unit=unit,
        period=period,
        people=sorted(people.values(), key=lambda r: (-r.handled, r.name)),
        units=sorted(units.values(), key=lambda r: (-r.handled, r.name)),
        total=total,
    )
