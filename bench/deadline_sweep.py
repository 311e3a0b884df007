"""The daily deadline sweep at 100,000 cases (target: under 30 s).

    .venv/bin/python bench/deadline_sweep.py [--count 100000] [-n 5] [--rebuild]

Builds (or reuses) the bench database of `_harness`, gives every generated case its
statutory clocks and to-dos (bulk inserts, once), then times `sweep_deadlines`:
`cold` starts from no flags at all (every due-soon or overdue row is written), `steady`
is a following day's run (only changes are written).
"""

import random
import time
from datetime import timedelta

from _harness import arguments, bench_database, load_average, report

TARGET_MS = 30_000


def timed(call):
    """(wall ms, CPU ms) of one call, and its result: the sweep runs once per measurement."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000), result


def seed_clocks(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from medarb.cases.models import Case
    from medarb.orgs.models import Role
    from medarb.procedure.calendar import add_period
    from medarb.procedure.models import Deadline, DeadlineState, Task
    from medarb.procedure.rules import rule

    if Deadline.objects.count() >= count:
        return
    started = time.monotonic()
    Task.objects.all().delete()
    Deadline.objects.all().delete()
    rng = random.Random(3)
    today = timezone.localdate()
    due_cache: dict[tuple, object] = {}

    def due(code, start):
        key = (code, start)
        if key not in due_cache:
            r = rule(code)
            due_cache[key] = add_period(start, r.days, r.day_type)
        return due_cache[key]

    rows = Case.objects.values_list("id", "kind", "unit_id", "received_on", "accepted_on", "closed_on")
    batch_deadlines, batch_tasks = [], []

    def flush():
        with transaction.atomic():
            created = Deadline.objects.bulk_create(batch_deadlines, batch_size=5000)
            tasks = []
            for deadline, task in zip(created, batch_tasks, strict=True):
                if task is not None:
                    task.deadline_id = deadline.id
                    tasks.append(task)
            Task.objects.bulk_create(tasks, batch_size=5000)
        batch_deadlines.clear()
        batch_tasks.clear()

    for case_id, kind, unit_id, received_on, accepted_on, closed_on in rows.iterator(chunk_size=5000):
        # Spread the open clocks over the weeks around today, as a live commission has them.
        start = (accepted_on or received_on) if closed_on else today - timedelta(days=rng.randint(0, 60))
        code = "award" if kind == "arbitration" else "mediation_limit"
        r = rule(code)
        state = DeadlineState.MET if closed_on else DeadlineState.RUNNING
        paused = state == DeadlineState.RUNNING and rng.random() < 0.05
        deadline = Deadline(
            case_id=case_id,
            rule_code=code,
            days=r.days,
            day_type=r.day_type,
            started_on=start,
            base_due_on=due(code, start),
            due_on=due(code, start),
            state=DeadlineState.PAUSED if paused else state,
            paused_since=today - timedelta(days=3) if paused else None,
            days_left_at_pause=10 if paused else None,
            stopped_on=closed_on,
        )
        task = None
        if not closed_on:
            task = Task(
                case_id=case_id,
                unit_id=unit_id,
                role=Role.ARBITRATOR if kind == "arbitration" else Role.MEDIATOR,
                kind="award" if kind == "arbitration" else "mediate",
                title="作出裁决" if kind == "arbitration" else "调解",
                due_on=deadline.due_on,
            )
        batch_deadlines.append(deadline)
        batch_tasks.append(task)
        if len(batch_deadlines) >= 5000:
            flush()
    if batch_deadlines:
        flush()
    print(f"BENCH build.seed_clocks seconds={time.monotonic() - started:.1f}")


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)  # a reused database may predate procedure tables
    seed_clocks(args.count)

    from medarb.cases.models import Case
    from medarb.procedure.models import Deadline, Flag, Task
    from medarb.procedure.sweep import sweep_deadlines

    today = timezone.localdate()
    print(
        f"cases: {Case.objects.count()}, clocks: {Deadline.objects.count()}, "
        f"open to-dos: {Task.objects.filter(state='open').count()}, database: {connection.vendor}, "
        f"load: {load_average()}"
    )
    runs = max(1, min(args.n, 5))
    cold, steady = [], []
    result = None
    for offset in range(runs):
        Deadline.objects.update(flag=Flag.NONE)
        Task.objects.update(flag=Flag.NONE)
        duration, result = timed(lambda day=today + timedelta(days=offset): sweep_deadlines(today=day))
        cold.append(duration)
        duration, _ = timed(lambda day=today + timedelta(days=offset + 1): sweep_deadlines(today=day))
        steady.append(duration)
    print(f"flags after a cold sweep: {result}")
    report("deadline_sweep.cold", cold, target_ms=TARGET_MS)
    report("deadline_sweep.steady", steady, target_ms=TARGET_MS)

    # The worst case: every case open with a running clock and an open to-do (rolled back).
    from django.db import transaction

    from medarb.orgs.models import Role
    from medarb.procedure.models import DeadlineState, TaskState

    class Rollback(Exception):
        pass

    worst = []
    try:
        with transaction.atomic():
            Deadline.objects.update(state=DeadlineState.RUNNING, flag=Flag.NONE)
            missing = Deadline.objects.exclude(tasks__isnull=False).values_list(
                "id", "case_id", "case__unit_id", "due_on"
            )
            Task.objects.bulk_create(
                [
                    Task(
                        case_id=c,
                        unit_id=u,
                        role=Role.ARBITRATOR,
                        kind="award",
                        title="作出裁决",
                        due_on=d,
                        deadline_id=i,
                    )
                    for i, c, u, d in missing.iterator(chunk_size=5000)
                ],
                batch_size=5000,
            )
            Task.objects.update(state=TaskState.OPEN, flag=Flag.NONE)
            duration, result = timed(lambda: sweep_deadlines(today=today))
            worst.append(duration)
            print(f"all open: clocks {Deadline.objects.count()}, to-dos {Task.objects.count()}: {result}")
            raise Rollback
    except Rollback:
        pass
    report("deadline_sweep.all_open", worst, target_ms=TARGET_MS)


if __name__ == "__main__":
    main()
