"""The dashboard's figures: the flow and amounts of the tables (reports.figures), intake by cause
and by street against a year before and the monthly trend (stats.causes), and, month by month,
the amounts claimed in the cases received against those awarded in the cases closed. Every
figure carries the link to its cases; `chart` is what the page's ECharts script draws."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from medarb.arbitration.models import AwardItem, AwardState
from medarb.cases import timeliness
from medarb.cases.closure import close_way_filter
from medarb.orgs.models import Unit
from medarb.reports import figures as tables
from medarb.reports.links import cases_link, linked
from medarb.stats import causes as cause_analysis
from medarb.stats.causes import Month


@dataclass(frozen=True)
class MonthAmounts:
    start: date
    end: date
    claimed: Decimal
    awarded: Decimal


def _month(value) -> date:
    return value.date() if hasattr(value, "date") else value


def amounts_by_month(cases, months: list[Month]) -> list[MonthAmounts]:
    """Two GROUP BY month queries, whatever the number of months."""
    if not months:
        return []
    first, last = months[0].start, months[-1].end
    claimed = {
        _month(r["month"]): r["amount"]
        for r in cases.filter(received_on__range=(first, last))
        .order_by()
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(amount=Sum("claimed_total"))
    }
    by_award = cases.filter(close_way_filter("awarded"), closed_on__range=(first, last)).order_by()
    awarded = {
        _month(r["month"]): r["amount"]
        for r in AwardItem.objects.filter(
            award__state=AwardState.SERVED, award__case__in=by_award.values("pk")
        )
        .annotate(month=TruncMonth("award__case__closed_on"))
        .values("month")
        .annotate(amount=Sum("awarded"))
        .order_by()
    }
    return [
        MonthAmounts(m.start, m.end, claimed.get(m.start) or Decimal(0), awarded.get(m.start) or Decimal(0))
        for m in months
    ]


def _between(prefix: str, start: date, end: date) -> dict:
    return {f"{prefix}_from": start.isoformat(), f"{prefix}_to": end.isoformat()}


def _by_unit(analysis, unit: Unit, received: dict) -> list[dict]:
    rows = []
    for place in analysis.units:
        own = place == unit
        count = sum(analysis.grid.get(place.pk, {}).values())
        if own and not count:
            continue
        name = place.short_name or place.name
        where = {"unit_id": unit.pk} if own else {"unit_tree": place.pk}
        rows.append(
            {
                "label": _("%(unit)s（本级）") % {"unit": name} if own else name,
                "value": count,
                "url": cases_link({**received, **where}, unit.pk),
            }
        )
    return rows


def _months(user, unit: Unit, until: date) -> list[dict]:
    months = cause_analysis.monthly(user=user, unit=unit, until=until)
    amounts = amounts_by_month(tables.subtree_cases(unit, user=user), months)
    rows = []
    for month, money in zip(months, amounts, strict=True):
        before = cause_analysis.Period(month.start, month.end).year_before()
        closed = {**_between("closed", month.start, month.end), "close_way": "awarded"}
        rows.append(
            {
                "month": month,
                "url": cases_link(_between("received", month.start, month.end), unit.pk),
                "url_before": cases_link(_between("received", before.start, before.end), unit.pk),
                "amounts": money,
                "url_awarded": cases_link(closed, unit.pk),
            }
        )
    return rows


def _on_time(user, unit: Unit, closed: dict) -> dict:
    """The cases closed in the period within their time limit (suspensions and extensions
    counted, see cases.timeliness), of those closed with a limit running."""
    cases = tables.subtree_cases(unit, user=user).filter(
        closed_on__range=(closed["closed_from"], closed["closed_to"])
    )
    counts = cases.aggregate(
        timed=Count("id", filter=timeliness.timed()), on_time=Count("id", filter=timeliness.on_time())
    )
    rate = round(counts["on_time"] * 100 / counts["timed"], 1) if counts["timed"] else None
    return {
        **counts,
        "rate": rate,
        "url": cases_link({**closed, "timeliness": "on_time"}, unit.pk),
        "url_timed": cases_link({**closed, "timeliness": "timed"}, unit.pk),
    }


def dashboard_figures(*, user, unit: Unit, period: tables.Period) -> dict:
    intake, amounts = linked(tables.build(unit=unit, period=period, user=user, keys=("intake", "amounts")))
    total = intake["rows"][-1]["cells"]
    analysis = cause_analysis.analyse(
        user=user, unit=unit, period=cause_analysis.Period(period.start, period.end)
    )
    before = analysis.period.year_before()
    received = _between("received", period.start, period.end)
    by_cause = [
        {
            "label": r.label,
            "value": r.current,
            "previous": r.previous,
            "url": cases_link({**received, "cause": r.code}, unit.pk),
            "url_before": cases_link(
                {**_between("received", before.start, before.end), "cause": r.code}, unit.pk
            ),
        }
        for r in analysis.causes
    ]
    by_unit = _by_unit(analysis, unit, received)
    # the ways of closure side by side (final awards are a part of the awards)
    heads = intake["head"][1][1:]
    ways = [(h["text"], cell, way) for h, cell, way in zip(heads, total[4:-1], tables.WAYS, strict=True)]
    months = _months(user, unit, period.end)
    closed = _between("closed", period.start, period.end)
    return {
        "on_time": _on_time(user, unit, closed),
        "kpis": [
            (_("上期未结"), total[0]),
            (_("本期收案"), total[1]),
            (_("本期结案"), total[3]),
            (_("期末未结"), total[-1]),
        ],
        "amount_rows": amounts["rows"],
        "by_cause": by_cause,
        "by_unit": by_unit,
        "ways": ways,
        "months": months,
        "chart": {
            "causes": {
                "labels": [c["label"] for c in by_cause],
                "values": [c["value"] for c in by_cause],
                "previous": [c["previous"] for c in by_cause],
                "urls": [c["url"] for c in by_cause],
            },
            "units": {
                "labels": [u["label"] for u in by_unit],
                "values": [u["value"] for u in by_unit],
                "urls": [u["url"] for u in by_unit],
            },
            "ways": [
                {"name": label, "value": c["v"], "url": c["url"]} for label, c, way in ways if way != "final"
            ],
            "months": {
                "labels": [f"{m['month'].start:%Y-%m}" for m in months],
                "current": [m["month"].current for m in months],
                "previous": [m["month"].previous for m in months],
                "urls": [m["url"] for m in months],
                "claimed": [float(m["amounts"].claimed) for m in months],
                "awarded": [float(m["amounts"].awarded) for m in months],
                "names": [_("本年"), _("上年同月"), _("请求金额"), _("裁决金额")],
                "axes": [_("件"), _("元")],
            },
        },
    }
