"""The composite of a live sitting (合成画面): one ffmpeg per sitting lays the room's feeds out
in a grid (or one feed full screen), burns in the clock, the room and the case number, mixes
the sound, and pushes the result to the HLS application as `c<sitting id>` — for supervisors —
while writing it to a file that becomes the sitting's composite recording when the feeds end.

`manage.py run_composer` (started by `make run`) calls `tick()` every two seconds: it starts a
composite for a sitting whose feeds went live, restarts it when a feed joins or leaves, and
closes it when the last feed ends. A 2×2 720p composite costs about half a core.
"""

import logging
import signal
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.files import store_path
from medarb.hearings.models import Sitting
from medarb.recording import live
from medarb.recording.models import Broadcast, BroadcastState, Recording, RecordingKind

log = logging.getLogger(__name__)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TILE = (640, 360)  # a 2×2 grid of these is 1280×720
MIN_PIECE = timedelta(seconds=3)


def composite_name(sitting_id: int) -> str:
    return f"c{sitting_id}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'").replace("%", "\\%")


def command(*, sitting: Sitting, feeds: list[str], target: Path) -> list[str]:
    """The ffmpeg command for a composite of `feeds` (stream names) of `sitting`."""
    rtmp = f"rtmp://127.0.0.1:{settings.MEDARB_RTMP_LISTEN.rsplit(':', 1)[1]}/hls"
    inputs: list[str] = []
    for name in feeds:
        inputs += ["-thread_queue_size", "512", "-i", f"{rtmp}/{name}"]
    columns = 1 if len(feeds) == 1 else 2
    width, height = TILE
    scaled = ";".join(
        f"[{i}:v]fps=25,scale={width}:{height}:force_original_aspect_ratio=decrease,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1[v{i}]"
        for i in range(len(feeds))
    )
    if len(feeds) == 1:
        grid = "[v0]null[grid]"
    else:
        layout = "|".join(f"{(i % columns) * width}_{(i // columns) * height}" for i in range(len(feeds)))
        grid = f"{''.join(f'[v{i}]' for i in range(len(feeds)))}xstack=inputs={len(feeds)}:layout={layout}:fill=black[grid]"
    # Caption top left, clock bottom right: on a single 640-wide feed they would overlap on one line.
    caption = _escape(f"{sitting.room.name}  {sitting.case.display_number}")
    text = (
        f"[grid]drawtext=fontfile={FONT}:text='{caption}':fontsize=22:fontcolor=white:box=1:boxcolor=black@0.5:x=12:y=12,"
        f"drawtext=fontfile={FONT}:text='%{{localtime\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S}}':fontsize=22:fontcolor=white:"
        f"box=1:boxcolor=black@0.5:x=w-tw-12:y=h-th-12[out]"
    )
    audio = (
        f";{''.join(f'[{i}:a]' for i in range(len(feeds)))}amix=inputs={len(feeds)}:normalize=0[aout]"
        if len(feeds) > 1
        else ";[0:a]anull[aout]"
    )
    return [
        "ffmpeg", "-nostdin", "-loglevel", "error", *inputs,
        "-filter_complex", f"{scaled};{grid};{text}{audio}",
        "-map", "[out]", "-map", "[aout]",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-b:v", "2500k",
        "-c:a", "aac", "-b:a", "96k", "-flags", "+global_header",
        "-f", "tee",
        f"[f=flv:onfail=ignore]{rtmp}/{composite_name(sitting.pk)}|[f=mpegts]{target}",
    ]  # fmt: skip


@dataclass
class Running:
    process: subprocess.Popen
    feeds: tuple[str, ...]
    target: Path
    started_at: object = field(default_factory=timezone.now)


_running: dict[int, Running] = {}


def tick() -> None:
    """Bring the composites in line with the feeds that are live now."""
    live_now: dict[int, list[str]] = {}
    for broadcast in Broadcast.objects.filter(state=BroadcastState.LIVE).order_by("started_at", "id"):
        live_now.setdefault(broadcast.sitting_id, []).append(broadcast.stream_name)
    for sitting_id in list(_running):
        current = _running[sitting_id]
        if tuple(live_now.get(sitting_id, ())) != current.feeds or current.process.poll() is not None:
            stop(sitting_id)
    for sitting_id, feeds in live_now.items():
        if sitting_id not in _running:
            start(sitting_id, feeds)


def start(sitting_id: int, feeds: list[str]) -> None:
    sitting = Sitting.objects.select_related("room", "case").get(pk=sitting_id)
    directory = live.media_dir() / "composite"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{composite_name(sitting_id)}-{timezone.now():%Y%m%d%H%M%S}.ts"
    process = subprocess.Popen(
        command(sitting=sitting, feeds=feeds, target=target),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _running[sitting_id] = Running(process=process, feeds=tuple(feeds), target=target)
    log.info("composite of sitting %s started with %s", sitting_id, feeds)


def stop(sitting_id: int) -> Recording | None:
    """Stop a composite and keep what it wrote as the sitting's composite recording (MP4)."""
    running = _running.pop(sitting_id)
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGINT)  # ffmpeg closes its outputs cleanly
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()
    # A piece of a second or two (a feed joined right after the start) is not kept as a
    # recording of its own: each feed is recorded whole anyway.
    if not running.target.exists() or timezone.now() - running.started_at < MIN_PIECE:
        running.target.unlink(missing_ok=True)
        return None
    mp4 = running.target.with_suffix(".mp4")
    try:
        live.remux(running.target, mp4)
    except OSError:
        log.exception("composite of sitting %s could not be remuxed; the .ts file is kept", sitting_id)
        return None
    sitting = Sitting.objects.get(pk=sitting_id)
    stored = store_path(path=mp4, name=f"{composite_name(sitting_id)}.mp4", content_type="video/mp4")
    recording = Recording.objects.create(
        sitting=sitting,
        kind=RecordingKind.COMPOSITE,
        title=_("合成画面录像"),
        file=stored,
        started_at=running.started_at,
        duration_seconds=live.probe_duration(mp4),
    )
    mp4.unlink(missing_ok=True)
    running.target.unlink(missing_ok=True)
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=recording,
        case_id=sitting.case_id,
        summary=_("合成画面录像已保存（SHA-256 %(sha)s…）") % {"sha": stored.sha256[:16]},
        data={"sha256": stored.sha256, "feeds": list(running.feeds)},
    )
    return recording


def stop_all() -> None:
    for sitting_id in list(_running):
        stop(sitting_id)
