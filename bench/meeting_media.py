"""Video meeting media (视频会议): a 1:n meeting of fake participants through Janus.

    .venv/bin/python bench/meeting_media.py [--pages 6] [--seconds 20]

Janus and headless Chromium run in a network namespace of the bench's own (as in
medarb/meetings/tests/test_media.py: Janus never uses loopback for media), one browser context
a participant, each publishing Chromium's fake camera (640×480) and microphone and watching
everyone else through room.js. Reported:

- join: from `Janus.init` to the videoroom's `joined` on each page (room.js's `joinedMs`);
- Janus's CPU while everyone is in the room, from /proc/<pid>/stat (utime + stime) over
  `--seconds`, as % of one core;
- bytes sent and received per page over the whole meeting (getStats, audio and video);
- the mix: the room's recordings into one MP4 (`mixing.mix_room`), its time and real-time factor.

Needs root (`ip netns`), janus and /usr/bin/chromium. The browsers share the machine's two
cores with Janus: the load is printed with the figures.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, load_average, report

sys.path.insert(0, str(ROOT))

from medarb.meetings import netns
from medarb.meetings.mixing import mix_room

HARNESS = ROOT / "medarb/meetings/tests/harness/meeting.py"
ADMIN_KEY = "bench-admin-key"
ROOM = 8001


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=20)
    return parser.parse_args()


def meeting(space: netns.Namespace, janus: netns.JanusProcess, args, rec_dir: Path) -> tuple[dict, float]:
    """Run the meeting; returns the driver's report and Janus's CPU (% of a core) while all were in."""
    spec = {
        "janus": janus.url,
        "admin_key": ADMIN_KEY,
        "room": ROOM,
        "rec_dir": str(rec_dir),
        "seconds": args.seconds,
        "join_timeout": 90,
        "pages": [
            {"token": f"bench-{i}", "display": f"参与人{i + 1}", "publish": "audio,video"}
            for i in range(args.pages)
        ],
        "destroy": True,
    }
    driver = subprocess.Popen(
        space.command([sys.executable, str(HARNESS)]),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    driver.stdin.write(json.dumps(spec))
    driver.stdin.close()
    samples = {}
    for line in driver.stderr:  # the driver says when all have joined and when it measures
        if "joined" in line or line.startswith("measuring"):
            samples[line.split()[0]] = (time.monotonic(), janus.cpu_seconds())
    output = driver.stdout.read()
    if driver.wait() != 0 or len(samples) != 2:
        raise SystemExit(f"the meeting failed: {output[-2000:]}")
    (wall0, cpu0), (wall1, cpu1) = samples["all"], samples["measuring"]
    return json.loads(output), 100 * (cpu1 - cpu0) / (wall1 - wall0)


def main() -> None:
    args = arguments()
    reason = netns.unavailable()
    if reason:
        raise SystemExit(f"cannot run: {reason}")
    directory = Path(tempfile.mkdtemp(prefix="medarb-bench-meeting-"))
    rec_dir = directory / "rec" / str(ROOM)
    with (
        netns.namespace("medarb-bench") as space,
        netns.run_janus(space, directory, port=8090, admin_key=ADMIN_KEY) as janus,
    ):
        result, janus_cpu = meeting(space, janus, args, rec_dir)
    pages = result["pages"]
    print(f"{len(pages)} participants, {args.seconds:g} s with everyone in, load {load_average()}")
    print(f"{'page':>4} {'join ms':>8} {'sent kB':>9} {'recv kB':>9} {'recv kbit/s':>12} {'tiles':>5}")
    for index, page in enumerate(pages):
        stats = page["stats"]
        # the counters run from the page's connection to the measurement
        connected = min(e["at"] for e in result["presence"] if e["page"] == index and e["body"].get("state"))
        rate = 8 * stats["received"] / 1000 / (result["measured_at"] - connected)
        print(
            f"{index + 1:>4} {page['joinedMs']:>8.0f} {stats['sent'] / 1000:>9.0f} "
            f"{stats['received'] / 1000:>9.0f} {rate:>12.0f} {len(page['tiles']):>5}"
        )
    report("meeting_media join", [page["joinedMs"] for page in pages])
    print(
        f"BENCH meeting_media janus_cpu={janus_cpu:.1f}% of one core over {args.seconds:g}s, {len(pages)} pages"
    )
    received = sorted(page["stats"]["received"] for page in pages)
    print(f"BENCH meeting_media received_min={received[0] / 1000:.0f}kB per page over the meeting")
    started = time.monotonic()
    mix = mix_room(rec_dir, directory / "mix.mp4")
    took = time.monotonic() - started
    print(
        f"BENCH meeting_media mix={took:.1f}s for {mix.seconds:.1f}s of {len(mix.participants)} participants "
        f"(real-time factor {took / mix.seconds:.2f}) {mix.path.stat().st_size / 1e6:.1f}MB"
    )


if __name__ == "__main__":
    main()
