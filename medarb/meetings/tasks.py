"""Jobs of video meetings: mixing a closed meeting's recordings into one file, and laying a
remote hearing's mix into the room's composite."""

from huey.contrib.djhuey import db_task

from medarb.meetings import composite, recordings
from medarb.meetings.models import Meeting, Purpose
from medarb.recording.models import Broadcast, RecordingKind


class CompositeNotYet(Exception):
    """The room's cameras streamed but their composite is not stored yet: try again later."""


@db_task(retries=2, retry_delay=60)
def mix_recording(meeting_id: int) -> None:
    if recordings.keep_mix(meeting_id=meeting_id) is not None:
        meeting = Meeting.objects.get(pk=meeting_id)
        if meeting.purpose == Purpose.HEARING:
            include_remote(meeting_id)


@db_task(retries=6, retry_delay=600)
def include_remote(meeting_id: int) -> None:
    """The composite is stored when the room's last feed ends, which may be after the meeting."""
    if composite.include_remote(meeting_id=meeting_id) is None:
        meeting = Meeting.objects.select_related("sitting").get(pk=meeting_id)
        streamed = Broadcast.objects.filter(sitting=meeting.sitting).exists()
        stored = meeting.sitting.recordings.filter(kind=RecordingKind.COMPOSITE).exists()
        if streamed and not stored:
            raise CompositeNotYet(f"sitting {meeting.sitting_id}")
