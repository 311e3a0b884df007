"""The dashboard's 风险预警 panel: open alerts this person sees, unread notices first."""

from medarb.alerts.models import AlertState
from medarb.alerts.selectors import alerts_for
from medarb.orgs.selectors import active_memberships


def dashboard_context(*, request) -> dict | None:
    alerts = list(
        alerts_for(request.user)
        .exclude(state=AlertState.CLOSED)
        .prefetch_related("notices")
        .order_by("-raised_at")[:8]
    )
    if not alerts:
        return None
    units = [m.unit_id for m in active_memberships(request.user)]
    unread = set(
        alert.pk
        for alert in alerts
        if any(n.unit_id in units and n.read_at is None for n in alert.notices.all())
    )
    return {"alerts": alerts, "unread": unread}
