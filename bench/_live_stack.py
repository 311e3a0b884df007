"""The live stack of bench/recording.py: the app under gunicorn and nginx-rtmp on free ports,
an ffmpeg camera whose frames are timed, a probe of the live playlist's edge, and viewers."""

import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from _harness import ROOT, report

FPS = 25
CLIP_SECONDS = 60
SPEECH = ROOT / "medarb" / "transcripts" / "tests" / "speech"
TICK = os.sysconf("SC_CLK_TCK")
# nginx-rtmp writes MPEG-TS timestamps 700 ms ahead of the RTMP ones (NGX_RTMP_HLS_DELAY,
# "700 ms PCR delay", ngx_rtmp_mpegts.c).
HLS_PTS_DELAY = 0.7
REPEATS = 3
SKIP_SECONDS = 3.0  # the first segments carry the start of the ingest and its relay


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verdict(met: object) -> str:
    return "OK" if met else "OVER"


def use_setting(name: str, value) -> None:
    """For this process and for the servers it starts (gunicorn, nginx via run_media)."""
    from django.conf import settings

    setattr(settings, name, value)
    os.environ[name] = str(value)


def wait_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


class Stack:
    """gunicorn (the app, as `make run` serves it) and nginx-rtmp (`manage.py run_media`)."""

    def __init__(self, data_dir: Path):
        from medarb.documents.testing import free_port

        self.web, rtmp, http = free_port(), free_port(), free_port()
        media = data_dir / "media"
        for old in ("hls", "rec"):
            shutil.rmtree(media / old, ignore_errors=True)
        use_setting("MEDARB_MEDIA_DIR", media)
        use_setting("MEDARB_RTMP_LISTEN", f"127.0.0.1:{rtmp}")
        use_setting("MEDARB_LIVE_LISTEN", f"127.0.0.1:{http}")
        use_setting("MEDARB_LIVE_BASE_URL", f"http://127.0.0.1:{http}")
        use_setting("MEDARB_MEDIA_CALLBACK_URL", f"http://127.0.0.1:{self.web}")
        use_setting("MEDARB_MEDIA_MIN_FREE_BYTES", 1)
        self.rtmp, self.http, self.media = (
            f"rtmp://127.0.0.1:{rtmp}/ingest",
            f"http://127.0.0.1:{http}",
            media,
        )
        self.access_log = data_dir / "gunicorn-access.log"
        self.access_log.unlink(missing_ok=True)
        self.gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{self.web}",
             "--workers", os.environ.get("MEDARB_WEB_WORKERS", "3"), "--threads", "4",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(U)s %(s)s %(D)s",
             "--log-level", "warning"],
            cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        self.nginx = subprocess.Popen(
            [sys.executable, "manage.py", "run_media"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_port(self.web, 30)
        wait_port(rtmp)
        wait_port(http)

    def stop(self) -> None:
        for process in (self.nginx, self.gunicorn):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.nginx, self.gunicorn):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def hook_times(self, start: int, end: int) -> list[float]:
        """The media-auth hook's own times (ms) in gunicorn's access log between two offsets."""
        with self.access_log.open("rb") as log:
            log.seek(start)
            lines = log.read(end - start).decode().splitlines()
        return [int(line.split()[2]) / 1000 for line in lines if "/hooks/media-auth/" in line]

    def app_cpu(self) -> float:
        """CPU seconds used so far by gunicorn's master and workers."""
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            if stat.parent.name == str(self.gunicorn.pid) or fields[1] == str(self.gunicorn.pid):
                total += (int(fields[11]) + int(fields[12])) / TICK
        return total

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0


class Camera:
    """An ffmpeg camera pushing in real time (`-re`): testsrc2 720p with the wall clock burned
    in, encoded as a camera does, or an encoded clip sent as it is (`clip`, `-c copy`). Its
    progress lines (frames sent by a wall time) tie frame k to the moment it was captured:
    origin + k / 25, origin being the smallest `time read − (frames − 1) / 25` seen."""

    def __init__(self, url: str, seconds: float, *, clip: Path | None = None):
        from medarb.recording.composer import FONT

        if clip is None:
            clock = f"drawtext=fontfile={FONT}:text='%{{localtime}}':fontsize=40:x=20:y=640:fontcolor=white"
            caption = f"drawtext=fontfile={FONT}:text='压测数字仲裁庭 推流时钟':fontsize=28:x=20:y=20:fontcolor=white"
            source = [
                "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate={FPS}",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", str(seconds),
                "-vf", f"{clock}:box=1:boxcolor=black@0.6,{caption}",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", str(FPS),
                "-b:v", "2500k", "-c:a", "aac", "-b:a", "96k",
            ]  # fmt: skip
        else:
            source = ["-stream_loop", "-1", "-i", str(clip), "-t", str(seconds), "-c", "copy"]
        self.process = subprocess.Popen(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", *source,
             "-progress", "pipe:1", "-stats_period", "0.04", "-f", "flv", url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.origin = math.inf
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith("frame="):
                frames = int(line.split("=", 1)[1])
                if frames > 0:
                    self.origin = min(self.origin, time.time() - (frames - 1) / FPS)

    def captured(self, frame: int) -> float:
        return self.origin + frame / FPS


class EdgeProbe(threading.Thread):
    """Polls the live playlist through nginx (so through auth_request) every 50 ms and notes
    when each segment is first listed, its duration, and its first video frame's timestamp."""

    def __init__(self, http: str, token: str, stream: str):
        super().__init__(daemon=True)
        import requests

        self.session, self.base, self.stream = requests.Session(), f"{http}/live/{token}", stream
        self.segments: dict[str, dict] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                playlist = self.session.get(f"{self.base}/{self.stream}.m3u8", timeout=5)
            except Exception:  # not there yet
                playlist = None
            listed = time.time()
            if playlist is not None and playlist.ok:
                duration = None
                for line in playlist.text.splitlines():
                    if line.startswith("#EXTINF:"):
                        duration = float(line[8:].split(",")[0])
                    elif line.endswith(".ts") and line not in self.segments:
                        self.segments[line] = {
                            "listed": listed, "duration": duration, "pts": self._first_pts(line),
                        }  # fmt: skip
            time.sleep(0.05)

    def _first_pts(self, segment: str) -> float | None:
        body = self.session.get(f"{self.base}/{segment}", timeout=5).content
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
             "-read_intervals", "%+#1", "-of", "csv=p=0", "-"],
            input=body, capture_output=True, check=False,
        )  # fmt: skip
        try:
            return float(probe.stdout.decode().split()[0].strip(","))
        except (IndexError, ValueError):
            return None


class Viewer(threading.Thread):
    """One watcher like hls.js: playlist, then the segments it has not fetched (starting one
    segment behind the edge), then again after a segment's duration, or half of it. Beside
    each playlist it asks nginx for a URL it refuses by itself (404, no auth_request): the
    time of that one is this client's and nginx's share of every request."""

    def __init__(self, http: str, token: str, stream: str, stop_at: float, results: dict):
        super().__init__(daemon=True)
        import requests

        self.session, self.http, self.stream = requests.Session(), http, stream
        self.base = f"{http}/live/{token}"
        self.stop_at, self.results, self.fetched = stop_at, results, set()

    def get(self, kind: str, path: str, *, expect: int = 200) -> str | None:
        started = time.perf_counter()
        try:
            response = self.session.get(f"{self.base}/{path}" if expect == 200 else path, timeout=10)
            ok, what = response.status_code == expect, str(response.status_code)
        except Exception as exc:  # a refused or timed-out request is an error to count
            response, ok, what = None, False, type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with LOCK:
            self.results.setdefault(kind, []).append(elapsed)
            if not ok:
                ERRORS[f"{kind} {what}"] = ERRORS.get(f"{kind} {what}", 0) + 1
        return response.text if ok and kind == "playlist" else None

    def run(self) -> None:
        while time.time() < self.stop_at:
            playlist = self.get("playlist", f"{self.stream}.m3u8") or ""
            self.get("nginx_only", f"{self.http}/not-media", expect=404)
            segments = [line for line in playlist.splitlines() if line.endswith(".ts")]
            new = [s for s in segments[-2:] if s not in self.fetched]
            for segment in new:
                self.get("segment", segment)
                self.fetched.add(segment)
            time.sleep(1.0 if new else 0.5)


LOCK = threading.Lock()
ERRORS: dict[str, int] = {}


def wait_for(check, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    return None


def go_live(stack: Stack, device, camera_for, since) -> tuple["Camera", object]:
    """Start a camera for `device` and wait until the app has accepted its push."""
    from medarb.recording.models import Broadcast, BroadcastState

    camera = camera_for()
    broadcast = wait_for(
        lambda: Broadcast.objects.filter(
            device=device, state=BroadcastState.LIVE, started_at__gte=since
        ).first()
    )
    if broadcast is None:
        camera.process.kill()
        raise SystemExit(f"the push was refused: {camera.process.stderr.read()[-500:]}")
    return camera, broadcast


def glass_to_glass(camera: Camera, probe: EdgeProbe, name: str) -> None:
    """From the capture of a segment's first frame to the moment the segment is listed, plus
    one segment that the player stays behind the live edge: a conservative glass to glass."""
    rows, closing = [], []
    for segment in probe.segments.values():
        if segment["pts"] is None or segment["duration"] is None:
            continue
        media = segment["pts"] - HLS_PTS_DELAY
        if media < SKIP_SECONDS:
            continue
        first = math.floor(media * FPS + 1e-6)  # video pts are k/25 + the AAC priming (< 1 frame)
        captured = camera.captured(first)
        rows.append((segment["listed"] - captured + segment["duration"]) * 1000)
        # The keyframe that closes the segment was captured `duration` after its first frame.
        closing.append((segment["listed"] - captured - segment["duration"]) * 1000)
    durations = [s["duration"] for s in probe.segments.values() if s["duration"]]
    earliest = min((s["pts"] for s in probe.segments.values() if s["pts"] is not None), default=math.nan)
    print(
        f"{name}: {len(probe.segments)} segments of {statistics_text(durations)} s; "
        f"earliest video pts {earliest:.3f} s (nginx-rtmp adds {HLS_PTS_DELAY} s)"
    )
    if not rows or camera.origin == math.inf:
        print(f"BENCH recording.{name} no measurement")
        return
    report(f"recording.{name}_listed_after_segment_end", closing)
    result = report(f"recording.{name}", rows)
    print(
        f"BENCH recording.{name}.summary p95={result['p95']:.0f}ms max={max(rows):.0f}ms "
        f"target<=3000ms {verdict(result['p95'] <= 3000)}"
    )


def statistics_text(values: list[float]) -> str:
    if not values:
        return "none"
    return f"{min(values):.2f}–{max(values):.2f} (median {quantile(values, 0.5):.2f})"
