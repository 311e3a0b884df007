"""Who opens the performance pages, bad periods, hostile filters, court figures, query counts."""

from datetime import date

import pytest
from django.urls import reverse

from medarb.arbitration.models import Tribunal
from medarb.cases.models import Case
from medarb.court.models import Filing, Outcome, Route
from medarb.orgs.models import Role
from medarb.performance.figures import Period, evaluate
from medarb.testing import make_staff, register

PAGES = ("performance:overview", "performance:report_xlsx", "performance:report_pdf")


@pytest.mark.parametrize(
    ("who", "overview", "mine"),
    [
        ("chair", 200, 200),
        ("unit_admin", 200, 403),
        ("statistician", 200, 403),
        ("supervisor", 200, 403),
        ("arbitrator", 403, 200),
        ("clerk", 403, 200),
        ("street_mediator", 403, 200),
        ("filing_officer", 403, 403),
        ("archivist", 403, 403),
        ("legal_aid_officer", 403, 403),
        ("court_liaison", 403, 403),
        ("worker", 403, 403),
    ],
)
def test_who_may_open_the_pages(client, cast, who, overview, mine):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("performance:overview")).status_code == overview
    assert client.get(reverse("performance:report_xlsx")).status_code == overview
    assert client.get(reverse("performance:mine")).status_code == mine


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get(reverse("performance:overview")).status_code == 302


def test_a_street_head_sees_only_her_street_and_below(client, cast):
    head = make_staff("streethead", "街道主任", cast.street_a, Role.UNIT_ADMIN)
    client.force_login(head)
    page = client.get(reverse("performance:overview"), {"unit": cast.district.pk})
    assert page.context["report"].unit == cast.street_a  # the district is not hers to choose
    assert {u.pk for u in page.context["units"]} == {
        cast.street_a.pk,
        cast.community_a.pk,
        cast.enterprise_a.pk,
        cast.enterprise_a2.pk,
    }


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-05-01", "end": "2026-03-01"},
        {"start": "2020-01-01", "end": "2026-03-01"},
        {"start": "not-a-date", "end": "2026-03-01"},
        {"start": "2026-02-30", "end": "2026-03-01"},
        {"start": "9" * 5000},
        {"end": "2026-03-01"},
    ],
)
def test_a_bad_period_falls_back_to_this_year_with_a_message(client, cast, query):
    client.force_login(cast.chair)
    page = client.get(reverse("performance:overview"), {**query, "unit": "x" * 300})
    assert page.status_code == 200
    assert "已改为本年度至今" in page.content.decode()
    assert page.context["report"].period.start.month == 1 and page.context["report"].period.start.day == 1


@pytest.mark.parametrize(
    "query",
    [
        {"handler": "abc"},
        {"handler": "99999999999999"},
        {"handler": "-1"},
        {"closed_from": "2026-13-01"},
        {"handled_to": "x" * 3000},
        {"timeliness": "soon"},
        {"only": "drop table"},
        {"only": "x" * 100},
        {"close_reason": "y" * 500},
        {"overdue": "maybe"},
    ],
)
def test_the_case_list_takes_hostile_performance_filters_without_a_server_error(client, cast, query):
    register(actor=cast.filing_officer, unit=cast.district)
    client.force_login(cast.chair)
    assert client.get(reverse("cases:list"), query).status_code == 200


def test_an_unknown_named_condition_lists_nothing(client, cast):
    register(actor=cast.filing_officer, unit=cast.district)
    client.force_login(cast.chair)
    page = client.get(reverse("cases:list"), {"only": "nonsense"})
    assert page.context["page"].paginator.count == 0 and "未知条件" in page.content.decode()


def _closed_award(cast, *, presiding, reason, on=date(2026, 4, 10), n=1):
    case = register(
        actor=cast.filing_officer, unit=cast.district, received_on=date(2026, 3, 2), worker_name=f"甲{n}"
    )
    Case.objects.filter(pk=case.pk).update(
        status="closed_award", accepted_on=date(2026, 3, 2), closed_on=on, close_reason=reason
    )
    Tribunal.objects.create(
        case=case, kind="sole", presiding=presiding, composed_on=date(2026, 3, 3), composed_by=cast.chair
    )
    return case


def _filing(cast, case, route, outcome):
    return Filing.objects.create(
        case=case,
        route=route,
        party=case.parties.first(),
        court=cast.court,
        filed_on=date(2026, 4, 20),
        recorded_by=cast.clerk,
        outcome=outcome,
    )


def test_final_awards_and_challenges_at_court_count_for_the_presiding_arbitrator(client, cast):
    final = _closed_award(cast, presiding=cast.arbitrator, reason="award_final", n=1)
    changed = _closed_award(cast, presiding=cast.arbitrator, reason="award_nonfinal", n=2)
    _closed_award(cast, presiding=cast.arbitrator, reason="award_mixed", n=3)
    _filing(cast, final, Route.REVOCATION, Outcome.REJECTED)
    _filing(cast, changed, Route.SUIT, Outcome.CHANGED)
    report = evaluate(
        viewer=cast.chair, unit=cast.district, period=Period(date(2026, 3, 1), date(2026, 6, 30))
    )
    (lin,) = report.people
    assert (lin.awards, lin.final, lin.final_share, lin.challenged, lin.reversed) == (3, 1, 33.3, 2, 1)
    client.force_login(cast.chair)
    listed = client.get(reverse("cases:list"), {"handler": cast.arbitrator.pk, "only": "reversed"})
    assert [c.pk for c in listed.context["page"].object_list] == [changed.pk]


def test_the_query_count_does_not_grow_with_handlers(client, cast, django_assert_max_num_queries):
    def add_handlers(n):
        for i in range(n):
            arbitrator = make_staff(f"arb{n}{i}", f"仲裁员{n}{i}", cast.district, Role.ARBITRATOR)
            case = _closed_award(cast, presiding=arbitrator, reason="award_nonfinal", n=f"{n}{i}")
            Tribunal.objects.get(case=case).members.add(cast.arbitrator)

    client.force_login(cast.chair)
    query = {"unit": cast.district.pk, "start": "2026-03-01", "end": "2026-06-30"}
    add_handlers(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("performance:overview"), query).status_code == 200
    add_handlers(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("performance:overview"), query)
    assert len(page.context["people"]) == 11
