"""The statistical tables as an xlsx laid out like the paper form: title, unit and period,
each table with its merged header rows and its unit of measure, and the signature footer
(填表人, 审核人, 填报日期). Written from the same cells the screen shows."""

import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number(value) -> tuple[object, str]:
    """Amounts and averages travel as text ("48000.00", "22.3", "—"): numbers in the sheet,
    so that a clerk can add them up; a dash stays a dash."""
    if isinstance(value, str):
        try:
            decimals = len(value.split(".")[1]) if "." in value else 0
            return Decimal(value), "#,##0." + "0" * decimals if decimals else "#,##0"
        except InvalidOperation:
            return value, ""
    return value, ""


def width(figures: dict) -> int:
    return max(1 + len(t["rows"][0]["cells"]) for t in figures["tables"])


def _head(sheet, table: dict, row: int) -> int:
    """Write the header rows with their merges; return the next free row."""
    taken: set[tuple[int, int]] = set()
    for offset, cells in enumerate(table["head"]):
        column = 1
        for cell in cells:
            while (row + offset, column) in taken:
                column += 1
            rows, cols = cell.get("rows", 1), cell.get("cols", 1)
            sheet.cell(row + offset, column, cell["text"])
            for r in range(row + offset, row + offset + rows):
                for c in range(column, column + cols):
                    taken.add((r, c))
                    sheet.cell(r, c).border = BOX
                    sheet.cell(r, c).alignment = CENTRE
                    sheet.cell(r, c).font = Font(bold=True)
            if rows > 1 or cols > 1:
                sheet.merge_cells(
                    start_row=row + offset,
                    start_column=column,
                    end_row=row + offset + rows - 1,
                    end_column=column + cols - 1,
                )
            column += cols
    return row + len(table["head"])


def workbook_bytes(figures: dict, *, filled_by: str = "", filed_on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("统计报表")
    span = width(figures)
    sheet.cell(1, 1, _("劳动人事争议调解仲裁情况统计表")).font = Font(bold=True, size=16)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    sheet.cell(1, 1).alignment = CENTRE
    sheet.row_dimensions[1].height = 30
    sheet.cell(2, 1, _("填报单位：%(unit)s") % {"unit": figures["unit"]["name"]})
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=span // 2)
    sheet.cell(2, span // 2 + 1, _("统计期间：%(start)s 至 %(end)s") % figures)
    sheet.merge_cells(start_row=2, start_column=span // 2 + 1, end_row=2, end_column=span)
    row = 4
    for table in figures["tables"]:
        sheet.cell(row, 1, table["title"]).font = Font(bold=True, size=12)
        columns = 1 + len(table["rows"][0]["cells"])
        sheet.cell(row, columns, table["unit"]).alignment = Alignment(horizontal="right")
        row = _head(sheet, table, row + 1)
        for line in table["rows"]:
            sheet.cell(row, 1, line["label"]).border = BOX
            for n, cell in enumerate(line["cells"], start=2):
                value, number_format = _number(cell["v"])
                target = sheet.cell(row, n, value)
                target.border = BOX
                target.alignment = Alignment(horizontal="right")
                if number_format:
                    target.number_format = number_format
            row += 1
        if table.get("note"):
            sheet.cell(row, 1, table["note"]).font = Font(italic=True, size=9)
            row += 1
        row += 1
    footer = (
        _("填表人：%(name)s") % {"name": filled_by or "__________"},
        _("审核人：__________"),
        _("填报日期：%(day)s") % {"day": filed_on.isoformat()},
    )
    step = max(1, span // 3)
    for n, text in enumerate(footer):
        sheet.cell(row + 1, 1 + n * step, text)
    sheet.column_dimensions["A"].width = 24
    for column in range(2, span + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
