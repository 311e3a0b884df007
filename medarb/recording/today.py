"""The dashboard's 今日开庭与调解 for supervisors: every sitting today within their jurisdiction,
the live ones with the way to watch them (`live.may_watch`, as the live page itself decides)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from medarb.cases import policy
from medarb.hearings.models import BLOCKING_STATES, Sitting
from medarb.hearings.selectors import sittings_visible_to
from medarb.recording import live
from medarb.recording.models import Broadcast, BroadcastState


@dataclass(frozen=True)
class SittingToday:
    sitting: Sitting
    on_air: bool
    can_watch: bool


def sittings_today(*, user, today) -> list[SittingToday]:
    """Today's scheduled and held sittings of the cases the user reads, in one query (and one
    for the members)."""
    on_air = Broadcast.objects.filter(sitting=OuterRef("pk"), state=BroadcastState.LIVE)
    sittings = (
        sittings_visible_to(user, date_from=today, date_to=today)
        .filter(state__in=BLOCKING_STATES)
        .annotate(on_air=Exists(on_air))
    )
    return [
        SittingToday(sitting=s, on_air=s.on_air, can_watch=s.on_air and live.may_watch(user, s))
        for s in sittings
    ]


def dashboard_panel_context(*, request) -> dict | None:
    if not policy.is_supervisor(request.user):
        return None
    rows = sittings_today(user=request.user, today=timezone.localdate())
    return {"rows": rows, "on_air": sum(r.on_air for r in rows)}
