"""The figures of a hand-built district equal the hand-counted ones (see performance/testing.py),
and every figure on the page opens a case list of exactly as many cases."""

import io
import re
import subprocess
from datetime import date

import time_machine
from django.urls import reverse

from medarb.performance.figures import COLUMNS, Period, evaluate
from medarb.procedure.models import Deadline

PERIOD = Period(date(2026, 3, 1), date(2026, 6, 30))
QUERY = {"start": "2026-03-01", "end": "2026-06-30"}
FIELDS = [key for key, _label, _rate in COLUMNS]


def _row(rows, name):
    (row,) = [r for r in rows if r.name == name]
    return row


def _figures(row) -> dict:
    return {key: getattr(row, key) for key in FIELDS}


def _counts(row, **expected):
    return {key: getattr(row, key) for key in expected} == expected


class TestHandCountedDistrict:
    def test_the_clocks_moved_as_in_production(self, built):
        award = {c: Deadline.objects.get(case=getattr(built, c), rule_code="award") for c in "bcd"}
        assert (award["b"].paused_days, award["b"].due_on) == (20, date(2026, 5, 6))  # suspended 12 Mar–1 Apr
        assert (award["c"].extended_days, award["c"].due_on) == (10, date(2026, 4, 27))  # extended 10 days
        assert award["d"].due_on == date(2026, 4, 16)

    def test_each_handler_and_unit_has_the_hand_counted_figures(self, cast, built):
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            report = evaluate(viewer=cast.chair, unit=cast.district, period=PERIOD)
        lin = _row(report.people, "林仲裁")  # A B C D E: B on time by its suspension, C by its extension
        assert _figures(lin) == {
            "handled": 5,
            "closed": 4,
            "timed": 4,
            "on_time": 3,
            "late": 1,
            "on_time_rate": 75.0,
            "average_days": round((18 + 59 + 53 + 49) / 4, 1),
            "mediated": 1,
            "mediation_rate": 25.0,
            "awards": 0,
            "final": 0,
            "final_share": None,
            "challenged": 0,
            "reversed": 0,
            "overdue_cases": 1,  # E: its 45 days ran out on 16 April
            "overdue_tasks": 1,  # E's to-do for the arbitrators, due 9 March
        }
        chen = _row(report.people, "陈书记")  # the clerk of all six
        assert _counts(
            chen, handled=6, closed=5, timed=5, on_time=4, late=1, overdue_cases=1, overdue_tasks=1
        )
        assert chen.average_days == round((18 + 59 + 53 + 49 + 8) / 5, 1) and chen.role_label == "书记员"
        wang = _row(report.people, "王仲裁")
        assert (
            _counts(wang, handled=1, closed=1, on_time=1, late=0, overdue_cases=0)
            and wang.on_time_rate == 100.0
        )
        li = _row(report.people, "李街道")  # M1 on time; M2 on time by its agreed extension
        assert _counts(li, handled=2, closed=2, timed=2, on_time=2, mediated=0) and li.average_days == 15.0
        assert li.role_label == "调解员"
        assert [r.name for r in report.flagged] == ["陈书记", "林仲裁"]
        district = _row(report.units, "鹭湖区劳动人事争议仲裁院")
        assert _counts(district, handled=6, closed=5, on_time=4, late=1, overdue_cases=1, overdue_tasks=2)
        assert _counts(report.total, handled=8, closed=7, timed=7, on_time=6, late=1, mediated=1)

    def test_a_handler_sees_only_her_own_figures(self, client, cast, built):
        client.force_login(cast.arbitrator)
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            page = client.get(reverse("performance:mine"), QUERY)
        assert page.status_code == 200
        line = page.context["line"]
        assert line.row.name == "林仲裁" and _counts(line.row, handled=5, on_time=3, late=1)
        assert [r.name for r in page.context["report"].people] == ["林仲裁"]
        assert "您有超期未结案件 1 件" in page.content.decode()

    def test_every_figure_on_the_page_opens_as_many_cases(self, client, cast, built):
        client.force_login(cast.chair)
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            page = client.get(reverse("performance:overview"), {**QUERY, "unit": cast.district.pk})
            assert page.status_code == 200
            checked = 0
            lines = [*page.context["people"], *page.context["units_rows"], page.context["total"]]
            for line in lines:
                for key, (value, link) in zip(FIELDS, line.cells, strict=True):
                    if value is None:
                        continue
                    listed = client.get(link)
                    count = listed.context["page"].paginator.count
                    expected = {
                        "on_time_rate": line.row.on_time,
                        "average_days": line.row.closed,
                        "mediation_rate": line.row.mediated,
                        "final_share": line.row.final,
                        "overdue_tasks": line.row.overdue_cases,
                    }.get(key, value)
                    assert count == expected, (line.row.name, key, link)
                    checked += 1
        assert checked > 50
        flagged = page.context["flagged"]
        listed = client.get(flagged[0].links["overdue_cases"])
        assert [c.pk for c in listed.context["page"].object_list] == [built.e.pk]
        assert "承办人员：陈书记" in listed.content.decode()


class TestReport:
    def test_the_xlsx_matches_the_screen_and_the_pdf_carries_the_figures(self, client, cast, built):
        from openpyxl import load_workbook

        client.force_login(cast.chair)
        query = {**QUERY, "unit": cast.district.pk}
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            page = client.get(reverse("performance:overview"), query)
            xlsx = client.get(reverse("performance:report_xlsx"), query)
            pdf = client.get(reverse("performance:report_pdf"), query)
        assert xlsx.status_code == 200 and pdf.status_code == 200
        book = load_workbook(io.BytesIO(xlsx.content))
        people = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
        on_screen = [
            (line.row.name, line.row.role_label, *["—" if v is None else v for v, _link in line.cells])
            for line in page.context["people"]
        ]
        assert [tuple(r) for r in people] == on_screen
        units = list(book.worksheets[1].iter_rows(min_row=3, values_only=True))
        assert units[-1][0] == "合计" and units[-1][1:4] == (8, 7, 7)
        assert "2026-03-01 至 2026-06-30" in book.worksheets[0]["A1"].value

        data = b"".join(pdf.streaming_content)
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "绩效考核报告" in text and "有超期案件的承办人员" in text
        lin = next(line for line in text.splitlines() if "林仲裁" in line and "75.0" in line)
        assert re.findall(r"\d+(?:\.\d+)?", lin)[:8] == ["5", "4", "4", "3", "1", "75.0", "44.8", "1"]


class TestChairDashboard:
    def test_the_chairs_dashboard_flags_the_handlers_with_overdue_cases(self, client, cast, built):
        client.force_login(cast.chair)
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            page = client.get(reverse("dashboard")).content.decode()
        panel = page[page.index('data-testid="performance-panel"') :]
        assert "林仲裁" in panel and "陈书记" in panel and "王仲裁" not in panel.split("</section>")[0]

    def test_an_arbitrators_dashboard_has_no_such_block(self, client, cast, built):
        client.force_login(cast.arbitrator)
        with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
            assert 'data-testid="performance-panel"' not in client.get(reverse("dashboard")).content.decode()
