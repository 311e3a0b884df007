"""The transcript editor of a sitting: typed turns with quick phrases and autosave, the
recognised segments beside them (a click plays that moment), and finalising for signature."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medarb.core.errors import DomainError
from medarb.hearings.models import Sitting
from medarb.recording.models import Recording
from medarb.transcripts import recognition, services
from medarb.transcripts.models import Segment

MAX_BODY = 2 * 1024 * 1024


def _sitting(request, sitting_id: int) -> Sitting:
    sitting = get_object_or_404(Sitting.objects.select_related("case", "room", "clerk"), pk=sitting_id)
    if not services.may_write(request.user, sitting):
        raise Http404
    return sitting


@login_required
@require_GET
def editor(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    transcript = services.transcript_for(sitting)
    recordings = (
        Recording.objects.filter(sitting=sitting).select_related("file").prefetch_related("recognitions")
    )
    segments = (
        Segment.objects.filter(recognition__recording__sitting=sitting)
        .select_related("recognition__recording")
        .order_by("start")
    )
    speakers = ["仲裁员", "书记员", "申请人", "被申请人", "申请人代理人", "被申请人代理人", "证人"]
    context = {
        "sitting": sitting,
        "transcript": transcript,
        "state": {"turns": transcript.turns, "revision": transcript.revision},
        "phrases": services.PHRASES,
        "speakers": speakers,
        "recordings": recordings,
        "segments": segments,
    }
    return render(request, "transcripts/editor.html", context)


@login_required
@require_POST
def save(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": _("笔录过大，请分段记录。")}, status=413)
    try:
        payload = json.loads(request.body or b"{}")
        based_on = int(payload.get("based_on", -1))
        saved = services.save_transcript(
            sitting=sitting, actor=request.user, turns=payload.get("turns"), based_on=based_on
        )
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": _("笔录格式不正确。")}, status=400)
    except DomainError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    transcript = saved.transcript
    body = {"revision": transcript.revision, "conflict": saved.conflict}
    if saved.conflict:
        body["turns"] = transcript.turns
        body["message"] = _(
            "另一个窗口刚保存了较新的笔录。您这次的内容已另存为历史版本，下方列出，请核对后合并。"
        )
    return JsonResponse(body, status=409 if saved.conflict else 200)


@login_required
@require_POST
def accept(request, segment_id: int):
    segment = get_object_or_404(
        Segment.objects.select_related("recognition__recording__sitting"), pk=segment_id
    )
    sitting = _sitting(request, segment.recognition.recording.sitting_id)
    try:
        services.accept_segment(
            segment=segment,
            actor=request.user,
            text=request.POST.get("text") or None,
            speaker=request.POST.get("speaker", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("transcripts:editor", sitting_id=sitting.pk)


@login_required
@require_POST
def finalise(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    try:
        transcript = services.finalise(sitting=sitting, actor=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("transcripts:editor", sitting_id=sitting.pk)
    messages.success(request, _("笔录已定稿，请仲裁员、书记员和当事人在屏幕上签名。"))
    return redirect("documents:sign", document_id=transcript.document_id)


@login_required
@require_POST
def recognise(request, recording_id: int):
    recording = get_object_or_404(Recording.objects.select_related("sitting"), pk=recording_id)
    sitting = _sitting(request, recording.sitting_id)
    if recording.recognitions.filter(state__in=["queued", "running"]).exists():
        messages.info(request, _("该录像正在识别，请稍候。"))
    else:
        recognition.request_recognition(recording=recording)
        messages.success(request, _("已开始语音识别，完成后识别结果会列在右侧。"))
    return redirect("transcripts:editor", sitting_id=sitting.pk)
