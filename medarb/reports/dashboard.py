"""The dashboard's figures beyond the cause analysis (stats.causes): closure ways and, month by
month, the amounts claimed in the cases received against those awarded in the cases closed."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from medarb.arbitration.models import AwardItem, AwardState
from medarb.cases.closure import close_way_filter
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
