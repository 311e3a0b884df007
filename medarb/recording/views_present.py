"""The clerk's evidence control and the court's big screen that follows it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from medarb.core.errors import DomainError
from medarb.hearings.models import Sitting
from medarb.recording import events, live, presentation
from medarb.recording.models import CaptureDevice, DeviceKind, Presentation
from medarb.recording.ranges import ranged_response


def _sitting(request, sitting_id: int, *, operate: bool = False) -> Sitting:
    sitting = get_object_or_404(Sitting.objects.select_related("case", "room"), pk=sitting_id)
    allowed = presentation.may_present if operate else live.may_watch
    if not allowed(request.user, sitting):
        raise Http404
    return sitting


@login_required
@require_http_methods(["GET", "POST"])
def control(request, sitting_id: int):
    sitting = _sitting(request, sitting_id, operate=True)
    if request.method == "POST":
        try:
            page = int(request.POST.get("page") or 1)
            device = int(request.POST["device"]) if request.POST.get("device") else None
        except ValueError:
            page, device = 0, None
        try:
            shown = presentation.show(
                sitting=sitting,
                actor=request.user,
                sha256=request.POST.get("item", ""),
                page=page,
                device_id=device,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, shown.title)
        return redirect("recording:present", sitting_id=sitting.pk)
    context = {
        "sitting": sitting,
        "items": presentation.case_items(sitting),
        "visualisers": CaptureDevice.objects.filter(
            room=sitting.room, kind=DeviceKind.VISUALISER, is_active=True
        ),
        "current": presentation.current(sitting.pk),
        "shown": Presentation.objects.filter(sitting=sitting).select_related("shown_by").order_by("-id")[:20],
    }
    return render(request, "recording/present.html", context)


@login_required
@require_GET
def screen(request, sitting_id: int):
    sitting = _sitting(request, sitting_id)
    return render(request, "recording/screen.html", {"sitting": sitting})


def _state(request, sitting: Sitting, version: int) -> dict:
    shown = presentation.current(sitting.pk)

    def file_url(item) -> str:
        return reverse("recording:presented_file", args=[item.pk])

    return presentation.state(
        shown, version=version, file_url=file_url, live_url=lambda item: _visualiser(request, sitting, item)
    )


def _visualiser(request, sitting: Sitting, shown) -> str:
    ticket = live.issue_viewer(user=request.user, sitting=sitting, request=request)
    return presentation.visualiser_url(shown, ticket.token)


@login_required
@require_GET
def screen_state(request, sitting_id: int):
    """What the screen shows now; 304 while it has not changed (for a browser without SSE)."""
    sitting = _sitting(request, sitting_id)
    version = presentation.version(sitting_id)
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    response = JsonResponse(_state(request, sitting, version))
    response["ETag"] = etag
    return response


@login_required
@require_GET
def screen_events(request, sitting_id: int):
    """The screen's event stream: the state each time the clerk shows something (SSE)."""
    sitting = _sitting(request, sitting_id)
    return events.stream(request, sitting.pk, state=lambda version: _state(request, sitting, version))


@login_required
@require_GET
def presented_file(request, presentation_id: int):
    shown = get_object_or_404(
        Presentation.objects.select_related("sitting__case", "file"), pk=presentation_id
    )
    if shown.file is None or not live.may_watch(request.user, shown.sitting):
        raise Http404
    if shown.file.content_type == "application/pdf":
        return HttpResponse(presentation.page_png(shown.file, shown.page), content_type="image/png")
    return ranged_response(request, shown.file, content_type=shown.file.content_type)
