"""Queries on cases, each authorising as it fetches."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from medarb.cases import policy, timeliness
from medarb.cases.closure import close_way_filter, pending_on_filter
from medarb.cases.employers import NOT_RECORDED
from medarb.cases.models import Case, CaseKind, CaseQuerySet, Party, PartySide, TimelineEntry
from medarb.orgs.models import MEDIATION_LEVEL_OF_KIND, Unit
from medarb.orgs.selectors import active_memberships
from medarb.procedure.declaration import registered
from medarb.procedure.models import Deadline, DeadlineState
from medarb.procedure.rules import rule


def case_get_for_user(*, user, case_id: int, write: bool = False) -> Case:
    """The case if the user may see it (404 otherwise); PermissionDenied if `write` and read-only."""
    case = Case.objects.with_related().filter(pk=case_id).first()
    if case is None or not policy.can_read_case(user, case):
        raise Http404("no such case")
    if write and not policy.can_write_case(user, case):
        raise PermissionDenied("read-only access to this case")
    return case


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    unit_id: int | None = None
    cause: str = ""
    open_only: bool = False
    collective_only: bool = False
    industry: str = ""  # of a respondent organisation
    employer_type: str = ""  # of a respondent organisation
    received_from: date | None = None
    received_to: date | None = None
    unit_tree: int | None = None
    handler: int | None = None
    handled_from: date | None = None
    handled_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    close_reason: str = ""
    timeliness: str = ""
    overdue: bool = False
    only: str = ""
    # The statistical reports' drill-down (see cases.closure): accepted or pending when.
    close_way: str = ""
    accepted_from: date | None = None
    accepted_to: date | None = None
    pending_on: date | None = None
    individual_only: bool = False
    level: str = ""
    ordering: str = "-id"


ORDERINGS = {
    "-id": ("-id",),
    "id": ("id",),
    "received_on": ("received_on", "id"),
    "-received_on": ("-received_on", "-id"),
    "number": ("number", "id"),
    "-number": ("-number", "-id"),
    "claimed_total": ("claimed_total", "id"),
    "-claimed_total": ("-claimed_total", "-id"),
    "status": ("status", "-id"),
}


# A search matching more cases than this is paged by the database as usual (two scans).
SEARCH_ID_LIMIT = 2000


class CountedQuerySet(CaseQuerySet):
    """A queryset whose size is already known, so that a paginator does not count it again.

    Only the instance given the count answers from it: a further filter or ordering is a new
    queryset that counts in the database as usual.
    """

    known_count: int | None = None

    def count(self) -> int:
        if self.known_count is not None and self._result_cache is None:
            return self.known_count
        return super().count()


def _search_filter(term: str) -> Q:
    return Q(number__icontains=term) | Q(party_names__icontains=term)


def _searched(qs: QuerySet[Case], term: str) -> tuple[QuerySet[Case], int | None]:
    """`qs` narrowed to the cases whose number or party names contain `term`, and their count
    when it is known.

    A substring test can use no index, so the database reads every visible row; paged as is,
    it would do so twice (the count and the page). Instead one scan collects the matching ids
    (from the `case_search` covering index, a fraction of the table's size); their number is
    the count and the page is fetched by primary key. Common terms fall back to the plain filter.
    """
    matching = qs.filter(_search_filter(term)).order_by().values_list("pk", flat=True)
    ids = list(matching[: SEARCH_ID_LIMIT + 1])
    if len(ids) > SEARCH_ID_LIMIT:
        return qs.filter(_search_filter(term)), None
    return qs.filter(pk__in=ids), len(ids)


def _performance_filters(qs: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """The filters behind the performance figures (see `cases.timeliness`)."""
    if filters.handler:
        qs = qs.filter(timeliness.handled_by(filters.handler))
    if filters.handled_from or filters.handled_to:
        qs = qs.filter(timeliness.under_way(filters.handled_from or date.min, filters.handled_to or date.max))
    if filters.closed_from:
        qs = qs.filter(closed_on__gte=filters.closed_from)
    if filters.closed_to:
        qs = qs.filter(closed_on__lte=filters.closed_to)
    if filters.close_reason:
        qs = qs.filter(close_reason=filters.close_reason)
    if filters.timeliness == "timed":
        qs = qs.filter(timeliness.timed())
    elif filters.timeliness == "on_time":
        qs = qs.filter(timeliness.on_time())
    elif filters.timeliness == "late":
        qs = qs.filter(timeliness.late())
    if filters.overdue:
        qs = qs.filter(timeliness.overdue())
    if filters.only:
        named = timeliness.CONDITIONS.get(filters.only)
        qs = qs.filter(named[1]()) if named else qs.none()
    return qs


def _statistics_filtered(qs: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """The filters behind each figure of the statistical reports."""
    for field, value in (
        ("accepted_on__gte", filters.accepted_from),
        ("accepted_on__lte", filters.accepted_to),
    ):
        if value:
            qs = qs.filter(**{field: value})
    if filters.close_way:
        qs = qs.filter(close_way_filter(filters.close_way))
    if filters.pending_on:
        qs = qs.filter(pending_on_filter(filters.pending_on))
    if filters.individual_only:
        qs = qs.filter(is_collective=False)
    if filters.level:
        qs = qs.filter(unit__kind__in=[k for k, v in MEDIATION_LEVEL_OF_KIND.items() if v == filters.level])
    return qs


def case_list(*, user, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The visible cases, filtered and ordered: as many queries to count and page them with a
    search term as without (the search's own scan stands in for the count, see `_searched`)."""
    filters = filters or CaseFilters()
    qs = Case.objects.visible_to(user).with_related()
    if filters.kind in CaseKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.unit_tree:
        path = Unit.objects.filter(pk=filters.unit_tree).values_list("path", flat=True).first()
        qs = qs.filter(unit_path__startswith=path) if path else qs.none()
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.cause:
        qs = qs.filter(Q(primary_cause=filters.cause) | Q(primary_cause__startswith=f"{filters.cause}."))
    if filters.open_only:
        qs = qs.filter(closed_on__isnull=True)
    qs = _performance_filters(qs, filters)
    if filters.collective_only:
        qs = qs.filter(is_collective=True)
    for field in ("industry", "employer_type"):  # of a respondent organisation
        if value := getattr(filters, field):
            recorded = Party.objects.filter(case=OuterRef("pk"), side=PartySide.RESPONDENT).exclude(
                **{field: ""}
            )
            found = Exists(recorded.filter(**{field: value}) if value != NOT_RECORDED else recorded)
            qs = qs.filter(found if value != NOT_RECORDED else ~found)
    qs = _statistics_filtered(qs, filters)
    count = None
    if term := filters.q.strip():
        qs, count = _searched(qs, term)
    qs = qs.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS["-id"]))
    if count is None:
        return qs
    counted = CountedQuerySet(model=Case, query=qs.query.chain(), using=qs.db, hints=qs._hints)
    counted.known_count = count
    return counted


def case_detail(*, user, case_id: int, write: bool = False) -> Case:
    """A visible case with parties, claims and the timeline fetched in a fixed number of queries."""
    case = case_get_for_user(user=user, case_id=case_id, write=write)
    timeline = TimelineEntry.objects.select_related("actor").order_by("at", "id")
    if not policy.sees_internal_entries(user, case):
        timeline = timeline.filter(is_internal=False)
    prefetch_related_objects(
        [case],
        Prefetch("parties", queryset=Party.objects.select_related("principal").order_by("side", "id")),
        "claims",
        Prefetch("timeline", queryset=timeline),
    )
    return case


def units_with_cases_for(user) -> QuerySet[Unit]:
    paths = policy.read_paths(user)
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return Unit.objects.filter(query, kind__in=["commission", "street", "community", "enterprise"]).order_by(
        "path"
    )


def cases_waiting_for(*, user) -> QuerySet[Case]:
    """Open cases of the user's units whose state waits for one of the user's roles there; for a
    role that acts only on its assigned cases (an arbitrator), only those assigned to the user."""
    from medarb.procedure.todos import assigned_to

    query = Q(pk__in=[])
    for membership in active_memberships(user):
        for procedure in registered().values():
            states = [code for code, s in procedure.states.items() if membership.role in s.waits_for]
            if states:
                waiting = Q(unit_id=membership.unit_id, kind=procedure.kind, status__in=states)
                if membership.role in procedure.assigned_roles:
                    waiting &= assigned_to(user, procedure)
                query |= waiting
    return Case.objects.filter(query).with_related().order_by("received_on", "id")


# --- the supervisors' overview -----------------------------------------------------------------


@dataclass(frozen=True)
class OpenCount:
    unit: Unit
    kind_label: str
    state_label: str
    state_order: int
    count: int


@dataclass(frozen=True)
class OverdueClock:
    case: Case
    title: str
    due_on: date
    days_over: int  # natural days since the due date


@dataclass(frozen=True)
class Overview:
    open_cases: list[OpenCount]
    open_total: int
    units: list[tuple[Unit, int]]  # open cases per unit, most first
    overdue: list[OverdueClock]
    overdue_total: int


OVERDUE_SHOWN = 50


def supervision_overview(*, user, today: date) -> Overview:
    """What a supervisor oversees, within what the policy lets them read: open cases by unit and
    state, and the clocks past their due date. A fixed number of queries whatever the data."""
    visible = Case.objects.visible_to(user)
    grouped = list(
        visible.filter(closed_on__isnull=True)
        .order_by()
        .values("unit_id", "kind", "status")
        .annotate(n=Count("id"))
    )
    units = Unit.objects.in_bulk({g["unit_id"] for g in grouped})
    procedures = registered()
    rows, per_unit = [], {}
    for g in grouped:
        procedure = procedures.get(g["kind"])
        states = list(procedure.states) if procedure else []
        state = procedure.states.get(g["status"]) if procedure else None
        unit = units[g["unit_id"]]
        rows.append(
            OpenCount(
                unit=unit,
                kind_label=str(procedure.label) if procedure else g["kind"],
                state_label=str(state.label) if state else g["status"],
                state_order=states.index(g["status"]) if state else len(states),
                count=g["n"],
            )
        )
        per_unit[unit.pk] = per_unit.get(unit.pk, 0) + g["n"]
    rows.sort(key=lambda r: (r.unit.path, r.kind_label, r.state_order))
    late = Deadline.objects.filter(
        state=DeadlineState.RUNNING, due_on__lt=today, case__in=visible.order_by().values("pk")
    )
    overdue = [
        OverdueClock(
            case=d.case,
            title=rule(d.rule_code, d.case.unit_path).title,
            due_on=d.due_on,
            days_over=(today - d.due_on).days,
        )
        for d in late.select_related("case", "case__unit").order_by("due_on", "id")[:OVERDUE_SHOWN]
    ]
    return Overview(
        open_cases=rows,
        open_total=sum(per_unit.values()),
        units=sorted(((units[pk], n) for pk, n in per_unit.items()), key=lambda u: (-u[1], u[0].path)),
        overdue=overdue,
        overdue_total=late.count() if len(overdue) == OVERDUE_SHOWN else len(overdue),
    )
