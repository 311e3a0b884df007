"""The case page of an arbitration case with 50 timeline entries (target: median < 150 ms).

    .venv/bin/python bench/case_page.py [--count 20000] [-n 50] [--rebuild]

Takes a district case from the bench database, carries it through acceptance, tribunal and
service with the real services (so the procedure panel has deadlines, to-dos and actions),
pads its timeline to 50 entries, then times the page for a clerk of the commission (who gets
every panel, the action buttons and the audit write of a staff read) and the workflow API.
"""

from _harness import arguments, bench_database, load_average, measure, report

TIMELINE = 50


def prepare():
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from medarb.arbitration import services
    from medarb.arbitration.models import Tribunal
    from medarb.cases.models import Case, TimelineEntry
    from medarb.cases.services import add_timeline
    from medarb.orgs.models import Membership, PoolKind, PoolMember, Role

    marked = Case.objects.filter(timeline__kind="bench_padding").first()
    if marked is not None:
        clerk = Membership.objects.filter(unit=marked.unit, role=Role.CLERK, is_active=True).first().user
        return marked, clerk
    today = timezone.localdate()
    case = (
        Case.objects.filter(kind="arbitration", status="application_received", unit__kind="commission")
        .order_by("id")
        .first()
    )
    members = Membership.objects.filter(unit=case.unit, is_active=True).select_related("user")
    filing = next(m.user for m in members if m.role == Role.FILING_OFFICER)
    clerk = next(m.user for m in members if m.role == Role.CLERK)
    arbitrator = next(m.user for m in members if m.role == Role.ARBITRATOR)
    PoolMember.objects.get_or_create(user=arbitrator, pool=PoolKind.ARBITRATOR, defaults={"unit": case.unit})
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(received_on=today - timedelta(days=3))
        case.refresh_from_db()
        services.accept_case(case=case, actor=filing, on=today)
        if not Tribunal.objects.filter(case=case).exists():
            services.compose_tribunal(
                case=case, actor=arbitrator, kind="sole", presiding=arbitrator, on=today
            )
        services.serve_respondent(case=case, actor=clerk, on=today, method="postal")
        while TimelineEntry.objects.filter(case=case).count() < TIMELINE:
            add_timeline(
                case=case, actor=clerk, kind="bench_padding", title="电话联系当事人", detail="告知举证期限。"
            )
    return case, clerk


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.test import Client

    from medarb.cases.models import TimelineEntry

    case, clerk = prepare()
    client = Client()
    client.force_login(clerk)
    url = f"/cases/{case.pk}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert b'data-testid="workflow-panel"' in response.content
    entries = TimelineEntry.objects.filter(case=case).count()
    print(f"case {case.number}: {entries} timeline entries; load {load_average()}")
    report("case_page.detail_50_timeline", measure(lambda: client.get(url), n=args.n), target_ms=150)
    api = f"/api/v1/cases/{case.pk}/workflow/"
    assert client.get(api).status_code == 200
    report("case_page.workflow_api", measure(lambda: client.get(api), n=args.n))
    act = f"/cases/{case.pk}/act/open_evidence_period/"
    assert client.get(act).status_code == 200
    report("case_page.act_form", measure(lambda: client.get(act), n=args.n))


if __name__ == "__main__":
    main()
