"""争议成因分析 on a hand-counted district: the cases of the period by cause against the same
period a year before, by the units below, the recurring employers; each figure's link opens
a case list of exactly that many cases; only a commission's analysts open the page, and they
count only what they may see."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from medarb.cases.models import Case, Claim, Party, PartySide
from medarb.cases.services import PartyInput, add_party
from medarb.stats.causes import Period, analyse, monthly
from medarb.testing import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]
END = date.today() - timedelta(days=5)
START = END - timedelta(days=59)
PERIOD = Period(START, END)


def case_of(cast, *, unit=None, on, cause="wages.unpaid", kind="arbitration"):
    actor = cast.filing_officer if unit is None else cast.street_mediator
    case = register(actor=actor, unit=unit or cast.district, received_on=on, kind=kind)
    if cause != "wages.unpaid":
        type(case).objects.filter(pk=case.pk).update(primary_cause=cause)
        Claim.objects.filter(case=case).update(cause=cause)
    return case


@pytest.fixture
def district(cast):
    """Period: wages 2 at the district + 1 at 东湖街道, social insurance 1; a year before: wages 1.
    Outside both periods: one wage case the day after the period."""
    case_of(cast, on=START)
    case_of(cast, on=END)
    case_of(cast, unit=cast.street_a, on=START + timedelta(days=10), kind="mediation")
    case_of(cast, on=START + timedelta(days=3), cause="social_insurance.pension")
    case_of(cast, on=PERIOD.year_before().start + timedelta(days=1))
    case_of(cast, on=END + timedelta(days=1))
    return cast.district


def test_the_hand_counted_district(cast, district):
    analysis = analyse(user=cast.chair, unit=district, period=PERIOD)
    rows = {row.code: (row.current, row.previous, row.change) for row in analysis.causes}
    assert rows == {"wages": (3, 1, 200.0), "social_insurance": (1, 0, None)}
    assert (analysis.total, analysis.total_before) == (4, 1)
    assert analysis.grid[cast.street_a.pk] == {"wages": 1}
    assert analysis.grid[district.pk] == {"wages": 2, "social_insurance": 1}
    assert analysis.units[-1] == district and cast.street_a in analysis.units
    assert analysis.employers == [{"name": "某电子有限公司", "cases": 4}]


def test_a_street_room_counts_only_its_own(cast, district):
    analysis = analyse(user=cast.street_mediator, unit=cast.street_a, period=PERIOD)
    assert [(r.code, r.current, r.previous) for r in analysis.causes] == [("wages", 1, 0)]


def test_every_figure_opens_the_cases_it_counts(cast, district):
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("stats:causes"), {"start": START, "end": END})
    assert page.status_code == 200
    links = {(row["row"].code, "now"): row["link"] for row in page.context["rows"]} | {
        (row["row"].code, "before"): row["link_before"] for row in page.context["rows"]
    }
    expected = {
        ("wages", "now"): 3,
        ("wages", "before"): 1,
        ("social_insurance", "now"): 1,
        ("social_insurance", "before"): 0,
    }
    for key, count in expected.items():
        listed = client.get(links[key])
        assert listed.context["page"].paginator.count == count, key
    for row in page.context["grid"]:
        for n, link in row["cells"]:
            assert client.get(link).context["page"].paginator.count == n, (row["unit"], link)
    (employer,) = page.context["employers"]
    assert client.get(employer["link"]).context["page"].paginator.count == 4
    assert client.get(page.context["total_link"]).context["page"].paginator.count == 4


def test_only_a_commissions_analysts_open_it(cast, district):
    for user, status in (
        (cast.chair, 200),
        (cast.statistician, 200),
        (cast.unit_admin, 200),
        (cast.arbitrator, 403),
        (cast.street_mediator, 403),
        (cast.supervisor, 403),
        (cast.worker, 403),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("stats:causes")).status_code == status, user
    other = Client()
    other.force_login(cast.statistician)
    page = other.get(reverse("stats:causes"), {"unit": cast.other_district.pk})
    assert page.context["unit"] == district  # a unit outside theirs falls back to their own


def test_a_bad_period_gets_a_message_and_the_last_ninety_days(cast, district, django_assert_max_num_queries):
    client = Client()
    client.force_login(cast.chair)
    for start, end in ((END, START), (END - timedelta(days=4000), END), ("2026-02-30", "x")):
        page = client.get(reverse("stats:causes"), {"start": start, "end": end})
        assert page.status_code == 200
        period = page.context["analysis"].period
        assert (period.end - period.start).days == 89 or start == "2026-02-30"
    assert (
        "统计期间须起止有序"
        in client.get(reverse("stats:causes"), {"start": END, "end": START}).content.decode()
    )
    with django_assert_max_num_queries(20):
        client.get(reverse("stats:causes"), {"start": START, "end": END})


def test_the_case_list_filters_by_dates_and_unit_tree(cast, district):
    client = Client()
    client.force_login(cast.chair)
    listed = client.get(
        reverse("cases:list"), {"unit_tree": cast.street_a.pk, "received_from": START, "received_to": END}
    )
    assert listed.context["page"].paginator.count == 1
    assert "单位：" in listed.content.decode() and "含下级" in listed.content.decode()
    hostile = client.get(reverse("cases:list"), {"unit_tree": 99999, "received_from": "2026-13-01"})
    assert hostile.status_code == 200


def test_the_monthly_trend_counts_each_month_and_its_twin_a_year_before(cast, district):
    months = monthly(user=cast.chair, unit=district, until=END)
    assert len(months) == 12 and months[-1].end == END and months[0].start.day == 1
    assert sum(m.current for m in months) == 4  # the day after the period is not counted
    assert sum(m.previous for m in months) == 1
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("stats:causes"), {"start": START, "end": END})
    for row in page.context["months"]:
        listed = client.get(row["link"]).context["page"].paginator.count
        before = client.get(row["link_before"]).context["page"].paginator.count
        assert (listed, before) == (row["month"].current, row["month"].previous), row["month"]


def test_by_industry_each_case_counts_once_per_industry_and_links_to_its_cases(cast, district):
    """Two of the period's cases against a builder (one with a second builder as respondent),
    one against a factory, one unrecorded; a year before, one against a builder."""
    period_cases = list(Case.objects.filter(received_on__range=(START, END)).order_by("pk"))
    industries = {0: "E", 1: "E", 2: "C"}
    for n, industry in industries.items():
        Party.objects.filter(case=period_cases[n], side=PartySide.RESPONDENT).update(industry=industry)
    add_party(
        actor=cast.filing_officer,
        case=period_cases[0],
        data=PartyInput(
            side="respondent", kind="employer", name="某劳务公司", is_organisation=True, industry="E"
        ),
    )
    before = Case.objects.get(received_on=PERIOD.year_before().start + timedelta(days=1))
    Party.objects.filter(case=before, side=PartySide.RESPONDENT).update(industry="E")

    analysis = analyse(user=cast.chair, unit=district, period=PERIOD)
    rows = [(r.code, r.current, r.previous, r.change) for r in analysis.industries]
    assert rows == [("E", 2, 1, 100.0), ("C", 1, 0, None)] and analysis.unrecorded == 1

    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("stats:causes"), {"start": START, "end": END})
    for row in page.context["industries"]:
        assert client.get(row["link"]).context["page"].paginator.count == row["row"].current
        assert client.get(row["link_before"]).context["page"].paginator.count == row["row"].previous
    assert "建筑业" in page.content.decode() and "行业未登记" in page.content.decode()
    assert client.get(page.context["unrecorded_link"]).context["page"].paginator.count == 1
