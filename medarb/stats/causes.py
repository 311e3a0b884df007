"""Cause analysis (争议成因分析): which causes rise, where, and which employers recur.

For a unit's subtree and a period, against the same period a year before: the cases received
by top-level cause, by the units directly below (the streets of a district), by the industry
of the employers (recorded at filing), and the employers with more than one case. Everything counts only the cases the person may see
(`Case.objects.visible_to`), so each figure equals the case list it links to.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from medarb.cases import causes
from medarb.cases.employers import Industry
from medarb.cases.models import Case, Party, PartySide
from medarb.orgs.models import Unit


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def year_before(self) -> "Period":
        return Period(_year_before(self.start), _year_before(self.end))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class CauseRow:
    code: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> float | None:
        """The change against a year before, in per cent (None: nothing a year before)."""
        return None if not self.previous else round((self.current - self.previous) * 100 / self.previous, 1)


@dataclass
class Analysis:
    unit: Unit
    period: Period
    causes: list[CauseRow]
    units: list[Unit]  # the units directly below, then the unit itself (its own intake)
    grid: dict[int, dict[str, int]] = field(default_factory=dict)  # unit id → cause → cases
    employers: list[dict] = field(default_factory=list)
    # by the industry of the respondent organisations (a case against two counts in each)
    industries: list[CauseRow] = field(default_factory=list)
    unrecorded: int = 0  # cases of the period with no respondent's industry recorded

    @property
    def total(self) -> int:
        return sum(row.current for row in self.causes)

    @property
    def total_before(self) -> int:
        return sum(row.previous for row in self.causes)


def _by_cause(cases, period: Period) -> dict[str, int]:
    counted: dict[str, int] = {}
    rows = cases.filter(received_on__range=(period.start, period.end)).values("primary_cause")
    for row in rows.annotate(n=Count("id")):
        top = causes.top_of(row["primary_cause"])
        counted[top] = counted.get(top, 0) + row["n"]
    return counted


def _respondents(cases, period: Period):
    within = cases.filter(received_on__range=(period.start, period.end))
    return Party.objects.filter(case__in=within, side=PartySide.RESPONDENT, is_organisation=True)


def _by_industry(cases, period: Period) -> dict[str, int]:
    rows = _respondents(cases, period).exclude(industry="").values("industry")
    return {row["industry"]: row["n"] for row in rows.annotate(n=Count("case", distinct=True))}


def _unrecorded(cases, period: Period) -> int:
    known = _respondents(cases, period).exclude(industry="").values("case_id")
    return cases.filter(received_on__range=(period.start, period.end)).exclude(pk__in=known).count()


def analyse(*, user, unit: Unit, period: Period, employers: int = 10) -> Analysis:
    cases = Case.objects.visible_to(user).filter(unit_path__startswith=unit.path)
    now, before = _by_cause(cases, period), _by_cause(cases, period.year_before())
    rows = [
        CauseRow(code, str(label), now.get(code, 0), before.get(code, 0))
        for code, label in causes.TOP_CHOICES
        if now.get(code) or before.get(code)
    ]
    rows.sort(key=lambda r: (-r.current, -r.previous))
    # the units below that take cases (streets, communities…; not a legal-aid station)
    below = [
        u for u in Unit.objects.filter(parent=unit, is_active=True).order_by("path") if u.mediation_level
    ]
    grid: dict[int, dict[str, int]] = {}
    within = cases.filter(received_on__range=(period.start, period.end))
    for row in within.values("unit_path", "primary_cause").annotate(n=Count("id")):
        owner = next((u for u in below if row["unit_path"].startswith(u.path)), unit)
        cell = grid.setdefault(owner.pk, {})
        top = causes.top_of(row["primary_cause"])
        cell[top] = cell.get(top, 0) + row["n"]
    recurring = (
        Party.objects.filter(case__in=within, side=PartySide.RESPONDENT, is_organisation=True)
        .values("name")
        .annotate(cases=Count("case", distinct=True))
        .filter(cases__gte=2)
        .order_by("-cases", "name")[:employers]
    )
    now, before = _by_industry(cases, period), _by_industry(cases, period.year_before())
    industries = [
        CauseRow(code, str(label), now.get(code, 0), before.get(code, 0))
        for code, label in Industry.choices
        if now.get(code) or before.get(code)
    ]
    industries.sort(key=lambda r: (-r.current, -r.previous))
    return Analysis(
        unit=unit,
        period=period,
        causes=rows,
        units=[*below, unit],
        grid=grid,
        employers=list(recurring),
        industries=industries,
        unrecorded=_unrecorded(cases, period),
    )


@dataclass(frozen=True)
class Month:
    start: date
    end: date
    current: int
    previous: int  # the same month a year before


def _month_end(first: date) -> date:
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _per_month(cases, first: date, last: date) -> dict[date, int]:
    rows = cases.filter(received_on__range=(first, last)).annotate(month=TruncMonth("received_on"))
    counted = {}
    for row in rows.values("month").annotate(n=Count("id")):
        month = row["month"]
        counted[month.date() if hasattr(month, "date") else month] = row["n"]
    return counted


def monthly(*, user, unit: Unit, until: date, months: int = 12) -> list[Month]:
    """The intake of each of the `months` calendar months up to `until`'s, and of the same
    months a year before (the last month counts to `until` only, as its year-before twin)."""
    first = until.replace(day=1)
    for _n in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    cases = Case.objects.visible_to(user).filter(unit_path__startswith=unit.path)
    now = _per_month(cases, first, until)
    before = _per_month(cases, _year_before(first), _year_before(until))
    found, month = [], first
    while month <= until:
        end = min(_month_end(month), until)
        found.append(Month(month, end, now.get(month, 0), before.get(_year_before(month), 0)))
        month = end + timedelta(days=1)
    return found
