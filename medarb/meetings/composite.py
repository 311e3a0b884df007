"""A hearing's composite with its remote participants (合成画面（含远程参加人）).

The room's composite (recording.composer) holds the cameras of the hearing room; a party or a
witness who joined by video is in the meeting's mix. When a hearing has both, the mix is laid
into the composite as a picture in the lower right corner from the moment it began (the two
clocks are the server's), and its sound mixed with the room's: one recording of the whole
hearing, kept beside the others with its SHA-256. The live composite the supervisors watch
does not include them (the composer reads the room's RTMP feeds only).
"""

import json
import logging
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases.services import record_act
from medarb.core.files import store_path
from medarb.meetings.models import Meeting, Purpose
from medarb.recording.models import Recording, RecordingKind

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3600


class CompositeError(Exception):
    pass


def local_path(recording: Recording) -> Path:
    return Path(default_storage.path(recording.file.storage_name))


def has_audio(path: Path) -> bool:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=index", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return bool(probe.returncode == 0 and json.loads(probe.stdout or "{}").get("streams"))


def command(*, composite: Path, mix: Path, offset: float, target: Path, room_sound: bool) -> list[str]:
    """ffmpeg: the mix, a third of the width, in the lower right corner from `offset` seconds
    (a mix that began before the composite is cut to it), sound mixed; as long as the composite."""
    cut = ["-ss", f"{-offset:.3f}"] if offset < 0 else []
    delay = max(offset, 0.0)
    ms = int(delay * 1000)
    video = (
        f"[1:v]scale=iw/3:-2,setpts=PTS-STARTPTS+{delay:.3f}/TB[pip];"
        "[0:v][pip]overlay=W-w-16:H-h-16:eof_action=pass[v]"
    )
    sound = f"[1:a]adelay={ms}:all=1[remote];"
    sound += "[0:a][remote]amix=inputs=2:duration=first:normalize=0[a]" if room_sound else "[remote]anull[a]"
    return [
        "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(composite), *cut, "-i", str(mix),
        "-filter_complex", f"{video};{sound}", "-map", "[v]", "-map", "[a]", "-t", _length(composite),
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-b:a", "128k",
        "-movflags", "+faststart", str(target),
    ]  # fmt: skip


def _length(path: Path) -> str:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(probe.stdout)["format"]["duration"]


def _overlapping_composite(meeting: Meeting, mix: Recording) -> Recording | None:
    mix_ends = mix.started_at + timedelta(seconds=mix.duration_seconds)
    composites = Recording.objects.filter(
        sitting=meeting.sitting, kind=RecordingKind.COMPOSITE, started_at__lt=mix_ends
    ).select_related("file")
    return next(
        (
            c
            for c in composites.order_by("-started_at")
            if c.started_at + timedelta(seconds=c.duration_seconds) > mix.started_at
        ),
        None,
    )


def include_remote(*, meeting_id: int) -> Recording | None:
    """The hearing's composite with the meeting's remote participants, made once."""
    meeting = Meeting.objects.select_related("sitting", "case", "recording__file").get(pk=meeting_id)
    mix = meeting.recording
    if meeting.purpose != Purpose.HEARING or mix is None:
        return None
    composite = _overlapping_composite(meeting, mix)
    if composite is None:
        return None
    done = Recording.objects.filter(
        sitting=meeting.sitting, kind=RecordingKind.COMPOSITE_WITH_REMOTE, started_at=composite.started_at
    ).first()
    if done is not None:
        return done
    offset = (mix.started_at - composite.started_at).total_seconds()
    source = local_path(composite)
    with tempfile.TemporaryDirectory(prefix="medarb-composite-") as work:
        target = Path(work) / "composite-remote.mp4"
        run = command(
            composite=source, mix=local_path(mix), offset=offset, target=target, room_sound=has_audio(source)
        )
        done = subprocess.run(run, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        if done.returncode != 0 or not target.exists():
            raise CompositeError(f"ffmpeg: {done.stderr.strip()[-500:]}")
        with transaction.atomic():
            stored = store_path(
                path=target, name=f"composite-remote-{meeting.sitting_id}.mp4", content_type="video/mp4"
            )
            recording = Recording.objects.create(
                sitting=meeting.sitting,
                kind=RecordingKind.COMPOSITE_WITH_REMOTE,
                title="合成画面录像（含远程参加人）",
                file=stored,
                started_at=composite.started_at,
                duration_seconds=composite.duration_seconds,
            )
            record_act(
                case=meeting.case,
                actor=None,
                kind="composite_with_remote",
                title=gettext_lazy("合成画面录像（含远程参加人）已保存（SHA-256 %(sha)s）"),
                params={"sha": stored.sha256},
                internal=True,
                obj=recording,
                action=AuditAction.CREATE,
                summary="composite_with_remote",
                audit_data={"sha256": stored.sha256, "composite": composite.pk, "meeting": meeting.pk},
            )
    return recording
