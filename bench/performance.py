"""绩效考核 (target: a report page < 500 ms): the district's performance page for this year
to date and for the last 90 days, and the PDF report, as the district's chair, on the bench
database (the demo district and generated cases).

    .venv/bin/python bench/performance.py [--count 20000] [-n 20] [--rebuild]
"""

from _harness import arguments, bench_database, load_average, measure, report, seat_client


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from medarb.orgs.models import Role
    from medarb.performance.figures import Period, evaluate

    print(f"load: {load_average()}")
    client, seat = seat_client(Role.CHAIR)
    url = reverse("performance:overview")
    today = timezone.localdate()
    periods = (
        ("performance.overview_90_days", today - timedelta(days=89)),
        ("performance.overview_year", today - timedelta(days=364)),
    )
    for name, start in periods:
        query = {"unit": seat.unit_id, "start": start.isoformat(), "end": today.isoformat()}
        page = client.get(url, query)
        assert page.status_code == 200, page.status_code
        figures = evaluate(viewer=seat.user, unit=seat.unit, period=Period(start, today))
        total = figures.total
        print(
            f"{name}: {total.handled} cases under way, {total.closed} closed, {len(figures.people)} people, "
            f"{len(figures.flagged)} flagged"
        )
        report(name, measure(lambda query=query: client.get(url, query), n=args.n), target_ms=500)
    report(
        "performance.chair_dashboard",
        measure(lambda: client.get(reverse("dashboard")), n=args.n),
        target_ms=500,
    )
    query = {
        "unit": seat.unit_id,
        "start": (today - timedelta(days=89)).isoformat(),
        "end": today.isoformat(),
    }
    report(
        "performance.report_pdf_90_days",
        measure(
            lambda: b"".join(client.get(reverse("performance:report_pdf"), query).streaming_content),
            n=max(3, args.n // 4),
        ),
        target_ms=2000,
    )


if __name__ == "__main__":
    main()
