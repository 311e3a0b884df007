"""Keeping the monthly statistical tables: built on the 1st for last month and stored."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from medarb.core.files import store_bytes
from medarb.orgs.models import Unit, UnitKind
from medarb.reports import figures as tables
from medarb.reports.models import KeptReport
from medarb.reports.xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def last_month(today: date) -> tables.Period:
    end = today.replace(day=1) - timedelta(days=1)
    return tables.Period(end.replace(day=1), end)


def xlsx_name(figures: dict) -> str:
    return f"统计报表_{figures['unit']['name']}_{figures['start']}_{figures['end']}.xlsx"


@transaction.atomic
def keep_report(*, unit: Unit, period: tables.Period, actor=None) -> KeptReport:
    """Build and keep the tables of `unit`'s whole subtree for `period` (once: a report kept
    for the same unit and period is returned as it was)."""
    kept = KeptReport.objects.filter(unit=unit, period_start=period.start, period_end=period.end).first()
    if kept:
        return kept
    figures = tables.build(unit=unit, period=period)
    data = workbook_bytes(figures, filled_by=str(actor) if actor else "", filed_on=timezone.localdate())
    stored = store_bytes(data=data, name=xlsx_name(figures), content_type=XLSX, actor=actor)
    return KeptReport.objects.create(
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        figures=figures,
        file=stored,
        generated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def keep_monthly_reports(*, today: date) -> list[KeptReport]:
    """Last month's tables for every district commission (the monthly job)."""
    period = last_month(today)
    units = Unit.objects.filter(kind=UnitKind.COMMISSION, is_active=True).order_by("path")
    return [keep_report(unit=unit, period=period) for unit in units]
