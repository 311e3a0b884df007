"""绩效考核: the overview of a unit's handlers and units, a handler's own figures, the report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.performance import access, exports
from medarb.performance.figures import COLUMNS, Report, evaluate


def _evaluated(request) -> tuple[Report, list, str]:
    """The report the evaluator asked for (unit and period), with the units they may choose."""
    units = access.evaluation_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    period, problem = access.period_from(request.GET)
    return evaluate(viewer=request.user, unit=unit, period=period), units, problem


def _audit(request, report: Report, *, action=AuditAction.READ, what: str = "page") -> None:
    record(
        actor=request.user,
        action=action,
        object_type="performance.report",
        object_id=report.unit.pk if report.unit else "",
        summary=f"performance {what}",
        data={"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        request=request,
    )


def _context(report: Report) -> dict:
    period, unit = report.period, report.unit
    return {
        "report": report,
        "columns": COLUMNS,
        "people": access.lines(
            report.people, period=period, where=lambda r: {"unit_tree": unit.pk, "handler": r.key}
        ),
        "units_rows": access.lines(report.units, period=period, where=lambda r: {"unit_id": r.key}),
        "total": access.lines([report.total], period=period, where=lambda r: {"unit_tree": unit.pk})[0],
        "flagged": access.lines(
            report.flagged, period=period, where=lambda r: {"unit_tree": unit.pk, "handler": r.key}
        ),
    }


@login_required
@require_GET
def overview(request):
    report, units, problem = _evaluated(request)
    _audit(request, report)
    context = {**_context(report), "units": units, "problem": problem, "query": request.GET.urlencode()}
    return render(request, "performance/overview.html", context)


@login_required
@require_GET
def mine(request):
    if not access.is_handler(request.user):
        raise PermissionDenied
    period, problem = access.period_from(request.GET)
    report = evaluate(viewer=request.user, unit=None, period=period, person=request.user)
    row = report.people[0] if report.people else None
    line = (
        access.lines([row], period=period, where=lambda r: {"handler": r.key})[0] if row is not None else None
    )
    figures = (
        [(label, *cell) for (_key, label, _rate), cell in zip(COLUMNS, line.cells, strict=True)]
        if line
        else []
    )
    context = {"report": report, "line": line, "figures": figures, "problem": problem}
    return render(request, "performance/mine.html", context)


@login_required
@require_GET
def report_xlsx(request):
    report, _units, _problem = _evaluated(request)
    _audit(request, report, action=AuditAction.EXPORT, what="xlsx")
    return exports.xlsx_response(report)


@login_required
@require_GET
def report_pdf(request):
    report, _units, _problem = _evaluated(request)
    _audit(request, report, action=AuditAction.EXPORT, what="pdf")
    return exports.pdf_response(report, generated=timezone.localtime())
