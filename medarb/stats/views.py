"""争议成因分析: the page of cause analysis for a commission's chair, admin and statistician."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from medarb.cases import policy
from medarb.cases.employers import NOT_RECORDED
from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import units_under_roles
from medarb.stats.causes import Period, analyse, monthly

ANALYSTS = frozenset({Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN})
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


def analysis_units(user) -> list[Unit]:
    """Units whose intake `user` analyses: where they are chair, admin or statistician, and below."""
    return units_under_roles(user, ANALYSTS)


def _date(value: str | None):
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _period(request) -> tuple[Period, str]:
    """The period asked for, or the last 90 days; a message when the request was unusable."""
    today = timezone.localdate()
    end = _date(request.GET.get("end")) or today
    start = _date(request.GET.get("start")) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end or (end - start).days >= MAX_DAYS:
        return Period(today - timedelta(days=DEFAULT_DAYS - 1), today), _(
            "统计期间须起止有序且不超过三年，已改为最近 90 天。"
        )
    return Period(start, end), ""


def _cases_link(period: Period, **filters) -> str:
    query = {"received_from": period.start.isoformat(), "received_to": period.end.isoformat(), **filters}
    return f"{reverse('cases:list')}?{urlencode(query)}"


@login_required
@require_GET
def causes(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied
    units = analysis_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    period, problem = _period(request)
    analysis = analyse(user=request.user, unit=unit, period=period)
    before = period.year_before()
    rows = [
        {
            "row": row,
            "link": _cases_link(period, cause=row.code, unit_tree=unit.pk),
            "link_before": _cases_link(before, cause=row.code, unit_tree=unit.pk),
        }
        for row in analysis.causes
    ]
    industries = [
        {
            "row": row,
            "link": _cases_link(period, industry=row.code, unit_tree=unit.pk),
            "link_before": _cases_link(before, industry=row.code, unit_tree=unit.pk),
        }
        for row in analysis.industries
    ]
    shown = [row.code for row in analysis.causes[:6]]
    grid = []
    for place in analysis.units:
        own = place == unit
        where = {"unit_id": unit.pk} if own else {"unit_tree": place.pk}
        counts = analysis.grid.get(place.pk, {})
        grid.append(
            {
                "unit": place,
                "own": own,
                "total": sum(counts.values()),
                "cells": [(counts.get(code, 0), _cases_link(period, cause=code, **where)) for code in shown],
            }
        )
    months = [
        {
            "month": m,
            "link": _cases_link(Period(m.start, m.end), unit_tree=unit.pk),
            "link_before": _cases_link(Period(m.start, m.end).year_before(), unit_tree=unit.pk),
        }
        for m in monthly(user=request.user, unit=unit, until=period.end)
    ]
    context = {
        "units": units,
        "months": months,
        "unit": unit,
        "analysis": analysis,
        "before": before,
        "problem": problem,
        "rows": rows,
        "industries": industries,
        "shown": [row for row in analysis.causes[:6]],
        "grid": [g for g in grid if g["total"] or not g["own"]],
        "employers": [
            {**e, "link": _cases_link(period, q=e["name"], unit_tree=unit.pk)} for e in analysis.employers
        ],
        "total_link": _cases_link(period, unit_tree=unit.pk),
        "unrecorded_link": _cases_link(period, industry=NOT_RECORDED, unit_tree=unit.pk),
        "chart": {
            "labels": [row.label for row in analysis.causes],
            "current": [row.current for row in analysis.causes],
            "previous": [row.previous for row in analysis.causes],
            "names": [
                f"{period.start:%Y-%m-%d}～{period.end:%Y-%m-%d}",
                f"{before.start:%Y-%m-%d}～{before.end:%Y-%m-%d}",
            ],
            "months": [f"{m['month'].start:%Y-%m}" for m in months],
            "monthly_current": [m["month"].current for m in months],
            "monthly_previous": [m["month"].previous for m in months],
            "trend_names": [_("本年"), _("上年同月")],
        },
    }
    return render(request, "stats/causes.html", context)
