"""The daily deadline sweep: flags clocks and to-dos that are due soon or overdue."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet

from medarb.procedure.calendar import add_period
from medarb.procedure.models import (
    Deadline,
    DeadlineState,
    Flag,
    Task,
    TaskState,
)
from medarb.procedure.rules import DayType

# Working days ahead within which a to-do or clock counts as "due soon".
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class SweepResult:
    today: date
    due_soon_until: date
    deadlines_due_soon: int
    deadlines_overdue: int
    tasks_due_soon: int
    tasks_overdue: int
    cleared: int


def _flag(qs: QuerySet, flag: str) -> int:
    """Set `flag` on the rows of qs that do not carry it yet; one UPDATE."""
    return qs.exclude(flag=flag).update(flag=flag)


@transaction.atomic
def sweep_deadlines(*, today: date) -> SweepResult:
    """Flag running clocks and open to-dos due within 3 working days, and overdue ones.

    Set-based: a few UPDATE statements whatever the number of cases. Counts are the rows
    that carry each flag after the sweep.
    """
    soon = add_period(today, DUE_SOON_WORKING_DAYS, DayType.WORKING)
    running = Deadline.objects.filter(state=DeadlineState.RUNNING)
    cleared = _flag(Deadline.objects.exclude(state=DeadlineState.RUNNING), Flag.NONE)
    cleared += _flag(running.filter(Q(due_on__gt=soon) | Q(due_on__isnull=True)), Flag.NONE)
    _flag(running.filter(due_on__lt=today), Flag.OVERDUE)
    _flag(running.filter(due_on__gte=today, due_on__lte=soon), Flag.DUE_SOON)

    open_tasks = Task.objects.filter(state=TaskState.OPEN)
    # A to-do tied to a paused clock waits with it.
    waiting = open_tasks.filter(deadline__state=DeadlineState.PAUSED)
    live = open_tasks.exclude(deadline__state=DeadlineState.PAUSED)
    cleared += _flag(Task.objects.exclude(state=TaskState.OPEN), Flag.NONE)
    cleared += _flag(waiting, Flag.NONE)
    cleared += _flag(live.filter(Q(due_on__gt=soon) | Q(due_on__isnull=True)), Flag.NONE)
    _flag(live.filter(due_on__lt=today), Flag.OVERDUE)
    _flag(live.filter(due_on__gte=today, due_on__lte=soon), Flag.DUE_SOON)

    return SweepResult(
        today=today,
        due_soon_until=soon,
        deadlines_due_soon=running.filter(flag=Flag.DUE_SOON).count(),
        deadlines_overdue=running.filter(flag=Flag.OVERDUE).count(),
        tasks_due_soon=open_tasks.filter(flag=Flag.DUE_SOON).count(),
        tasks_overdue=open_tasks.filter(flag=Flag.OVERDUE).count(),
        cleared=cleared,
    )
