"""One MP4 of a meeting from its per-participant recordings.

Janus's videoroom writes each stream of each participant to its own `.mjr` file in the room's
rec_dir, named `videoroom-<room>-user-<participant>-<created µs>-<audio|video>-<mindex>.mjr`.
A file's header (`janus-pp-rec -e`: the JSON header with the recording's length) says when its
first packet was written (`u`, µs of the wall clock) — the files start at different moments, as
people join at different times. Each file is turned into a plain media file by `janus-pp-rec`;
ffmpeg then delays each participant by their offset from the earliest stream, lays the videos
out in a grid (a black tile for a participant heard but not seen), mixes every voice, and
writes H.264 + AAC with the index first (`+faststart`). The mix lasts from the first packet of
the meeting to the last.
"""

import hashlib
import json
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

NAME = re.compile(
    r"^videoroom-(?P<room>\d+)-user-(?P<user>\d+)-(?P<created>\d+)-(?P<kind>audio|video)-\d+\.mjr$"
)
# janus-pp-rec's target for each codec Janus records
EXTENSIONS = {"opus": "opus", "pcmu": "wav", "pcma": "wav", "g722": "wav", "vp8": "webm", "vp9": "webm"}
EXTENSIONS |= {"av1": "webm", "h264": "mkv", "h265": "mkv"}
TILE = (480, 360)  # 4:3, as cameras and Chromium's fake device send
FPS = 15
TIMEOUT_SECONDS = 600


class MixError(Exception):
    """The recordings cannot be mixed: none there, unreadable, or ffmpeg failed."""


@dataclass(frozen=True)
class Mix:
    path: Path
    sha256: str
    seconds: float
    participants: list[str]
    started_at: datetime  # the wall-clock moment of the mix's first frame (the first packet)


@dataclass(frozen=True)
class Stream:
    """One recorded stream: whose, audio or video, when its first packet came, how long."""

    path: Path
    participant: str
    kind: str
    codec: str
    first_us: int
    seconds: float


@dataclass
class Participant:
    name: str
    audio: Stream | None = None
    video: Stream | None = None
    offsets: dict[str, float] = field(default_factory=dict)


# --- reading the recordings -----------------------------------------------------------------


def read_stream(path: Path) -> Stream:
    """The header of one .mjr (janus-pp-rec -e), or MixError when it is not a recording."""
    match = NAME.match(path.name)
    if not match:
        raise MixError(f"{path.name} is not named like a videoroom recording")
    done = subprocess.run(["janus-pp-rec", "-e", str(path)], capture_output=True, text=True, timeout=60)
    try:
        header = json.loads(done.stdout)
        return Stream(
            path=path,
            participant=match["user"],
            kind=match["kind"],
            codec=header["c"],
            first_us=int(header["u"]),
            seconds=float(header["extended"]["duration"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise MixError(f"{path.name} is not a readable recording: {done.stderr.strip()[-300:]}") from exc


def participants(streams: list[Stream]) -> list[Participant]:
    """Each participant's audio and video (the first of each kind), and every stream's offset
    in seconds from the meeting's first packet; in order of arrival."""
    start = min(stream.first_us for stream in streams)
    people: dict[str, Participant] = {}
    for stream in sorted(streams, key=lambda s: (s.first_us, s.path.name)):
        person = people.setdefault(stream.participant, Participant(stream.participant))
        if getattr(person, stream.kind) is None:
            setattr(person, stream.kind, stream)
            person.offsets[stream.kind] = (stream.first_us - start) / 1_000_000
    return list(people.values())


def span_seconds(streams: list[Stream]) -> float:
    """From the first packet of the meeting to the last."""
    start = min(stream.first_us for stream in streams)
    return max((stream.first_us - start) / 1_000_000 + stream.seconds for stream in streams)


def grid(count: int) -> tuple[int, int]:
    """Columns and rows for `count` tiles: as square as may be, wider than tall."""
    columns = math.ceil(math.sqrt(count))
    return columns, math.ceil(count / columns)


def layout(count: int) -> str:
    """xstack's layout of `count` tiles of TILE size, row by row."""
    columns, _rows = grid(count)
    width, height = TILE
    return "|".join(f"{(i % columns) * width}_{(i // columns) * height}" for i in range(count))


# --- the ffmpeg graph -------------------------------------------------------------------------


def filter_graph(people: list[Participant], inputs: dict[Path, int], seconds: float) -> str:
    """The filter_complex: every tile delayed by its offset and held to the meeting's length,
    stacked into a grid; every voice delayed and mixed without lowering the others."""
    width, height = TILE
    chains, tiles, voices = [], [], []
    for index, person in enumerate(people):
        label = f"v{index}"
        if person.video:
            delay = person.offsets["video"]
            chains.append(
                f"[{inputs[person.video.path]}:v]setpts=PTS-STARTPTS,"
                f"scale={width}:{height}:force_original_aspect_ratio=decrease,"
                f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={FPS},"
                f"tpad=start_duration={delay:.3f}:stop_duration={seconds:.3f}:color=black,"
                f"trim=duration={seconds:.3f}[{label}]"
            )
        else:
            chains.append(f"color=c=black:s={width}x{height}:r={FPS}:d={seconds:.3f}[{label}]")
        tiles.append(f"[{label}]")
        if person.audio:
            delay_ms = round(person.offsets["audio"] * 1000)
            chains.append(
                f"[{inputs[person.audio.path]}:a]asetpts=PTS-STARTPTS,aresample=48000,"
                f"adelay={delay_ms}:all=1[a{index}]"
            )
            voices.append(f"[a{index}]")
    if len(tiles) == 1:
        chains.append(f"{tiles[0]}null[video]")
    else:
        chains.append(
            f"{''.join(tiles)}xstack=inputs={len(tiles)}:layout={layout(len(tiles))}:fill=black[video]"
        )
    if voices:
        mixed = "".join(voices)
        if len(voices) > 1:
            mixed += f"amix=inputs={len(voices)}:normalize=0:duration=longest,"
        chains.append(f"{mixed}apad=whole_dur={seconds:.3f},atrim=duration={seconds:.3f}[audio]")
    else:
        chains.append(f"anullsrc=r=48000:cl=mono,atrim=duration={seconds:.3f}[audio]")
    return ";".join(chains)


def ffmpeg_command(
    people: list[Participant], media: dict[Path, Path], seconds: float, target: Path
) -> list[str]:
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y"]
    inputs: dict[Path, int] = {}
    for recording, converted in media.items():
        inputs[recording] = len(inputs)
        command += ["-i", str(converted)]
    return [
        *command,
        "-filter_complex", filter_graph(people, inputs, seconds),
        "-map", "[video]", "-map", "[audio]",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k",
        "-t", f"{seconds:.3f}", "-movflags", "+faststart", str(target),
    ]  # fmt: skip


# --- the mix ---------------------------------------------------------------------------------


def convert(stream: Stream, directory: Path) -> Path:
    """The .mjr as a media file ffmpeg reads (janus-pp-rec picks the container by extension)."""
    extension = EXTENSIONS.get(stream.codec)
    if extension is None:
        raise MixError(f"{stream.path.name}: janus-pp-rec cannot convert the codec {stream.codec}")
    target = directory / f"{stream.path.stem}.{extension}"
    done = subprocess.run(
        ["janus-pp-rec", "-d", "0", str(stream.path), str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise MixError(f"janus-pp-rec could not convert {stream.path.name}: {done.stderr.strip()[-300:]}")
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mix_room(rec_dir: Path, target: Path) -> Mix:
    """Mix a room's recordings (rec_dir's .mjr files) into one MP4 at `target`."""
    recordings = sorted(Path(rec_dir).glob("*.mjr"))
    if not recordings:
        raise MixError(f"no recordings in {rec_dir}")
    streams = [read_stream(path) for path in recordings]
    streams = [stream for stream in streams if stream.seconds > 0]  # a stream that never sent
    if not streams:
        raise MixError(f"the recordings in {rec_dir} hold no media")
    people = participants(streams)
    seconds = span_seconds(streams)
    with tempfile.TemporaryDirectory(prefix="medarb-mix-") as work:
        media = {}
        for person in people:
            for stream in (person.video, person.audio):
                if stream:
                    media[stream.path] = convert(stream, Path(work))
        target.parent.mkdir(parents=True, exist_ok=True)
        command = ffmpeg_command(people, media, seconds, target)
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise MixError(f"ffmpeg could not mix {rec_dir}: {done.stderr.strip()[-500:]}")
    started_at = datetime.fromtimestamp(min(s.first_us for s in streams) / 1_000_000, tz=UTC)
    return Mix(target, sha256_of(target), round(seconds, 3), [person.name for person in people], started_at)
