"""统计报表 and 数据看板: the periodic tables, their xlsx, the kept monthly reports, the dashboard.

Open to those who analyse a unit's intake (chair, unit admin, statistician: stats.views
`analysis_units`); every figure counts only the cases the person may see and links to them.
"""

from datetime import date
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.core.responses import file_response
from medarb.orgs.models import Unit
from medarb.reports import figures as tables
from medarb.reports.dashboard import dashboard_figures
from medarb.reports.links import linked
from medarb.reports.models import KeptReport
from medarb.reports.services import XLSX, last_month, xlsx_name
from medarb.reports.xlsx import workbook_bytes
from medarb.stats.views import analysis_units

MAX_DAYS = 3 * 366


def _units(request) -> tuple[list[Unit], Unit]:
    if not policy.is_staff(request.user):
        raise PermissionDenied
    units = analysis_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    return units, unit


def _date(value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _period(request, default: tables.Period) -> tuple[tables.Period, str]:
    """The period asked for, or `default`; a message when the request was unusable."""
    asked = request.GET.get("start"), request.GET.get("end")
    if not any(asked):
        return default, ""
    start, end = _date(asked[0]), _date(asked[1])
    if not start or not end or start > end or (end - start).days >= MAX_DAYS:
        return default, _("统计期间须填写有效的起止日期、起止有序且不超过三年，已改为默认期间。")
    return tables.Period(start, end), ""


def _query(unit: Unit, period: tables.Period) -> str:
    return urlencode({"unit": unit.pk, "start": period.start.isoformat(), "end": period.end.isoformat()})


@login_required
@require_GET
def table(request):
    units, unit = _units(request)
    period, problem = _period(request, last_month(timezone.localdate()))
    figures = tables.build(unit=unit, period=period, user=request.user)
    context = {
        "units": units,
        "unit": unit,
        "period": period,
        "problem": problem,
        "tables": linked(figures),
        "query": _query(unit, period),
        "kept": None,
    }
    return render(request, "reports/table.html", context)


@login_required
@require_GET
def table_xlsx(request):
    _units_list, unit = _units(request)
    period, problem = _period(request, last_month(timezone.localdate()))
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    figures = tables.build(unit=unit, period=period, user=request.user)
    data = workbook_bytes(figures, filled_by=str(request.user), filed_on=timezone.localdate())
    _record_export(request, unit=unit, period=period)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(xlsx_name(figures))}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _record_export(request, *, unit: Unit, period: tables.Period, kept: KeptReport | None = None) -> None:
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reports.kept" if kept else "reports.table",
        object_id=kept.pk if kept else "",
        summary="statistical report xlsx",
        data={"unit": unit.pk, "start": period.start.isoformat(), "end": period.end.isoformat()},
        request=request,
    )


def _kept_for(request) -> list[int]:
    _units_list, _unit = _units(request)
    return [u.pk for u in analysis_units(request.user)]


@login_required
@require_GET
def kept_list(request):
    allowed = _kept_for(request)
    reports = KeptReport.objects.filter(unit_id__in=allowed).select_related("unit", "file")[:240]
    return render(request, "reports/kept_list.html", {"reports": reports})


def _kept(request, report_id: int) -> KeptReport:
    allowed = _kept_for(request)
    kept = KeptReport.objects.filter(pk=report_id, unit_id__in=allowed).select_related("unit", "file").first()
    if kept is None:
        raise Http404("no such report")
    return kept


@login_required
@require_GET
def kept_detail(request, report_id: int):
    kept = _kept(request, report_id)
    period = tables.Period(kept.period_start, kept.period_end)
    context = {
        "units": [],
        "unit": kept.unit,
        "period": period,
        "problem": "",
        "tables": linked(kept.figures),
        "query": _query(kept.unit, period),
        "kept": kept,
    }
    return render(request, "reports/table.html", context)


@login_required
@require_GET
def kept_file(request, report_id: int):
    kept = _kept(request, report_id)
    _record_export(
        request, unit=kept.unit, period=tables.Period(kept.period_start, kept.period_end), kept=kept
    )
    return file_response(kept.file)


@login_required
@require_GET
def dashboard(request):
    units, unit = _units(request)
    today = timezone.localdate()
    period, problem = _period(request, tables.Period(today.replace(month=1, day=1), today))
    context = {
        "units": units,
        "unit": unit,
        "period": period,
        "problem": problem,
        "query": _query(unit, period),
        **dashboard_figures(user=request.user, unit=unit, period=period),
    }
    return render(request, "reports/dashboard.html", context)
