"""Mediation statistics page at 200,000 mediation cases (target: median under 500 ms).

    .venv/bin/python bench/mediation_stats.py [--count 200000] [-n 30] [--rebuild] [--explain]

Builds its own database (the demo district, then `count` mediation cases with their
mediation files spread over the district's mediation units and two years, then the daily
rollup the page reads), signs in as the
district mediator (who sees every level) and a street mediator, and renders the statistics
page for this year and for all time, plus the xlsx export.
"""

import os
import random
import time
from datetime import date, timedelta
from pathlib import Path

from _harness import arguments, configure, measure, report

TARGET_MS = 500
DEFAULT_DATA_DIR = "/tmp/medarb-bench-mediation"


def build(count: int, data_dir: str, *, rebuild: bool) -> None:
    marker = Path(data_dir) / f"built-mediation-{count}"
    if marker.exists() and not rebuild:
        configure(data_dir)
        print(f"(reusing the bench database in {data_dir}; --rebuild to start afresh)")
        return
    import shutil

    if not os.environ.get("BENCH_DATABASE_URL"):
        shutil.rmtree(data_dir, ignore_errors=True)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    configure(data_dir)
    from django.core.management import call_command
    from django.db import transaction

    from medarb.cases.models import Case, CaseKind
    from medarb.mediation.models import MediationFile, Outcome
    from medarb.orgs.models import Unit

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    units = [u for u in Unit.objects.all() if u.mediation_level]
    rng = random.Random(4)
    outcomes = (
        [Outcome.AGREEMENT] * 6
        + [Outcome.FAILED] * 2
        + [Outcome.WITHDRAWN, Outcome.PENDING, Outcome.REFUSED, Outcome.REFERRED]
    )
    statuses = {
        Outcome.AGREEMENT: "closed_agreement",
        Outcome.FAILED: "closed_failed",
        Outcome.WITHDRAWN: "closed_withdrawn",
        Outcome.PENDING: "in_session",
        Outcome.REFUSED: "refused",
        Outcome.REFERRED: "referred",
    }
    first = date(2025, 1, 1)
    batch = 5000
    for offset in range(0, count, batch):
        rows = []
        for _ in range(min(batch, count - offset)):
            unit = rng.choice(units)
            received = first + timedelta(days=rng.randrange(700))
            outcome = rng.choice(outcomes)
            rows.append((unit, received, outcome))
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    kind=CaseKind.MEDIATION,
                    unit=unit,
                    unit_path=unit.path,
                    status=statuses[outcome],
                    primary_cause="wages.unpaid",
                    received_on=received,
                    party_names="张三 某公司",
                )
                for unit, received, outcome in rows
            )
            files = []
            for case, (unit, received, outcome) in zip(cases, rows, strict=True):
                days = None if outcome == Outcome.PENDING else rng.randrange(1, 31)
                files.append(
                    MediationFile(
                        case=case,
                        unit=unit,
                        unit_path=unit.path,
                        level=unit.mediation_level,
                        registered_on=received,
                        outcome=outcome,
                        outcome_on=received + timedelta(days=days) if days else None,
                        duration_days=days,
                        handed_over=outcome == Outcome.FAILED and rng.random() < 0.6,
                    )
                )
            MediationFile.objects.bulk_create(files)
    from django.db import connection

    from medarb.mediation import stats

    rolled = time.monotonic()
    with transaction.atomic():
        rows = stats.rebuild()
    print(f"BENCH build.mediation_rollup rows={rows} seconds={time.monotonic() - rolled:.1f}")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE mediation_mediationfile")
            cursor.execute("ANALYZE mediation_dailystat")
    print(f"BENCH build.mediation count={count} seconds={time.monotonic() - started:.1f}")
    for stale in Path(data_dir).glob("built-mediation-*"):
        stale.unlink()
    marker.touch()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_count=200_000)
    data_dir = os.environ.get("BENCH_MEDIATION_DATA_DIR", DEFAULT_DATA_DIR)
    build(args.count, data_dir, rebuild=args.rebuild)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from medarb.accounts.models import User
    from medarb.mediation.models import MediationFile
    from medarb.orgs.models import Membership, Role

    print(f"mediation files: {MediationFile.objects.count()}, database: {connection.vendor}")
    year = timezone.localdate().year
    pages = {
        "this_year": "/mediation/stats/",
        "all_time": "/mediation/stats/?start=2000-01-01&end=2030-12-31",
        "street_level": f"/mediation/stats/?start={year}-01-01&end={year}-12-31&level=street",
        "xlsx": "/mediation/stats/export.xlsx?start=2000-01-01&end=2030-12-31",
    }
    street_mediator = (
        Membership.objects.filter(role=Role.MEDIATOR, unit__kind="street").select_related("user").first().user
    )
    for user in (User.objects.get(username="mediator"), street_mediator):
        client = Client()
        client.force_login(user)
        for label, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            report(
                f"mediation_stats.{user.username}.{label}",
                measure(lambda c=client, u=url: c.get(u), n=args.n),
                target_ms=TARGET_MS,
            )
    if args.explain:
        from medarb.mediation import stats

        qs = stats._base(
            user=User.objects.get(username="mediator"),
            start=date(2000, 1, 1),
            end=date(2030, 12, 31),
            model=stats.DailyStat,
            day="day",
        )
        print(qs.values("unit_id").annotate(**stats._summed()).explain())


if __name__ == "__main__":
    main()
