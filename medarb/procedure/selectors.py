"""Queries on clocks and to-dos for overviews (the chair's, a unit's)."""

from django.db.models import Count, Q, QuerySet

from medarb.orgs.models import Unit
from medarb.procedure.models import CalendarWarning, Deadline, DeadlineState, Flag


def flagged_deadlines(unit: Unit) -> QuerySet[Deadline]:
    """Running clocks flagged by the sweep (due soon or overdue) on cases of `unit`'s subtree,
    most urgent first. The caller shows them only to people who may see those cases."""
    return (
        Deadline.objects.filter(
            state=DeadlineState.RUNNING,
            flag__in=[Flag.DUE_SOON, Flag.OVERDUE],
            case__unit_path__startswith=unit.path,
        )
        .select_related("case")
        .order_by("due_on", "id")
    )


def deadline_counts(unit: Unit) -> dict[str, int]:
    """{"due_soon": n, "overdue": n, "paused": n} over the running and paused clocks of the subtree."""
    counts = Deadline.objects.filter(case__unit_path__startswith=unit.path).aggregate(
        due_soon=Count("id", filter=Q(state=DeadlineState.RUNNING, flag=Flag.DUE_SOON)),
        overdue=Count("id", filter=Q(state=DeadlineState.RUNNING, flag=Flag.OVERDUE)),
        paused=Count("id", filter=Q(state=DeadlineState.PAUSED)),
    )
    return {key: value or 0 for key, value in counts.items()}


def open_calendar_warnings() -> list[CalendarWarning]:
    """Years whose holiday arrangement calendar administrators should enter (raised in November)."""
    return list(CalendarWarning.objects.filter(resolved_at__isnull=True))
