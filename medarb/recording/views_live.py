"""The live hearing page (feeds of a sitting, for the tribunal, the clerk, the chair and
supervisors) and the replay of recordings."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.hearings.models import Sitting
from medarb.recording import live
from medarb.recording.composer import composite_name
from medarb.recording.models import Broadcast, BroadcastState, Presentation, Recording
from medarb.recording.presentation import clock, may_present
from medarb.recording.ranges import ranged_response
from medarb.recording.room import may_transcribe


def _sitting(request, sitting_id: int) -> Sitting:
    sitting = get_object_or_404(Sitting.objects.select_related("case", "room"), pk=sitting_id)
    if not live.may_watch(request.user, sitting):
        raise Http404
    return sitting


def _add_jumps(recordings: list[Recording], shown: list[Presentation]) -> None:
    """The moments evidence was shown, as seconds into each recording: the replay jumps there."""
    for rec in recordings:
        rec.jumps = [
            {"seconds": offset, "clock": clock(offset), "title": p.title}
            for p in shown
            if 0 <= (offset := (p.shown_at - rec.started_at).total_seconds()) <= rec.duration_seconds
        ]


@login_required
@require_GET
def live_page(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    ticket = live.issue_viewer(user=request.user, sitting=sitting, request=request)
    base = f"{settings.MEDARB_LIVE_BASE_URL.rstrip('/')}/live/{ticket.token}"
    feeds = [
        {"broadcast": b, "url": f"{base}/{b.stream_name}.m3u8"}
        for b in Broadcast.objects.filter(sitting=sitting, state=BroadcastState.LIVE).select_related("device")
    ]
    recordings = list(Recording.objects.filter(sitting=sitting).select_related("file"))
    _add_jumps(recordings, list(Presentation.objects.filter(sitting=sitting)))
    context = {
        "sitting": sitting,
        "feeds": feeds,
        "recordings": recordings,
        # The chair learns afterwards who supervised the sitting (被监督调阅).
        "supervised_by": live.supervisions(user=request.user, sitting=sitting),
        "can_present": may_present(request.user, sitting),
        "can_transcribe": may_transcribe(request.user, sitting),
    }
    return render(request, "recording/live.html", context)


@login_required
@require_GET
def replay(request, recording_id: int):
    """One recording with the moments evidence was shown; the file itself is audited as a replay."""
    recording = get_object_or_404(
        Recording.objects.select_related("sitting__case", "sitting__room", "file"), pk=recording_id
    )
    sitting = recording.sitting
    if not live.may_watch(request.user, sitting):
        raise Http404
    _add_jumps([recording], list(Presentation.objects.filter(sitting=sitting)))
    others = Recording.objects.filter(sitting=sitting).exclude(pk=recording.pk).order_by("started_at", "id")
    context = {"recording": recording, "sitting": sitting, "others": others}
    return render(request, "recording/replay.html", context)


@login_required
@require_GET
def recording_file(request, recording_id: int):
    """Replay with seeking (range requests), authorised and audited like watching live."""
    recording = get_object_or_404(Recording.objects.select_related("sitting__case", "file"), pk=recording_id)
    if not live.may_watch(request.user, recording.sitting):
        raise Http404
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):
        record(
            actor=request.user,
            action=AuditAction.READ,
            obj=recording,
            case_id=recording.sitting.case_id,
            summary=_("回放庭审录像"),
            request=request,
        )
    return ranged_response(request, recording.file, content_type="video/mp4")


@login_required
@require_GET
def supervision_wall(request):
    """实时监督: every sitting now live within the supervisor's jurisdiction, each tile a live
    feed with case number, cause, tribunal and state. Each tile opened is an audited viewing."""
    if not policy.is_supervisor(request.user):
        raise Http404
    visible = Case.objects.visible_to(request.user)
    sittings = (
        Sitting.objects.filter(case__in=visible, broadcasts__state=BroadcastState.LIVE)
        .select_related("case", "room")
        .prefetch_related("members", "broadcasts__device")
        .distinct()
        .order_by("starts_at")
    )
    tiles = []
    for sitting in sittings:
        ticket = live.issue_viewer(user=request.user, sitting=sitting, request=request)
        base = f"{settings.MEDARB_LIVE_BASE_URL.rstrip('/')}/live/{ticket.token}"
        feeds = [b.device.name for b in sitting.broadcasts.all() if b.state == BroadcastState.LIVE]
        # The sitting's composite (all its feeds in one picture, clock and case number burned in).
        composite = f"{base}/{composite_name(sitting.pk)}.m3u8"
        tiles.append({"sitting": sitting, "feeds": feeds, "url": composite})
    return render(request, "recording/supervision_wall.html", {"tiles": tiles})
