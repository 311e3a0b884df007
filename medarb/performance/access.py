"""Who sees whose figures, the period asked for, and the links from each figure to its cases."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from medarb.cases import policy
from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import active_memberships, units_under_roles
from medarb.performance.figures import COLUMNS, FINAL, MEDIATED, Period, Row

EVALUATORS = frozenset({Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN})
HANDLERS = frozenset({Role.ARBITRATOR, Role.CLERK, Role.MEDIATOR, Role.CHAIR})
MAX_DAYS = 3 * 366


def evaluation_units(user) -> list[Unit]:
    """The units whose figures `user` reads: where they are chair, admin or statistician, a
    supervisor's jurisdiction, and every unit below."""
    if not policy.is_staff(user):
        return []
    units = {u.pk: u for u in units_under_roles(user, EVALUATORS)}
    roots = [
        m.unit.jurisdiction
        for m in active_memberships(user)
        if m.role == Role.SUPERVISOR and m.unit.jurisdiction
    ]
    if roots:
        below = Q()
        for root in roots:
            below |= Q(path__startswith=root.path)
        units.update({u.pk: u for u in Unit.objects.filter(below, is_active=True)})
    return sorted(units.values(), key=lambda u: u.path)


def is_handler(user) -> bool:
    return policy.is_staff(user) and any(m.role in HANDLERS for m in active_memberships(user))


def _date(value: str | None) -> date | None:
    try:
        return parse_date((value or "")[:10])
    except ValueError:
        return None


def period_from(params) -> tuple[Period, str]:
    """The period asked for, or this year to date; a message when the request was unusable."""
    today = timezone.localdate()
    default = Period(today.replace(month=1, day=1), today)
    start, end = params.get("start"), params.get("end")
    if not start and not end:
        return default, ""
    start, end = _date(start), _date(end)
    if start is None or end is None or start > end or (end - start).days >= MAX_DAYS:
        return default, _("考核期间须为有效日期，起止有序且不超过三年，已改为本年度至今。")
    return Period(start, end), ""


def _url(**query) -> str:
    return f"{reverse('cases:list')}?{urlencode({k: v for k, v in query.items() if v})}"


def figure_links(row: Row, *, period: Period, where: dict) -> dict[str, str]:
    """Each column's link to the case list: the cases behind the figure, filtered as it counts."""
    base = {**where, "handled_from": period.start.isoformat(), "handled_to": period.end.isoformat()}
    closed = {**base, "closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()}
    by_column = {
        "handled": base,
        "closed": closed,
        "average_days": closed,
        "timed": {**closed, "timeliness": "timed"},
        "on_time": {**closed, "timeliness": "on_time"},
        "on_time_rate": {**closed, "timeliness": "on_time"},
        "late": {**closed, "timeliness": "late"},
        "mediated": {**closed, "close_reason": MEDIATED},
        "mediation_rate": {**closed, "close_reason": MEDIATED},
        "awards": {**closed, "only": "awarded"},
        "final": {**closed, "close_reason": FINAL},
        "final_share": {**closed, "close_reason": FINAL},
        "challenged": {**closed, "only": "challenged"},
        "reversed": {**closed, "only": "reversed"},
        "overdue_cases": {**base, "overdue": "on"},
        "overdue_tasks": {**base, "overdue": "on"},
    }
    return {key: _url(**by_column[key]) for key, _label, _rate in COLUMNS}


@dataclass
class Line:
    row: Row
    cells: list[tuple[object, str]]  # (value, link) in the order of COLUMNS
    links: dict[str, str]


def lines(rows: list[Row], *, period: Period, where) -> list[Line]:
    """Rows with their cells; `where(row)` gives the row's own filter (a person, a unit)."""
    found = []
    for row in rows:
        links = figure_links(row, period=period, where=where(row))
        cells = [(getattr(row, key), links[key]) for key, _label, _rate in COLUMNS]
        found.append(Line(row, cells, links))
    return found
