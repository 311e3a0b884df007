"""100 waiting-room displays polling one room's queue while a counter calls a ticket every
few seconds, against the real server (gunicorn on loopback).

    .venv/bin/python bench/queue_display.py [--displays 100] [--seconds 60] [--poll 2]

Each display is a thread that does what `static/js/appointments.js` does: GET the queue with
the ETag of what it shows every `--poll` seconds (304 while unchanged). Meanwhile the bench
takes a walk-in ticket and calls it every `--change` seconds through the services, as the
kiosk and the counter do. Printed: response times of the polls, the share of 304s, requests
a second, the server's CPU time, and how long after a call the displays showed it.

Also measured in this process with Django's test client: database queries per poll, for
unchanged polls (the figure the old event stream paid every second per display).
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _harness import ROOT, bench_database, load_average, report


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", 200)))
    parser.add_argument("--data-dir", default=os.environ.get("BENCH_DATA_DIR", "/tmp/medarb-bench-queue"))
    parser.add_argument("--rebuild", action="store_true", default=os.environ.get("BENCH_REBUILD") == "1")
    parser.add_argument("--displays", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between two polls of a display")
    parser.add_argument("--change", type=float, default=5.0, help="seconds between two calls")
    parser.add_argument("--port", type=int, default=8152)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args()


def prepare():
    """A service point of the district and a member of staff who may call at it."""
    from medarb.appointments.models import ServicePoint
    from medarb.orgs.models import Membership, Role, Unit, UnitKind

    district = Unit.objects.filter(kind=UnitKind.COMMISSION).order_by("id").first()
    point, _ = ServicePoint.objects.get_or_create(
        unit=district, name="压测叫号窗口", defaults={"kind": "filing_window", "morning": "00:00-23:59"}
    )
    member = Membership.objects.filter(unit=district, role=Role.FILING_OFFICER).select_related("user").first()
    return point, member.user


def cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn master and its workers."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master or ppid == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


class Display(threading.Thread):
    def __init__(self, url: str, poll: float, stop_at: float, start_after: float):
        super().__init__(daemon=True)
        import requests

        self.session = requests.Session()
        self.url, self.poll, self.stop_at, self.start_after = url, poll, stop_at, start_after
        self.times: list[float] = []
        self.codes: dict[int, int] = {}
        self.seen: dict[str, float] = {}  # version -> when this display first showed it
        self.etag = ""

    def run(self):
        time.sleep(self.start_after)  # spread the displays over one poll interval
        while time.time() < self.stop_at:
            started = time.perf_counter()
            try:
                response = self.session.get(
                    self.url, headers={"If-None-Match": self.etag} if self.etag else {}, timeout=30
                )
                code = response.status_code
                if code == 200:
                    self.etag = response.headers["ETag"]
                    self.seen.setdefault(str(response.json()["version"]), time.time())
            except Exception:
                code = 0
            self.times.append((time.perf_counter() - started) * 1000)
            self.codes[code] = self.codes.get(code, 0) + 1
            time.sleep(self.poll)


def queries_per_poll(point, displays: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from medarb.appointments.selectors import forget_queue_version

    client = Client()
    url = f"/appointments/{point.pk}/queue/"
    etag = client.get(url)["ETag"]
    forget_queue_version()
    with CaptureQueriesContext(connection) as first:
        client.get(url, headers={"If-None-Match": etag})
    with CaptureQueriesContext(connection) as rest:
        for _ in range(displays - 1):
            client.get(url, headers={"If-None-Match": etag})
    print(
        f"BENCH queue_display.queries unchanged_first={len(first)} "
        f"unchanged_next_{displays - 1}_within_a_second={len(rest)} "
        f"(the event stream: 1 per display per second)"
    )


def main() -> None:
    args = arguments()
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from medarb.appointments import services

    point, officer = prepare()

    def walk_in():
        from django.utils import timezone

        from medarb.appointments.models import Ticket

        today = timezone.localdate()
        last = Ticket.objects.filter(point=point, day=today).order_by("-seq").first()
        Ticket.objects.create(
            point=point, day=today, seq=(last.seq if last else 0) + 1, issued_at=timezone.now()
        )

    queries_per_poll(point, args.displays)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--keep-alive",
            str(int(args.poll) + 3),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ, ALLOWED_HOSTS="127.0.0.1,localhost"),
        start_new_session=True,
    )
    try:
        import requests

        url = f"{base}/appointments/{point.pk}/queue/"
        for _ in range(100):
            try:
                requests.get(url, timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        print(
            f"load: {load_average()}; {args.displays} displays polling every {args.poll:g} s for "
            f"{args.seconds} s against gunicorn {args.workers} workers x {args.threads} threads"
        )
        stop_at = time.time() + args.seconds
        displays = [
            Display(url, args.poll, stop_at, n * args.poll / args.displays) for n in range(args.displays)
        ]
        cpu_before = cpu_seconds(server.pid)
        for display in displays:
            display.start()
        calls: dict[str, float] = {}
        time.sleep(args.poll * 2)
        while time.time() < stop_at - args.poll * 3:
            walk_in()  # the kiosk refuses on a rest day; the bench may run on one
            services.call_next(point=point, actor=officer, counter="1号窗口")
            point.refresh_from_db()
            calls[str(point.queue_version)] = time.time()
            time.sleep(args.change)
        for display in displays:
            display.join()
        cpu = cpu_seconds(server.pid) - cpu_before
        times = [t for d in displays for t in d.times]
        codes: dict[int, int] = {}
        for display in displays:
            for code, n in display.codes.items():
                codes[code] = codes.get(code, 0) + n
        report(f"queue_display.poll_{args.displays}_displays", times)
        lags = [d.seen[v] - at for v, at in calls.items() for d in displays if v in d.seen]
        missed = sum(1 for v in calls for d in displays if v not in d.seen)
        print(
            f"BENCH queue_display.summary requests={len(times)} rps={len(times) / args.seconds:.1f} "
            f"not_modified={codes.get(304, 0) / max(len(times), 1):.0%} ok={codes.get(200, 0)} "
            f"errors={sum(n for c, n in codes.items() if c not in (200, 304))} "
            f"server_cpu={cpu:.1f}s_of_{args.seconds}s ({cpu / args.seconds:.0%} of one core) "
            f"threads_held_between_polls=0"
        )
        if lags:
            print(
                f"BENCH queue_display.freshness calls={len(calls)} shown_after_median={statistics.median(lags):.1f}s "
                f"max={max(lags):.1f}s missed={missed} (a display that skipped a version saw a later one)"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
