"""统计报表 and 数据看板 (target: < 500 ms each): the district's tables for last month and for a
whole year, their xlsx, and the dashboard for the year to date and for twelve months, as the
district's statistician, on the bench database (the demo district and generated cases).

    .venv/bin/python bench/reports.py [--count 20000] [-n 20] [--rebuild]
"""

from _harness import arguments, bench_database, load_average, measure, report, seat_client


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from medarb.cases.models import Case
    from medarb.orgs.models import Role

    print(f"load: {load_average()}")
    client, seat = seat_client(Role.STATISTICIAN)
    today = timezone.localdate()
    month_end = today.replace(day=1) - timedelta(days=1)
    periods = {
        "month": (month_end.replace(day=1), month_end),
        "year": (today - timedelta(days=364), today),
        "ytd": (today.replace(month=1, day=1), today),
    }
    for name, url_name, period in (
        ("reports.table_month", "reports:table", "month"),
        ("reports.table_year", "reports:table", "year"),
        ("reports.xlsx_year", "reports:table_xlsx", "year"),
        ("reports.dashboard_ytd", "reports:dashboard", "ytd"),
        ("reports.dashboard_year", "reports:dashboard", "year"),
    ):
        start, end = periods[period]
        query = {"unit": seat.unit_id, "start": start, "end": end}
        url = reverse(url_name)
        page = client.get(url, query)
        assert page.status_code == 200, page.status_code
        touching = Case.objects.filter(unit_path__startswith=seat.unit.path, received_on__lte=end).exclude(
            closed_on__lt=start
        )
        print(f"{name}: {touching.count()} cases touch the period {start}..{end}")
        report(name, measure(lambda url=url, query=query: client.get(url, query), n=args.n), target_ms=500)


if __name__ == "__main__":
    main()
