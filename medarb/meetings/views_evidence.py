"""The evidence on show, for the remote participants of a sitting's video meeting: the same
item the court's big screen shows, followed by server-sent events (recording.events), to
every attendee of the meeting while it is open (not in a caucus, which has no screen)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from medarb.meetings.access import attendee_of_request
from medarb.meetings.models import Attendee
from medarb.recording import events, presentation
from medarb.recording.models import Presentation
from medarb.recording.ranges import ranged_response


def _attendee(request, key) -> Attendee:
    attendee = attendee_of_request(request, key)
    meeting = attendee.meeting
    if meeting.parent_id is not None or meeting.sitting_id is None or not meeting.is_open:
        raise Http404
    return attendee


def _state(attendee: Attendee, version: int) -> dict:
    shown = presentation.current(attendee.meeting.sitting_id)
    file_url = lambda item: reverse("meetings:evidence_file", args=[attendee.key, item.pk])  # noqa: E731
    return presentation.state(shown, version=version, file_url=file_url)


@require_GET
def evidence_events(request, key):
    attendee = _attendee(request, key)
    return events.stream(
        request, attendee.meeting.sitting_id, state=lambda version: _state(attendee, version)
    )


@require_GET
def evidence_state(request, key):
    attendee = _attendee(request, key)
    return JsonResponse(_state(attendee, presentation.version(attendee.meeting.sitting_id)))


@require_GET
def evidence_file(request, key, presentation_id: int):
    attendee = _attendee(request, key)
    shown = get_object_or_404(
        Presentation.objects.select_related("file"),
        pk=presentation_id,
        sitting_id=attendee.meeting.sitting_id,
    )
    if shown.file is None:
        raise Http404
    if shown.file.content_type == "application/pdf":
        return HttpResponse(presentation.page_png(shown.file, shown.page), content_type="image/png")
    return ranged_response(request, shown.file, content_type=shown.file.content_type)
