"""The chair's dashboard block: the handlers with overdue cases in the units she oversees."""

from django.utils import timezone

from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships
from medarb.performance import access
from medarb.performance.figures import Period, evaluate

SHOWN = 6


def dashboard_context(*, request) -> dict | None:
    user = request.user
    chair_of = [m.unit for m in active_memberships(user) if m.role == Role.CHAIR]
    if not chair_of:
        return None
    unit = chair_of[0]
    today = timezone.localdate()
    period = Period(today.replace(month=1, day=1), today)
    report = evaluate(viewer=user, unit=unit, period=period, overdue_only=True)
    flagged = report.flagged
    if not flagged:
        return None
    lines = access.lines(
        flagged[:SHOWN], period=period, where=lambda r: {"unit_tree": unit.pk, "handler": r.key}
    )
    return {"lines": lines, "more": len(flagged) - SHOWN, "unit": unit}
