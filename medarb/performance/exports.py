"""The evaluation report of a period (考核报告) as xlsx and as PDF, with the page's figures."""

import io
from datetime import datetime

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from medarb.core.responses import generated_pdf_response
from medarb.documents.pdf import write_pdf
from medarb.performance.figures import COLUMNS, Report, Row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def title(report: Report) -> str:
    return _("%(unit)s绩效考核报告（%(start)s 至 %(end)s）") % {
        "unit": report.unit.name if report.unit else "",
        "start": f"{report.period.start:%Y-%m-%d}",
        "end": f"{report.period.end:%Y-%m-%d}",
    }


def cell(value):
    """A figure as the page shows it: a rate or an average without a base is "—"."""
    return "—" if value is None else value


def _values(row: Row) -> list:
    return [cell(getattr(row, key)) for key, _label, _rate in COLUMNS]


def workbook_bytes(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    headings = [str(label) for _key, label, _rate in COLUMNS]
    sheets = (
        (
            _("人员"),
            [_("姓名"), _("角色"), *headings],
            [[r.name, r.role_label, *_values(r)] for r in report.people],
        ),
        (
            _("单位"),
            [_("单位"), *headings],
            [[r.name, *_values(r)] for r in [*report.units, report.total]],
        ),
    )
    for n, (name, header, rows) in enumerate(sheets):
        sheet = workbook.active if n == 0 else workbook.create_sheet()
        sheet.title = name
        sheet.append([title(report)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(header)
        for c in sheet[2]:
            c.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 30
        sheet.freeze_panes = "B3"
    notes = workbook.create_sheet(_("说明"))
    for line in definitions():
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def definitions() -> list[str]:
    return [
        _(
            "在办案件：期末前收件、期初后结案或尚未结案的案件；一案按承办人、首席/独任仲裁员、仲裁员、书记员、调解员各计一次。"
        ),
        _("计限结案：本期结案且结案时审理期限（仲裁45日）或调解期限（15日）正在计算的案件。"),
        _(
            "限期内结案：结案日不晚于届满日；届满日已计入经批准的延长和中止期间。按期结案率＝限期内结案÷计限结案。"
        ),
        _("平均结案天数：自立案（未立案的自收件）至结案的自然日平均数。调解率＝调解结案÷结案。"),
        _("终局裁决占比＝终局裁决÷裁决结案；被诉至法院：本期裁决结案后当事人起诉或申请撤销的案件。"),
        _("超期未结案件、超期待办：以每日期限巡检的超期标记为准，不含当事人自己的期间（如答辩期）。"),
    ]


def xlsx_response(report: Report) -> HttpResponse:
    response = HttpResponse(workbook_bytes(report), content_type=XLSX)
    name = f"performance-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def pdf_bytes(report: Report, *, generated: datetime) -> bytes:
    html = render_to_string(
        "performance/report_pdf.html",
        {
            "title": title(report),
            "report": report,
            "headings": [label for _key, label, _rate in COLUMNS],
            "people": [(r, _values(r)) for r in report.people],
            "units": [(r, _values(r)) for r in [*report.units, report.total]],
            "flagged": report.flagged,
            "definitions": definitions(),
            "generated": generated,
        },
    )
    return write_pdf(html)


def pdf_response(report: Report, *, generated: datetime):
    name = f"performance-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.pdf"
    return generated_pdf_response(pdf_bytes(report, generated=generated), filename=name)
