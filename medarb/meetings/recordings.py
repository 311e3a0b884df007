"""A closed meeting's recording: Janus wrote each participant's audio and video apart (.mjr);
`mixing` turns them into one MP4, stored with its SHA-256 (beside the sitting's other
recordings when the meeting had a sitting) and noted on the case."""

import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases.services import record_act
from medarb.core.files import store_path
from medarb.core.models import StoredFile
from medarb.meetings import janus, mixing
from medarb.meetings.models import Meeting, Purpose
from medarb.recording.models import Recording, RecordingKind

log = logging.getLogger(__name__)


def room_dir(meeting: Meeting) -> Path:
    return janus.recordings_dir() / str(meeting.room)


def keep_mix(*, meeting_id: int) -> StoredFile | None:
    meeting = Meeting.objects.select_related("case", "sitting", "mix").get(pk=meeting_id)
    if meeting.mix_id or meeting.is_open:
        return meeting.mix
    source = room_dir(meeting)
    if not any(source.glob("*.mjr")):
        return None  # nobody published: nothing was recorded
    with tempfile.TemporaryDirectory() as work:
        try:
            mix = mixing.mix_room(source, Path(work) / "meeting.mp4")
        except mixing.MixError as exc:
            log.error("meeting %s: mixing failed: %s", meeting.room, exc)
            Meeting.objects.filter(pk=meeting.pk).update(recording_error=str(exc)[:255])
            raise
        with transaction.atomic():
            stored = store_path(
                path=mix.path,
                name=f"{meeting.get_purpose_display()}-{meeting.room}.mp4",
                content_type="video/mp4",
            )
            recording = meeting.sitting and Recording.objects.create(
                sitting=meeting.sitting,
                kind=RecordingKind.MEETING,
                title=f"{meeting.get_purpose_display()} 视频会议录像",
                file=stored,
                started_at=mix.started_at,
                duration_seconds=mix.seconds,
            )
            Meeting.objects.filter(pk=meeting.pk).update(
                mix=stored, recording=recording or None, recording_error=""
            )
            record_act(
                case=meeting.case,
                actor=None,
                kind="meeting_recorded",
                title=gettext_lazy("%(purpose)s录像已保存（%(people)d路画面，SHA-256 %(sha)s）"),
                params={
                    "purpose": meeting.get_purpose_display(),
                    "people": len(mix.participants),
                    "sha": stored.sha256,
                },
                internal=meeting.purpose in (Purpose.JOINT_REVIEW, Purpose.GUIDANCE)
                or meeting.parent_id is not None,
                obj=meeting,
                action=AuditAction.CREATE,
                summary="meeting_recorded",
                audit_data={"sha256": stored.sha256, "room": meeting.room, "seconds": mix.seconds},
            )
    return stored
