"""200 staff reading case pages at once on PostgreSQL: does the audit write queue them?

    .venv/bin/python bench/audit_contention.py [--count 1000] [--seconds 15] [--rebuild]

Every staff read of a case writes an audit entry (the read path under test is the case
page's: `case_get_for_user`, then `record_case_read`). The benchmark runs 200 simulated staff
— 8 processes of 25 threads, each thread with its own database connection — reading the
cases visible to them for a bounded time, and prints the latency of a read (median, p95)
and the reads per second of the whole crowd, in two scenarios:

- `reads`: 200 readers;
- `reads_with_writers`: 190 readers and 10 staff doing write acts whose transaction stays
  open 50 ms after its audit entry (the rest of an act: a document rendered, a notice sent).

PostgreSQL: BENCH_DATABASE_URL when set, else a throw-away cluster from scripts/postgres.sh
(MEDARB_PG_DIR / MEDARB_PG_PORT choose another one). SQLite serialises writers anyway, so
this benchmark is about PostgreSQL only.
"""

import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from _harness import ROOT, load_average

PROCESSES = 8
THREADS = 25
WRITERS = 10
WRITE_HOLD_SECONDS = 0.05
DATABASE = os.environ.get("BENCH_AUDIT_DATABASE", "medarb_bench_audit")


def arguments():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", 1000)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 15)))
    parser.add_argument(
        "--data-dir", default=os.environ.get("BENCH_AUDIT_DATA_DIR", "/tmp/medarb-bench-audit")
    )
    parser.add_argument("--rebuild", action="store_true", default=os.environ.get("BENCH_REBUILD") == "1")
    return parser.parse_known_args()[0]  # `make bench` passes every script the same options


def postgres_url() -> str:
    """BENCH_DATABASE_URL, or a database of its own in the throw-away cluster of scripts/postgres.sh."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    server = subprocess.run(
        [str(ROOT / "scripts" / "postgres.sh"), "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    import psycopg

    with psycopg.connect(server.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    return server.rsplit("/", 1)[0] + "/" + DATABASE


def staff_and_cases() -> list[tuple[int, list[int]]]:
    """(user id, ids of up to 40 cases they may read) for every active staff member with cases."""
    from medarb.accounts.models import User
    from medarb.cases.models import Case
    from medarb.cases.policy import is_staff

    crowd = []
    for user in User.objects.filter(is_active=True).order_by("id"):
        if not is_staff(user):
            continue
        ids = list(Case.objects.visible_to(user).order_by("-id").values_list("id", flat=True)[:40])
        if ids:
            crowd.append((user.pk, ids))
    return crowd


def _reader(user, case_ids, deadline, latencies):
    from django.db import connection

    from medarb.cases.selectors import case_get_for_user
    from medarb.cases.services import record_case_read

    rng = random.Random(user.pk)
    try:
        while time.perf_counter() < deadline:
            case_id = rng.choice(case_ids)
            started = time.perf_counter()
            case = case_get_for_user(user=user, case_id=case_id)
            record_case_read(user=user, case=case, what="bench")
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()


def _writer(user, case_ids, deadline, latencies):
    from django.db import connection, transaction

    from medarb.audit.models import AuditAction
    from medarb.audit.services import record

    rng = random.Random(-user.pk)
    try:
        while time.perf_counter() < deadline:
            case_id = rng.choice(case_ids)
            started = time.perf_counter()
            with transaction.atomic():
                record(
                    actor=user,
                    action=AuditAction.UPDATE,
                    object_type="cases.case",
                    object_id=case_id,
                    case_id=case_id,
                    summary="bench write act",
                )
                time.sleep(WRITE_HOLD_SECONDS)  # the rest of the act, inside its transaction
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()


def _process(crowd, seconds, writers, start_at, pipe):
    """One of the processes: THREADS staff, the first `writers` of them doing write acts."""
    import django

    django.setup()
    from medarb.accounts.models import User

    users = User.objects.in_bulk([user_id for user_id, _ in crowd])
    from django.db import connections

    connections.close_all()
    reads: list[float] = []
    writes: list[float] = []
    while time.time() < start_at:
        time.sleep(0.01)
    deadline = time.perf_counter() + seconds
    threads = []
    for n, (user_id, case_ids) in enumerate(crowd):
        if n < writers:
            target, sink = _writer, writes
        else:
            target, sink = _reader, reads
        threads.append(threading.Thread(target=target, args=(users[user_id], case_ids, deadline, sink)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pipe.send((reads, writes))
    pipe.close()


def _line(name: str, values: list[float], seconds: float) -> None:
    walls = sorted(values)
    if not walls:
        print(f"BENCH {name} n=0")
        return
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    print(
        f"BENCH {name} median={statistics.median(walls):.1f}ms p95={p95:.1f}ms "
        f"throughput={len(walls) / seconds:.0f}/s n={len(walls)}"
    )


def _sample_lock_waits(url: str, stop: threading.Event, samples: list[Counter]) -> None:
    """Which heavyweight locks sessions wait for (`tuple`/`transactionid`: a row lock such as
    an audit head; `extend`: growing a table), ten times a second."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as watcher:
        while not stop.wait(0.1):
            rows = watcher.execute(
                "SELECT wait_event, count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' GROUP BY wait_event"
            ).fetchall()
            samples.append(Counter(dict(rows)))


def scenario(name: str, crowd, *, seconds: float, writers: int) -> None:
    from django.db import connections

    connections.close_all()
    stop, lock_waits = threading.Event(), []
    watcher = threading.Thread(
        target=_sample_lock_waits, args=(os.environ["BENCH_DATABASE_URL"], stop, lock_waits)
    )
    context = multiprocessing.get_context("fork")
    start_at = time.time() + 2  # every process is set up before the clock starts
    workers = []
    for index in range(PROCESSES):
        share = crowd[index * THREADS : (index + 1) * THREADS]
        # Spread the writers over the processes: the first `writers // PROCESSES` (+1) of each.
        theirs = writers // PROCESSES + (1 if index < writers % PROCESSES else 0)
        ours, theirs_pipe = context.Pipe(duplex=False)
        process = context.Process(target=_process, args=(share, seconds, theirs, start_at, theirs_pipe))
        process.start()
        workers.append((process, ours))
    while time.time() < start_at:
        time.sleep(0.01)
    watcher.start()
    reads: list[float] = []
    writes: list[float] = []
    for process, pipe in workers:
        got_reads, got_writes = pipe.recv()
        reads += got_reads
        writes += got_writes
        process.join()
    stop.set()
    watcher.join()
    total = sum(lock_waits, Counter())
    kinds = (
        ", ".join(f"{kind} {count / len(lock_waits):.0f}" for kind, count in total.most_common()) or "none"
    )
    waiting = sum(total.values()) / max(1, len(lock_waits))
    print(f"  {name}: on average {waiting:.0f} of {PROCESSES * THREADS} sessions waited for a lock ({kinds})")
    _line(f"audit_contention.{name}", reads, seconds)
    if writes:
        _line(f"audit_contention.{name}.write_acts", writes, seconds)


def main() -> None:
    args = arguments()
    os.environ["BENCH_DATABASE_URL"] = postgres_url()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import bench_database

    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)  # a database built by older code
    from medarb.audit.models import AuditEntry

    people = staff_and_cases()
    crowd = [people[n % len(people)] for n in range(PROCESSES * THREADS)]
    print(
        f"{len(people)} staff members over {PROCESSES * THREADS} connections, "
        f"{AuditEntry.objects.count()} audit entries so far; load {load_average()}"
    )
    scenario("reads_200", crowd, seconds=args.seconds, writers=0)
    scenario("reads_190_with_10_writers", crowd, seconds=args.seconds, writers=WRITERS)
    from medarb.audit.services import verify_chain

    problems = verify_chain()
    print(f"audit chain after the run: {AuditEntry.objects.count()} entries, {len(problems)} problem(s)")
    assert not problems, problems[:5]


if __name__ == "__main__":
    main()
