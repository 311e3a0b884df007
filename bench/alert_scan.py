"""Early warning (target: the scan over a day's intake < 1 s; pages p95 < 200 ms): the
half-hourly scan of every enabled rule (the demo district's three: a collective wave in 10
days, an employer with 3 cases in 90 days, a claim of 200,000 yuan) over the bench database,
and the alert list and an alert's page as the district's statistician.

    .venv/bin/python bench/alert_scan.py [--count 20000] [-n 20] [--rebuild]

The first scan raises what the generated intake holds; the measured ones find it again and
extend nothing (a scan between two applications). A wave of 12 applications against one
employer is then registered and one scan that raises it is timed on its own.
"""

import time

from _harness import arguments, bench_database, load_average, measure, report


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from medarb.alerts import services
    from medarb.alerts.models import Alert, AlertRule
    from medarb.alerts.testing import wave
    from medarb.cases.models import Case
    from medarb.orgs.models import Role

    print(f"load: {load_average()}")
    today = timezone.localdate()
    rules = AlertRule.objects.filter(enabled=True).select_related("unit")
    if not rules:
        raise SystemExit("no warning rules in the bench database (the demo sets them): --rebuild")
    window = Case.objects.filter(received_on__gte=today - timezone.timedelta(days=90)).count()
    print(f"cases in the longest window (90 days): {window}; all cases: {Case.objects.count()}")
    services.run_scan(today=today)
    report("alerts.scan", measure(lambda: services.run_scan(today=today), n=args.n), target_ms=1000)

    district = rules[0].unit
    # the statistician reads what the chair reads (the chair's second factor is not benchmarked)
    reader = district.memberships.filter(role=Role.STATISTICIAN).select_related("user").first().user
    officer = district.memberships.filter(role=Role.FILING_OFFICER).select_related("user").first().user
    with transaction.atomic():
        wave(actor=officer, unit=district, count=12, last_day=today, employer="基准测试建工有限公司")
        started = time.perf_counter()
        raised = services.run_scan(today=today)
        print(
            f"BENCH alerts.scan_raising_a_wave ms={(time.perf_counter() - started) * 1000:.1f} raised={len(raised)}"
        )
        transaction.set_rollback(True)

    client = Client()
    client.force_login(reader)
    listing = reverse("alerts:list")
    assert client.get(listing).status_code == 200
    report("alerts.list", measure(lambda: client.get(listing), n=args.n), target_ms=200)
    alert = Alert.objects.order_by("-workers").first()
    page = reverse("alerts:detail", args=[alert.pk])
    assert client.get(page).status_code == 200
    report("alerts.detail", measure(lambda: client.get(page), n=args.n), target_ms=200)


if __name__ == "__main__":
    main()
