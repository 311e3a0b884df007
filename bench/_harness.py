"""Shared set-up for benchmarks: a throw-away database with the demo district and many cases.

A benchmark script does:

    from _harness import bench_database, measure, report
    bench_database(count=100_000)          # configures Django, builds or reuses the database
    ... Client(), force_login, measure(lambda: client.get(url)) ...

Results are printed as `BENCH <name> median=… p95=… cpu=… n=…` lines; `scripts/bench.sh` collects
them into its summary. Timings are measured here, never asserted in tests.
"""

import argparse
import base64
import hashlib
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = "/tmp/medarb-bench"


def arguments(description: str, *, default_count: int = 100_000) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", default_count)))
    parser.add_argument("--data-dir", default=os.environ.get("BENCH_DATA_DIR", DEFAULT_DATA_DIR))
    parser.add_argument(
        "-n", type=int, default=int(os.environ.get("BENCH_N", 50)), help="requests per measurement"
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        default=os.environ.get("BENCH_REBUILD") == "1",
        help="always rebuild the data",
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans of the measured pages")
    return parser.parse_args()


def configure(data_dir: str) -> None:
    """Point Django at the bench data directory with fixed bench keys, then set it up."""
    sys.path.insert(0, str(ROOT))
    digest = hashlib.sha256(b"medarb-bench-field-key").digest()
    os.environ["MEDARB_DATA_DIR"] = data_dir
    os.environ["SECRET_KEY"] = "bench-" + hashlib.sha256(b"medarb-bench-secret").hexdigest()
    os.environ["MEDARB_FIELD_KEYS"] = base64.urlsafe_b64encode(digest).decode()
    os.environ["MEDARB_AUDIT_KEYS"] = hashlib.sha256(b"medarb-bench-audit-key").hexdigest()
    os.environ.setdefault("MEDARB_AUDIT_ANCHOR_DIR", f"{data_dir}/audit-anchors")
    os.environ["DEBUG"] = "0"  # query logging would distort the figures
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["MEDARB_AXES"] = "0"
    os.environ["MEDARB_API_RATE"] = "1000000/minute"
    os.environ["LOG_LEVEL"] = "WARNING"
    # PostgreSQL when BENCH_DATABASE_URL is given, else SQLite inside the data directory.
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{data_dir}/medarb.sqlite3"
    )
    Path(data_dir, "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def bench_database(*, count: int, data_dir: str = DEFAULT_DATA_DIR, rebuild: bool = False) -> None:
    """Build the database once (migrate, demo district, `count` generated cases); later runs reuse it."""
    marker = Path(data_dir) / f"built-{count}"
    if rebuild or not marker.exists():
        if not os.environ.get("BENCH_DATABASE_URL"):
            shutil.rmtree(data_dir, ignore_errors=True)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        configure(data_dir)
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", force=True, verbosity=0)
        loaded = time.monotonic()
        call_command("generate_cases", count=count, verbosity=0)
        generated = time.monotonic()
        print(f"BENCH build.load_demo seconds={loaded - started:.1f}")
        print(f"BENCH build.generate_cases count={count} seconds={generated - loaded:.1f}")
        for stale in Path(data_dir).glob("built-*"):
            stale.unlink()
        marker.touch()
    else:
        configure(data_dir)
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # new apps since it was built
        print(f"(reusing the bench database in {data_dir}; --rebuild to start afresh)")


def measure(call: Callable[[], object], *, n: int, warmup: int = 3) -> list[tuple[float, float]]:
    """Run `call` n times after a warm-up; return (wall, CPU) durations in milliseconds.

    The CPU time of this process (the test client, Django and SQLite all run in it) hardly
    moves when other programs load the machine, so it is reported beside the wall time.
    """
    for _ in range(warmup):
        call()
    durations = []
    for _ in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        durations.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return durations


def report(name: str, durations: list, *, target_ms: float | None = None) -> dict:
    """Print one `BENCH` line. `durations` are milliseconds: the (wall, CPU) pairs of
    `measure`, or plain wall times measured some other way (then no CPU figure)."""
    pairs = [d if isinstance(d, tuple) else (d, None) for d in durations]
    walls = sorted(wall for wall, _ in pairs)
    median = statistics.median(walls)
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    cpus = [cpu for _, cpu in pairs if cpu is not None]
    cpu = statistics.median(cpus) if cpus else None
    verdict = ""
    if target_ms is not None:
        verdict = f" target<{target_ms:g}ms {'OK' if median < target_ms else 'OVER'}"
    cpu_text = f" cpu={cpu:.1f}ms" if cpu is not None else ""
    print(f"BENCH {name} median={median:.1f}ms p95={p95:.1f}ms{cpu_text} n={len(walls)}{verdict}")
    return {"name": name, "median": median, "p95": p95, "cpu": cpu}


def load_average() -> str:
    """The machine's load, printed with the figures: wall times mean little on a busy machine."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3]) + f" on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


def seat_client(role: str, *, unit_kind: str = "commission"):
    """(a test client signed in as the first seat of `role` in a unit of `unit_kind`, the seat).
    Staff MFA is taken out of the middleware: a bench measures the pages, not the sign-in."""
    from django.conf import settings
    from django.test import Client

    from medarb.orgs.models import Membership

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    seat = Membership.objects.filter(role=role, unit__kind=unit_kind).select_related("user", "unit").first()
    client = Client()
    client.force_login(seat.user)
    return client, seat
