"""统计报表 on a hand-counted district: every table exactly as counted by hand, each count's
link opens a case list of exactly that many cases, the xlsx holds the screen's numbers cell by
cell, and only a commission's analysts open it."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html
from openpyxl import load_workbook

from medarb.arbitration.models import Award, AwardItem, AwardKind, AwardState
from medarb.audit.models import AuditAction, AuditEntry
from medarb.cases.models import Case
from medarb.mediation.models import MediationFile
from medarb.reports import figures
from medarb.testing import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]
START, END = date(2026, 10, 1), date(2026, 10, 31)
PERIOD = figures.Period(START, END)
ASKED = {"start": START.isoformat(), "end": END.isoformat()}


def case_of(cast, *, received, unit=None, kind="arbitration", **fields) -> Case:
    actor = {None: cast.filing_officer, cast.street_a: cast.street_mediator}.get(
        unit, cast.community_mediator
    )
    case = register(actor=actor, unit=unit or cast.district, received_on=received, kind=kind)
    if fields:
        Case.objects.filter(pk=case.pk).update(**fields)
        case.refresh_from_db()
    return case


@pytest.fixture
def district(cast):
    """October 2026 in the district, counted by hand (see the expected tables below)."""
    a = case_of(
        cast,
        received=date(2026, 9, 10),
        accepted_on=date(2026, 9, 12),
        closed_on=date(2026, 10, 20),
        close_reason="award_final",
        status="closed_award",
    )
    award = Award.objects.create(
        case=a,
        kind=AwardKind.FINAL,
        majority_opinion="予以支持",
        state=AwardState.SERVED,
        drafted_by=cast.arbitrator,
        drafted_at=timezone.now(),
    )
    AwardItem.objects.create(
        award=award, cause="wages.unpaid", description="工资", claimed=12000, awarded=8000, is_final=True
    )
    case_of(cast, received=date(2026, 9, 15), accepted_on=date(2026, 9, 16))  # B: pending throughout
    case_of(  # C: received, accepted and withdrawn within October
        cast,
        received=date(2026, 10, 5),
        accepted_on=date(2026, 10, 8),
        closed_on=date(2026, 10, 25),
        close_reason="withdrawn",
    )
    case_of(  # D: a collective case of 12 workers about pensions, still open
        cast,
        received=date(2026, 10, 12),
        accepted_on=date(2026, 10, 14),
        is_collective=True,
        worker_count=12,
        primary_cause="social_insurance.pension",
    )
    e = case_of(  # E: mediated at the street room in a week
        cast,
        received=date(2026, 10, 3),
        unit=cast.street_a,
        kind="mediation",
        closed_on=date(2026, 10, 10),
        close_reason="mediated",
    )
    MediationFile.objects.filter(case=e).update(amount_agreed=Decimal("5000.00"))
    case_of(cast, received=date(2026, 10, 20), unit=cast.community_a, kind="mediation")  # F: open
    # Outside the table: closed before October, received after it, another district's.
    case_of(cast, received=date(2026, 8, 1), closed_on=date(2026, 9, 20), close_reason="mediated")
    case_of(cast, received=date(2026, 11, 2))
    register(actor=cast.other_arbitrator, unit=cast.other_district, received_on=date(2026, 10, 9))
    return cast.district


def values(report: dict) -> dict:
    return {
        t["key"]: [(r["label"], [c["v"] for c in r["cells"]]) for r in t["rows"]] for t in report["tables"]
    }


EXPECTED = {
    "intake": [
        ("仲裁案件", [2, 2, 2, 2, 0, 1, 1, 1, 0, 0, 0, 2]),
        ("调解案件", [0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]),
        ("合计", [2, 4, 2, 3, 1, 1, 1, 1, 0, 0, 0, 3]),
    ],
    "workers": [("个人争议", [3, 3]), ("集体争议（十人以上）", [1, 12]), ("合计", [4, 15])],
    "amounts": [
        ("本期收案请求金额", [4, "48000.00"]),
        ("本期裁决结案裁决金额", [1, "8000.00"]),
        ("本期调解结案协议金额", [1, "5000.00"]),
    ],
    "days": [
        ("仲裁案件", [2, 0, 2, 0, 0, "30.0"]),
        ("调解案件", [1, 1, 0, 0, 0, "7.0"]),
        ("合计", [3, 1, 2, 0, 0, "22.3"]),
    ],
    "mediation": [
        ("区级", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("街道", [0, 1, 0, 1, 1, 0, 0, 0, 0, 0]),
        ("社区", [0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        ("企业", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("合计", [0, 2, 0, 1, 1, 0, 0, 0, 0, 1]),
    ],
}


def test_the_hand_counted_district_gives_exactly_the_expected_tables(cast, district):
    report = figures.build(unit=district, period=PERIOD, user=cast.chair)
    found = values(report)
    for key, rows in EXPECTED.items():
        assert found[key] == rows, key
    causes = dict(found["causes"])
    assert causes["劳动报酬"] == [3, 3] and causes["社会保险"] == [1, 0] and causes["合计"] == [4, 3]
    assert sum(v[0] for label, v in found["causes"][:-1]) == 4
    assert figures.reconciles(report)


def test_a_street_counts_only_its_subtree(cast, district):
    report = figures.build(unit=cast.street_a, period=PERIOD)
    # the community below the street is within its subtree
    assert values(report)["intake"][-1] == ("合计", [0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1])


def test_every_count_opens_a_case_list_of_exactly_as_many_cases(cast, district):
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("reports:table"), ASKED)
    assert page.status_code == 200
    checked = 0
    for table in page.context["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                if cell["n"]:
                    listed = client.get(cell["url"])
                    assert listed.context["page"].paginator.count == cell["v"], (
                        table["key"],
                        row["label"],
                        cell,
                    )
                    checked += 1
    assert checked > 60


def _number(value) -> float | str:
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _screen(content: bytes) -> list[tuple[str, list]]:
    tree = html.fromstring(content)
    return [
        (row.xpath("string(th)").strip(), [_number(td.get("data-figure")) for td in row.xpath("td")])
        for row in tree.xpath('//table[@data-testid="report-table"]/tbody/tr')
    ]


def _sheet(data: bytes, report: dict) -> list[tuple[str, list]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows, labels = [], {r["label"] for t in report["tables"] for r in t["rows"]}
    titles = [t["title"] for t in report["tables"]]
    table = -1
    for line in sheet.iter_rows(values_only=True):
        if line[0] in titles:
            table = titles.index(line[0])
            width = len(report["tables"][table]["rows"][0]["cells"])
            continue
        if table >= 0 and line[0] in labels and line[1] is not None:
            rows.append((line[0], [_number(v) for v in line[1 : 1 + width]]))
    return rows


def test_the_xlsx_opens_and_holds_the_screens_numbers_cell_by_cell(cast, district):
    client = Client()
    client.force_login(cast.statistician)
    page = client.get(reverse("reports:table"), {**ASKED, "unit": district.pk})
    download = client.get(reverse("reports:table_xlsx"), {**ASKED, "unit": district.pk})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    screen = _screen(page.content)
    assert len(screen) == sum(len(t["rows"]) for t in page.context["tables"])
    assert _sheet(download.content, figures.build(unit=district, period=PERIOD)) == screen
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet["A1"].value == "劳动人事争议调解仲裁情况统计表"
    assert any(str(r.coord).startswith("A1:") for r in sheet.merged_cells.ranges)
    text = " ".join(str(c) for line in sheet.iter_rows(values_only=True) for c in line if c)
    assert "填表人" in text and "审核人" in text and "填报日期" in text and district.name in text
    (claimed,) = [line for line in sheet.iter_rows(values_only=True) if line[0] == "本期收案请求金额"]
    assert claimed[2] == 48000 and not isinstance(claimed[2], str)  # a number the clerk can add up
    exported = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="reports.table")
    assert exported.actor == cast.statistician and exported.data["start"] == START.isoformat()


def test_only_a_commissions_analysts_open_the_tables(cast, district):
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
        for name in ("reports:table", "reports:table_xlsx", "reports:dashboard", "reports:kept_list"):
            assert client.get(reverse(name), ASKED).status_code == status, (user, name)
    other = Client()
    other.force_login(cast.statistician)
    page = other.get(reverse("reports:table"), {**ASKED, "unit": cast.other_district.pk})
    assert page.context["unit"] == district  # a unit outside theirs falls back to their own


def test_the_menu_offers_the_reports_to_analysts_only(cast):
    for user, shown in ((cast.chair, True), (cast.statistician, True), (cast.arbitrator, False)):
        client = Client()
        client.force_login(user)
        menu = {entry["label"] for entry in client.get(reverse("dashboard")).context["nav_entries"]}
        assert ({"统计报表", "数据看板"} <= menu) is shown, user


@pytest.mark.parametrize(
    "asked",
    [
        {"start": "2026-10-31", "end": "2026-10-01"},
        {"start": "2015-01-01", "end": "2026-10-01"},
        {"start": "2026-02-30", "end": "x"},
        {"start": "x" * 5000},
        {"unit": "abc", "start": "2026-10-01", "end": ""},
    ],
)
def test_a_bad_period_gets_a_message_and_the_default_period(cast, district, asked):
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("reports:table"), asked)
    assert page.status_code == 200
    assert "统计期间须填写有效的起止日期" in page.content.decode()
    assert client.get(reverse("reports:table_xlsx"), asked).status_code == 400
    assert client.get(reverse("reports:dashboard"), asked).status_code == 200


def test_the_tables_take_a_bounded_number_of_queries(cast, district, django_assert_max_num_queries):
    client = Client()
    client.force_login(cast.chair)
    client.get(reverse("reports:table"), ASKED)
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:table"), ASKED)
    for n in range(3):  # more cases, same number of queries
        case_of(
            cast, received=date(2026, 10, 6 + n), closed_on=date(2026, 10, 28), close_reason="transferred"
        )
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:table"), ASKED)
    with django_assert_max_num_queries(30):
        client.get(reverse("reports:dashboard"), ASKED)


@pytest.mark.parametrize(
    "hostile",
    [
        {"close_way": "nonsense"},
        {"closed_from": "2026-02-30"},
        {"pending_on": "x" * 3000},
        {"level": "<script>"},
        {"accepted_to": "-1"},
        {"individual_only": "yes", "closed_to": "2026-13-01"},
    ],
)
def test_the_case_list_answers_hostile_drill_down_values_with_a_message(cast, hostile):
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("cases:list"), hostile)
    assert page.status_code == 200
    assert page.context["form"].errors
    assert "以下筛选条件无法识别" in page.content.decode()


def test_the_case_list_shows_the_drill_down_conditions_it_applies(cast):
    client = Client()
    client.force_login(cast.chair)
    page = client.get(reverse("cases:list"), {"close_way": "final", "pending_on": "2026-10-31"})
    text = page.content.decode()
    assert "统计口径" in text and "终局裁决" in text and "2026-10-31" in text


def test_days_to_close_count_the_same_in_the_database_and_from_the_dates(cast, district):
    closed = figures.subtree_cases(district).filter(closed_on__range=(START, END)).order_by()
    in_database = {
        kind: {k: v for k, v in row.items() if k != "kind"}
        for kind, row in figures._spans_in_database(closed).items()
    }
    assert in_database == figures._spans_here(closed)
    assert in_database["arbitration"] == {"n": 2, "days": 60, "band0": 0, "band1": 2, "band2": 0, "band3": 0}


def test_a_kept_report_that_does_not_exist_is_404_whatever_its_number(cast):
    client = Client()
    client.force_login(cast.chair)
    for number in (1, 2**31, 10**30):
        assert client.get(f"/reports/kept/{number}/").status_code == 404
        assert client.get(f"/reports/kept/{number}/file/").status_code == 404
