"""The court's API (target: the list < 100 ms): 1,000 closed cases of the bench database are
shared with the district court, a third of them with a suit recorded, and the court's liaison
lists them page by page through the API with a token, as the court's system would.

    .venv/bin/python bench/court_api.py [-n 50]

Everything is rolled back afterwards.
"""

from datetime import timedelta

from _harness import arguments, bench_database, load_average, measure, report

SHARED = 1000


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.db import transaction

    from medarb.api.testing import api_client_for
    from medarb.cases.models import Case, CaseShare, ShareReason
    from medarb.court.models import Filing, Route
    from medarb.orgs.models import Role, Unit, UnitKind

    print(f"load: {load_average()}")
    court = Unit.objects.filter(kind=UnitKind.COURT).first()
    liaison = court.memberships.filter(role=Role.COURT_LIAISON).select_related("user").first().user
    with transaction.atomic():
        cases = list(
            Case.objects.filter(closed_on__isnull=False, unit__kind="commission").prefetch_related("parties")[
                :SHARED
            ]
        )
        CaseShare.objects.bulk_create(
            [CaseShare(case=c, unit=court, reason=ShareReason.COURT_LINKAGE) for c in cases]
        )
        Filing.objects.bulk_create(
            [
                Filing(
                    case=c,
                    route=Route.SUIT,
                    party=c.parties.all()[0],
                    court=court,
                    filed_on=c.closed_on + timedelta(days=9),
                    recorded_by=liaison,
                )
                for c in cases[::3]
                if c.parties.all()
            ]
        )
        client = api_client_for(liaison)
        first = client.get("/api/v1/court/cases/")
        assert first.status_code == 200, first.content[:300]
        print(f"shared cases: {first.json()['count']}")
        report("court.api_list", measure(lambda: client.get("/api/v1/court/cases/"), n=args.n), target_ms=100)
        report(
            "court.api_list_page_10",
            measure(lambda: client.get("/api/v1/court/cases/?page=10"), n=args.n),
            target_ms=100,
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
