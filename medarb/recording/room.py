"""The way into the hearing room from where people work: for each sitting of a case that the
viewer may watch, the live page, the evidence control, the court's screen, the transcript,
the recordings and open recording alerts. Read by the case page's 庭审录播 panel and the sitting page.

Who gets which link is decided by the functions the target views themselves use
(`live.may_watch`, `presentation.may_present`, and the transcripts app's rule registered with
`register_transcript_writers`), here evaluated over a list of sittings at a fixed number of
queries.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from medarb.hearings.models import Sitting, SittingState
from medarb.hearings.selectors import sittings_for_case
from medarb.recording import alerts, live, presentation
from medarb.recording.models import Broadcast, BroadcastState, MediaAlert, Recording

# The transcripts app builds on recordings, so it tells this one who writes a sitting's
# transcript (`transcripts.services.may_write`, registered in its AppConfig.ready()).
_transcript_writers: list[Callable[..., bool]] = []


def register_transcript_writers(rule: Callable[..., bool]) -> None:
    _transcript_writers[:] = [rule]


def may_transcribe(user, sitting: Sitting) -> bool:
    return bool(_transcript_writers) and _transcript_writers[0](user, sitting)


@dataclass
class SittingRoom:
    sitting: Sitting
    on_air: bool  # a feed of the sitting is live now
    can_present: bool
    can_transcribe: bool
    recordings: list[Recording] = field(default_factory=list)
    alerts: list[MediaAlert] = field(default_factory=list)  # open 录播告警 of the sitting

    @property
    def in_progress(self) -> bool:
        """Evidence control and screen are for a sitting still to be held."""
        return self.sitting.state == SittingState.SCHEDULED


def sitting_rooms(user, case, sittings) -> list[SittingRoom]:
    """The sittings (of one case, members prefetched) the user may watch, with their links."""
    watchable = live.watchable_sittings(user, case, sittings)
    if not watchable:
        return []
    ids = [s.pk for s in watchable]
    on_air = set(
        Broadcast.objects.filter(sitting_id__in=ids, state=BroadcastState.LIVE).values_list(
            "sitting_id", flat=True
        )
    )
    recordings = defaultdict(list)
    for rec in (
        Recording.objects.filter(sitting_id__in=ids).select_related("file").order_by("started_at", "id")
    ):
        recordings[rec.sitting_id].append(rec)
    open_alerts = alerts.for_sittings(ids)
    return [
        SittingRoom(
            sitting=s,
            on_air=s.pk in on_air,
            can_present=presentation.may_present(user, s),
            can_transcribe=may_transcribe(user, s),
            recordings=recordings[s.pk],
            alerts=open_alerts.get(s.pk, []),
        )
        for s in watchable
        # A cancelled or postponed sitting is listed only if something was recorded in it.
        if s.state not in (SittingState.CANCELLED, SittingState.POSTPONED) or recordings[s.pk]
    ]


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    """The case page's 庭审录播 panel; absent for anyone who may watch none of its sittings."""
    rooms = sitting_rooms(request.user, case, sittings_for_case(case))
    if not rooms:
        return None
    return {"case": case, "rooms": rooms}
