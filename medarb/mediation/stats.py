"""Mediation statistics per unit and level over a period (DOMAIN.md §5.2 MA1, §5.3).

Counted over the cases *registered* in the period (a cohort): how many were registered and
how each of them has ended so far. Closed = agreement + failed + withdrawn (the mediations
that ended at this organisation); success rate = agreements ÷ closed; average duration over
those closed. The page reads the daily rollup (`DailyStat`: one row per unit and registration
day, kept current by the services) with one GROUP BY unit; levels and totals are sums of it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from medarb.cases import policy
from medarb.mediation.models import DailyStat, MediationFile, Outcome
from medarb.orgs.models import MediationLevel, Unit

CLOSED = (Outcome.AGREEMENT, Outcome.FAILED, Outcome.WITHDRAWN)


@dataclass(frozen=True)
class StatsRow:
    key: str | int
    label: str
    registered: int
    success: int
    failed: int
    withdrawn: int
    refused: int
    referred: int
    handed: int
    pending: int
    closed: int
    average_days: Decimal | None

    @property
    def success_rate(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(self.success) * 100 / self.closed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Headings are lazy translations: str() them where a plain string is needed (xlsx cells).
COLUMNS = (
    ("registered", _("登记数")),
    ("success", _("调解成功")),
    ("failed", _("调解不成")),
    ("withdrawn", pgettext_lazy("statistics column", "撤回")),
    ("refused", pgettext_lazy("statistics column", "不予受理")),
    ("referred", pgettext_lazy("statistics column", "移送")),
    ("handed", _("转仲裁")),
    ("pending", _("未结")),
)


COUNTS = (
    "registered",
    "success",
    "failed",
    "withdrawn",
    "refused",
    "referred",
    "handed",
    "pending",
    "closed",
)


def _aggregates() -> dict:
    return {
        "registered": Count("id"),
        "success": Count("id", filter=Q(outcome=Outcome.AGREEMENT)),
        "failed": Count("id", filter=Q(outcome=Outcome.FAILED)),
        "withdrawn": Count("id", filter=Q(outcome=Outcome.WITHDRAWN)),
        "refused": Count("id", filter=Q(outcome=Outcome.REFUSED)),
        "referred": Count("id", filter=Q(outcome=Outcome.REFERRED)),
        "handed": Count("id", filter=Q(handed_over=True)),
        "pending": Count("id", filter=Q(outcome=Outcome.PENDING)),
        "closed": Count("id", filter=Q(outcome__in=CLOSED)),
        # Sum and count rather than Avg, so that unit rows add up to level and total rows.
        "days": Sum("duration_days", filter=Q(outcome__in=CLOSED)),
        "timed": Count("duration_days", filter=Q(outcome__in=CLOSED)),
    }


def _base(
    *, user, start: date | None, end: date | None, level: str = "", model=MediationFile, day="registered_on"
):
    paths = policy.read_paths(user)
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(unit_path__startswith=path)
    qs = model.objects.filter(where)
    if start:
        qs = qs.filter(**{f"{day}__gte": start})
    if end:
        qs = qs.filter(**{f"{day}__lte": end})
    if level:
        qs = qs.filter(level=level)
    return qs


def _summed() -> dict:
    return {name: Sum(name) for name in (*COUNTS, "days", "timed")}


def refresh_day(*, unit_id: int, day: date) -> None:
    """Recount one unit's files registered on one day into its DailyStat row."""
    values = MediationFile.objects.filter(unit_id=unit_id, registered_on=day).aggregate(**_aggregates())
    if not values["registered"]:
        DailyStat.objects.filter(unit_id=unit_id, day=day).delete()
        return
    unit = Unit.objects.get(pk=unit_id)
    DailyStat.objects.update_or_create(
        unit_id=unit_id,
        day=day,
        defaults={
            "unit_path": unit.path,
            "level": unit.mediation_level,
            **{k: v or 0 for k, v in values.items()},
        },
    )


def rebuild() -> int:
    """Recompute every DailyStat row from the files (after bulk loads or repairs)."""
    rows = MediationFile.objects.values("unit_id", "registered_on").annotate(**_aggregates())
    units = Unit.objects.in_bulk()
    DailyStat.objects.all().delete()
    stats = [
        DailyStat(
            day=r["registered_on"],
            unit_id=r["unit_id"],
            unit_path=units[r["unit_id"]].path,
            level=units[r["unit_id"]].mediation_level,
            **{k: r[k] or 0 for k in (*COUNTS, "days", "timed")},
        )
        for r in rows
    ]
    DailyStat.objects.bulk_create(stats, batch_size=5000)
    return len(stats)


def _row(key, label, values: dict) -> StatsRow:
    average = None
    if values.get("timed"):
        average = (Decimal(values["days"] or 0) / values["timed"]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return StatsRow(
        key=key, label=label, average_days=average, **{name: values.get(name) or 0 for name in COUNTS}
    )


def _add(rows: list[dict]) -> dict:
    return {name: sum(r[name] or 0 for r in rows) for name in (*COUNTS, "days", "timed")}


@dataclass(frozen=True)
class Report:
    units: list[StatsRow]
    levels: list[StatsRow]
    total: StatsRow


def report(*, user, start: date | None = None, end: date | None = None, level: str = "") -> Report:
    """One GROUP BY unit; the level and total rows are sums of the unit rows."""
    rows = _base(user=user, start=start, end=end, level=level, model=DailyStat, day="day")
    grouped = list(rows.values("unit_id").annotate(**_summed()))
    units = Unit.objects.in_bulk([g["unit_id"] for g in grouped])
    grouped.sort(key=lambda g: units[g["unit_id"]].path)
    by_level: dict[str, list[dict]] = {}
    for g in grouped:
        by_level.setdefault(units[g["unit_id"]].mediation_level, []).append(g)
    return Report(
        units=[_row(g["unit_id"], units[g["unit_id"]].name, g) for g in grouped],
        levels=[
            _row(code, str(label), _add(by_level[code]))
            for code, label in MediationLevel.choices
            if code in by_level
        ],
        total=_row("total", gettext("合计"), _add(grouped)),
    )


def by_unit(**kwargs) -> list[StatsRow]:
    return report(**kwargs).units


def by_level(**kwargs) -> list[StatsRow]:
    return report(**kwargs).levels


def total(**kwargs) -> StatsRow:
    return report(**kwargs).total


def can_see_statistics(user) -> bool:
    return bool(policy.is_staff(user) and policy.read_paths(user))
