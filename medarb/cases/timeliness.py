"""Whether a case closed within its time limit, is overdue now, and who handled it: the
conditions that the performance figures count and the case list filters by, written once.

A case is judged by the clock that bounds the whole procedure: the hearing period of
arbitration (审理期限, Law Art. 43: 45 days from acceptance, extended by at most 15 with the
chair's approval, paused while suspended, 2017 rules Art. 47) and the mediation period
(调解期限, Law Art. 14: 15 days, extended by agreement). Closing a case stops its clocks on
the closing day (`cases.workflow.run_clocks`), so the clock that was running then is the one
stopped as met on `closed_on`; its `due_on` already carries the extensions and the days
spent suspended. A clock stopped while paused (a suspended case withdrawn) is late only if it
had run out before the suspension began.
"""

from datetime import date

from django.db.models import Exists, F, OuterRef, Q

from medarb.cases.models import Case, CaseKind
from medarb.procedure.models import Deadline, DeadlineState, Flag, Task, TaskState
from medarb.procedure.rules import PARTY_PERIODS

CLOSING_CLOCKS = {CaseKind.ARBITRATION: "award", CaseKind.MEDIATION: "mediation_limit"}


def _closing_clock():
    return Deadline.objects.filter(
        case=OuterRef("pk"),
        rule_code__in=list(CLOSING_CLOCKS.values()),
        state=DeadlineState.MET,
        stopped_on=OuterRef("closed_on"),
    )


def timed() -> Q:
    """Closed cases whose time limit was running when they closed (the on-time rate's base)."""
    return Q(closed_on__isnull=False) & Q(Exists(_closing_clock()))


def late() -> Q:
    """Closed cases that closed after their time limit (extensions and suspensions counted)."""
    ran_out = Q(paused_since__isnull=True, due_on__lt=F("stopped_on")) | Q(
        paused_since__isnull=False, due_on__lt=F("paused_since")
    )
    return Q(closed_on__isnull=False) & Q(Exists(_closing_clock().filter(ran_out)))


def on_time() -> Q:
    return timed() & ~late()


def overdue_clock() -> Q:
    """Open cases with a staff clock the daily sweep flagged overdue (a party's own period,
    such as the defence period, runs out without anyone being late)."""
    clocks = Deadline.objects.filter(
        case=OuterRef("pk"), state=DeadlineState.RUNNING, flag=Flag.OVERDUE
    ).exclude(rule_code__in=PARTY_PERIODS)
    return Q(closed_on__isnull=True) & Q(Exists(clocks))


def overdue_task() -> Q:
    """Open cases with an open to-do the daily sweep flagged overdue."""
    tasks = Task.objects.filter(case=OuterRef("pk"), state=TaskState.OPEN, flag=Flag.OVERDUE)
    return Q(closed_on__isnull=True) & Q(Exists(tasks))


def overdue() -> Q:
    return overdue_clock() | overdue_task()


def under_way(start: date, end: date) -> Q:
    """Cases received by `end` and not closed before `start`: those handled in the period."""
    return Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


# Who handled a case, beyond `Case.handler`: the roles higher apps record (the tribunal, the
# mediator), as lookups from Case to a user. They are added at start-up by the app that knows
# them (the layers allow no import upwards); the case list's `handler` filter matches any.
HANDLER_LOOKUPS: list[str] = ["handler"]


def register_handler_lookup(lookup: str) -> None:
    if lookup not in HANDLER_LOOKUPS:
        HANDLER_LOOKUPS.append(lookup)


def handled_by(user_id: int) -> Q:
    """Cases the user handled in any role (each lookup a subquery: no duplicate rows)."""
    condition = Q(pk__in=[])
    for lookup in HANDLER_LOOKUPS:
        condition |= Q(pk__in=Case.objects.filter(**{lookup: user_id}).values("pk"))
    return condition


# Conditions higher apps name for the case list, e.g. "challenged" (an award taken to court).
CONDITIONS: dict[str, tuple[str, object]] = {}


def register_condition(name: str, label: str, condition) -> None:
    """`condition()` returns a Q on Case; the list offers it as `only=<name>`."""
    CONDITIONS[name] = (label, condition)
