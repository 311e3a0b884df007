"""Speech recognition on real Mandarin speech (short clips shipped with their texts; how they
were made is in speech/clips.json): the character error rate stays under a threshold, and a
recording's recognition lands as timed segments."""

import json
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from medarb.core.files import store_path
from medarb.transcripts import asr, recognition
from medarb.transcripts.models import Recognition

SPEECH = Path(__file__).parent / "speech"
CLIPS = json.loads((SPEECH / "clips.json").read_text())["clips"]
# whisper-base on these synthesised clips: about 0.15 on average; numbers read out (一万二千)
# come back as digits, which counts against it.
MEAN_CER_LIMIT = 0.25


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from django.conf import settings

    settings.DATA_DIR = tmp_path_factory.mktemp("asr-data")
    asr.engine.cache_clear()
    yield asr.engine()
    asr.engine.cache_clear()


class TestCharacterErrorRate:
    def test_identical_text_is_zero_and_punctuation_does_not_count(self):
        assert asr.character_error_rate("现在开庭。", "现在开庭") == 0

    def test_one_wrong_character_in_four(self):
        assert asr.character_error_rate("仲裁开庭", "仲裁开廷") == 0.25

    def test_missing_and_extra_characters_count(self):
        assert asr.character_error_rate("申请人", "") == 1
        assert asr.character_error_rate("申请人", "申请人们") == pytest.approx(1 / 3)


def test_mandarin_hearing_speech_is_recognised_under_the_error_limit(engine):
    rates = {}
    for name, text in CLIPS.items():
        heard = engine.transcribe(SPEECH / name)
        rates[name] = asr.character_error_rate(text, "".join(h.text for h in heard))
    mean = sum(rates.values()) / len(rates)
    assert mean <= MEAN_CER_LIMIT, rates
    assert all(rate <= 0.5 for rate in rates.values()), rates


def test_the_answer_is_in_simplified_characters():
    assert asr.simplified("現在進行舉證質證") == "现在进行举证质证"


@pytest.mark.django_db
def test_a_recording_is_recognised_into_timed_segments(engine, cast, tmp_path, settings):
    from datetime import timedelta

    from medarb.hearings.models import Sitting, SittingKind
    from medarb.orgs.models import Room, RoomKind
    from medarb.recording.models import Recording
    from medarb.testing import register

    settings.MEDIA_ROOT = tmp_path / "files"
    video = tmp_path / "hearing.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10",
         "-i", str(SPEECH / "clip3.ogg"), "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
         "-c:a", "aac", str(video)],
        check=True,
    )  # fmt: skip
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=register(actor=cast.filing_officer, unit=cast.district), kind=SittingKind.HEARING, room=room,
        starts_at=now, ends_at=now + timedelta(hours=1), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    stored = store_path(path=video, name="hearing.mp4", content_type="video/mp4")
    recording = Recording.objects.create(
        sitting=sitting, title="录像", file=stored, started_at=now, duration_seconds=3.5
    )
    run = Recognition.objects.create(recording=recording, engine="faster-whisper")

    done = recognition.run(recognition_id=run.pk)

    assert done.state == "done" and done.real_time_factor > 0
    segments = list(done.segments.all())
    assert segments and segments[0].start >= 0 and segments[-1].end <= 4.5
    text = "".join(s.text for s in segments)
    assert asr.character_error_rate(CLIPS["clip3.ogg"], text) <= 0.5
