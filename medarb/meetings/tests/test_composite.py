"""A remote hearing's mix laid into the room's composite: the picture appears in the corner
from the moment the meeting's recording began, the sound is mixed, the length is the
composite's, and it is made once."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image, ImageChops, ImageStat

from medarb.core.files import store_path
from medarb.meetings import composite
from medarb.meetings.models import Meeting, Purpose
from medarb.meetings.tests.conftest import sitting_now
from medarb.recording.models import Recording, RecordingKind
from medarb.testing import register

pytestmark = pytest.mark.django_db


def clip(path: Path, *, seconds: int, pattern: str, tone: int) -> Path:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"{pattern}size=640x360:rate=15:duration={seconds}",
         "-f", "lavfi", "-i", f"sine=frequency={tone}:duration={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    return path


def frame(path: Path, at: float, out: Path) -> Image.Image:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-ss", str(at), "-i", str(path), "-frames:v", "1", str(out)],
        check=True, timeout=60,
    )  # fmt: skip
    return Image.open(out).convert("RGB")


def corner_difference(a: Image.Image, b: Image.Image) -> float:
    box = (a.width * 2 // 3, a.height * 2 // 3, a.width - 20, a.height - 20)
    return sum(ImageStat.Stat(ImageChops.difference(a.crop(box), b.crop(box))).mean)


@pytest.fixture
def hearing(cast, tmp_path):
    case = register(actor=cast.filing_officer, unit=cast.district)
    sitting = sitting_now(case, kind="hearing", clerk=cast.clerk, members=[cast.arbitrator], by=cast.clerk)
    start = timezone.now().replace(microsecond=0)
    room = store_path(path=clip(tmp_path / "room.mp4", seconds=20, pattern="testsrc=", tone=440),
                      name="room.mp4", content_type="video/mp4")  # fmt: skip
    remote = store_path(path=clip(tmp_path / "remote.mp4", seconds=10, pattern="color=c=red:", tone=880),
                        name="remote.mp4", content_type="video/mp4")  # fmt: skip

    def make(offset: int) -> Meeting:
        composite_rec = Recording.objects.create(
            sitting=sitting, kind=RecordingKind.COMPOSITE, title="合成画面录像", file=room,
            started_at=start, duration_seconds=20,
        )  # fmt: skip
        mix = Recording.objects.create(
            sitting=sitting, kind=RecordingKind.MEETING, title="远程开庭 视频会议录像", file=remote,
            started_at=start + timedelta(seconds=offset), duration_seconds=10,
        )  # fmt: skip
        return Meeting.objects.create(
            case=case, sitting=sitting, purpose=Purpose.HEARING, room=1000 + offset + 100, opened_by=cast.arbitrator,
            opened_at=start, closed_at=start + timedelta(seconds=20), recording=mix,
        ), composite_rec  # fmt: skip

    return make


def test_the_remote_picture_appears_in_the_corner_when_the_meeting_began(hearing, tmp_path):
    meeting, room = hearing(5)
    made = composite.include_remote(meeting_id=meeting.pk)
    assert made.kind == RecordingKind.COMPOSITE_WITH_REMOTE and len(made.file.sha256) == 64
    out = composite.local_path(made)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type:format=duration", "-of", "csv=p=0", str(out)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert {"video", "audio"} <= set(probe)
    assert abs(float(probe[-1]) - 20) < 0.6
    source = composite.local_path(room)
    before = corner_difference(frame(out, 2, tmp_path / "o2.png"), frame(source, 2, tmp_path / "s2.png"))
    during = corner_difference(frame(out, 9, tmp_path / "o9.png"), frame(source, 9, tmp_path / "s9.png"))
    assert before < 10 < during  # only the room before 5 s; the red remote picture from then on
    assert composite.include_remote(meeting_id=meeting.pk) == made  # once


def test_a_meeting_recorded_before_the_cameras_is_cut_to_the_composite(hearing):
    meeting, _room = hearing(-4)
    made = composite.include_remote(meeting_id=meeting.pk)
    assert made.started_at == _room.started_at


def test_no_composite_or_not_a_hearing_makes_nothing(hearing):
    meeting, room = hearing(5)
    Meeting.objects.filter(pk=meeting.pk).update(purpose=Purpose.MEDIATION)
    assert composite.include_remote(meeting_id=meeting.pk) is None
    Meeting.objects.filter(pk=meeting.pk).update(purpose=Purpose.HEARING)
    room.delete()
    assert composite.include_remote(meeting_id=meeting.pk) is None
