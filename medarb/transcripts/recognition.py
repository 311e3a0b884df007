"""Recognising a recording: its sound extracted with ffmpeg (16 kHz mono), the engine run
outside any transaction, the segments kept with their times in the recording."""

import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medarb.core.files import open_stored
from medarb.recording.models import Recording
from medarb.transcripts import asr
from medarb.transcripts.models import Recognition, Segment


def extract_audio(source: Path, target: Path) -> None:
    command = [
        "ffmpeg",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-i",
        str(source),
        "-vn",
        "-ac",
        "1",
        "-ar",
        "16000",
        str(target),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise OSError(result.stderr.strip()[-300:] or "ffmpeg could not read the sound")


def request_recognition(*, recording: Recording) -> Recognition:
    recognition = Recognition.objects.create(recording=recording, engine="faster-whisper")
    from medarb.transcripts.tasks import recognise

    transaction.on_commit(lambda: recognise(recognition.pk))
    return recognition


def run(*, recognition_id: int) -> Recognition | None:
    recognition = Recognition.objects.select_related("recording__file").filter(pk=recognition_id).first()
    if recognition is None or recognition.state == Recognition.State.DONE:
        return recognition
    Recognition.objects.filter(pk=recognition.pk).update(state=Recognition.State.RUNNING, error="")
    stored = recognition.recording.file
    try:
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as scratch:
            source = Path(scratch) / "recording.mp4"
            with open_stored(stored) as handle, source.open("wb") as out:
                while chunk := handle.read(1024 * 1024):
                    out.write(chunk)
            audio = Path(scratch) / "audio.wav"
            extract_audio(source, audio)
            engine = asr.engine()
            began = time.monotonic()
            heard = engine.transcribe(audio)
            elapsed = time.monotonic() - began
    except (OSError, RuntimeError, ValueError) as exc:
        Recognition.objects.filter(pk=recognition.pk).update(
            state=Recognition.State.FAILED, error=str(exc)[:300]
        )
        return recognition
    duration = recognition.recording.duration_seconds or (heard[-1].end if heard else 0)
    with transaction.atomic():
        Segment.objects.filter(recognition=recognition).delete()
        Segment.objects.bulk_create(
            Segment(recognition=recognition, start=h.start, end=h.end, text=h.text) for h in heard
        )
        Recognition.objects.filter(pk=recognition.pk).update(
            state=Recognition.State.DONE,
            progress=100,
            engine=engine.name,
            real_time_factor=round(elapsed / duration, 3) if duration else None,
            finished_at=timezone.now(),
        )
    recognition.refresh_from_db()
    return recognition
