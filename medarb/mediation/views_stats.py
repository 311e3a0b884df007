"""The mediation statistics page (tables + ECharts) and its xlsx export."""

import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.mediation import stats
from medarb.mediation.forms import StatsFilterForm


def _filters(request) -> tuple[StatsFilterForm, dict]:
    today = timezone.localdate()
    form = StatsFilterForm(request.GET or None, initial={"start": date(today.year, 1, 1), "end": today})
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return form, {"start": data["start"], "end": data["end"], "level": data["level"] or ""}
    return form, {"start": date(today.year, 1, 1), "end": today, "level": ""}


def _chart_data(units: list[stats.StatsRow], levels: list[stats.StatsRow]) -> dict:
    return {
        "units": [r.label for r in units],
        "series": [
            {"name": _("调解成功"), "values": [r.success for r in units]},
            {"name": _("调解不成"), "values": [r.failed for r in units]},
            {"name": _("转仲裁"), "values": [r.handed for r in units]},
        ],
        "levels": [r.label for r in levels],
        "level_rates": [float(r.success_rate) if r.success_rate is not None else 0 for r in levels],
        "rate_label": _("调解成功率"),
    }


@login_required
def statistics(request):
    if not stats.can_see_statistics(request.user):
        raise PermissionDenied
    form, filters = _filters(request)
    result = stats.report(user=request.user, **filters)
    units, levels = result.units, result.levels
    context = {
        "form": form,
        "filters": filters,
        "units": units,
        "levels": levels,
        "total": result.total,
        "columns": stats.COLUMNS,
        "chart_data": _chart_data(units, levels),
        "query": request.GET.urlencode(),
    }
    return render(request, "mediation/stats.html", context)


@login_required
def statistics_xlsx(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if not stats.can_see_statistics(request.user):
        raise PermissionDenied
    _form, filters = _filters(request)
    workbook = Workbook()
    # Cells take plain strings: the lazy headings are turned into text in the reader's language.
    header = [
        _("单位/层级"),
        *[str(label) for _code, label in stats.COLUMNS],
        _("平均调解天数"),
        _("调解成功率(%)"),
    ]
    result = stats.report(user=request.user, **filters)
    for key, rows in (("units", result.units), ("levels", result.levels)):
        sheet = workbook.active if key == "units" else workbook.create_sheet()
        sheet.title = _("按单位") if key == "units" else _("按层级")
        sheet.append(
            [
                _("调解统计 %(start)s 至 %(end)s")
                % {"start": filters["start"] or "", "end": filters["end"] or ""}
            ]
        )
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in [*rows, result.total]:
            sheet.append(
                [
                    str(row.label),
                    *[getattr(row, code) for code, _label in stats.COLUMNS],
                    float(row.average_days) if row.average_days is not None else None,
                    float(row.success_rate) if row.success_rate is not None else None,
                ]
            )
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="mediation.stats",
        summary="mediation statistics xlsx",
        data={k: str(v) for k, v in filters.items()},
        request=request,
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''mediation-statistics.xlsx"
    return response
