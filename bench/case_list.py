"""Case list page and GET /api/v1/cases/ at 100,000 cases (target: median under 100 ms on SQLite).

    .venv/bin/python bench/case_list.py [--count 100000] [-n 50] [--rebuild] [--explain]

Measured with Django's test client, signed in as the district filing officer (sees the
whole district) and a street mediator (sees one street's subtree): the first page, a
filtered page, and a search by a party's name.
"""

from _harness import arguments, bench_database, load_average, measure, report

TARGET_MS = 100


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)

    from django.db import connection
    from django.test import Client

    from medarb.accounts.models import User
    from medarb.cases.models import Case, Party

    api_url = "/api/v1/cases/"
    # A party name that occurs a realistic number of times (a common full name).
    name = (
        Party.objects.filter(kind="worker", case__unit__kind="commission")
        .order_by("id")
        .values_list("name", flat=True)
    )[1000]
    # A case number's sequence part ("第123号") recurs across units, kinds and years.
    number = Case.objects.exclude(number=None).order_by("id").values_list("number", flat=True)[2000]
    number_part = number[number.rindex("第") :]
    print(f"cases: {Case.objects.count()}, search terms: {name!r}, {number_part!r}")
    print(f"database: {connection.vendor}")
    print(f"load average before: {load_average()}")
    pages = {
        "first": "/cases/",
        "filtered": "/cases/?kind=arbitration&status=accepted&open_only=on",
        "search": f"/cases/?q={name}",
        "search_number": f"/cases/?q={number_part}",
        "page40": "/cases/?page=40",
    }
    results = []
    for username in ("filing", "luhu_mediator"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            results.append(
                report(
                    f"case_list.{username}.{label}",
                    measure(lambda c=client, u=url: c.get(u), n=args.n),
                    target_ms=TARGET_MS,
                )
            )
        response = client.get(api_url)
        if response.status_code == 404:
            print(f"BENCH case_api.{username} skipped: {api_url} answers 404 (API not built yet)")
        else:
            assert response.status_code == 200, (api_url, response.status_code)
            for label, query in (("first", ""), ("search", f"?q={name}")):
                results.append(
                    report(
                        f"case_api.{username}.{label}",
                        measure(lambda c=client, q=query: c.get(api_url + q), n=args.n),
                        target_ms=TARGET_MS,
                    )
                )
    print(f"load average after: {load_average()}")
    if args.explain:
        _explain()


def _explain() -> None:
    """The plans of the list page's two queries (count and first page) for both users."""
    from django.db import connection

    from medarb.accounts.models import User
    from medarb.cases.selectors import CaseFilters, case_list

    for username in ("filing", "luhu_mediator"):
        user = User.objects.get(username=username)
        for filters in (
            CaseFilters(),
            CaseFilters(q="王"),
            CaseFilters(kind="arbitration", status="accepted"),
        ):
            qs = case_list(user=user, filters=filters)
            for label, query in (("count", qs.order_by()), ("page", qs[:25])):
                print(f"--- {username} {filters} {label}")
                if label == "count":
                    sql, params = query.query.get_compiler(connection=connection).as_sql()
                    sql = f"SELECT COUNT(*) FROM ({sql}) sub"
                else:
                    sql, params = query.query.sql_with_params()
                with connection.cursor() as cursor:
                    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
                    cursor.execute(prefix + sql, params)
                    for row in cursor.fetchall():
                        print("   ", row[-1])


if __name__ == "__main__":
    main()
