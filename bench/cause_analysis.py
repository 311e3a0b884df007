"""争议成因分析 (target: a report page < 500 ms): the district's page for the last 90 days and
for a whole year against the year before, as the district's statistician, on the bench
database (the demo district and generated cases).

    .venv/bin/python bench/cause_analysis.py [--count 20000] [-n 20] [--rebuild]
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
    url = reverse("stats:causes")
    today = timezone.localdate()
    for name, days in (("stats.causes_90_days", 90), ("stats.causes_year", 365)):
        query = {"unit": seat.unit_id, "start": today - timedelta(days=days - 1), "end": today}
        page = client.get(url, query)
        assert page.status_code == 200, page.status_code
        counted = Case.objects.filter(
            unit_path__startswith=seat.unit.path, received_on__range=(query["start"], today)
        ).count()
        print(f"{name}: {counted} cases in the period")
        report(name, measure(lambda query=query: client.get(url, query), n=args.n), target_ms=500)


if __name__ == "__main__":
    main()
