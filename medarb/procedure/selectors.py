"""Queries on clocks and to-dos for overviews (the chair's, a unit's)."""

from django.db.models import Count, Q, QuerySet

from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.selectors import active_memberships
from medarb.procedure.models import Deadline, DeadlineState, Flag

# Units that handle cases may read the periods for themselves and the units below them.
RULE_UNIT_KINDS = frozenset(
    {
        UnitKind.PROVINCE,
        UnitKind.CITY,
        UnitKind.COMMISSION,
        UnitKind.STREET,
        UnitKind.COMMUNITY,
        UnitKind.ENTERPRISE,
    }
)
RULE_ADMIN_ROLES = frozenset({Role.CHAIR, Role.UNIT_ADMIN})


def rule_units_of(user) -> list[Unit]:
    """The units whose period overrides `user` keeps: those where they are chair or unit admin."""
    units = {
        m.unit.pk: m.unit
        for m in active_memberships(user)
        if m.role in RULE_ADMIN_ROLES and m.unit.kind in RULE_UNIT_KINDS
    }
    return sorted(units.values(), key=lambda unit: unit.path)


def home_unit(user) -> Unit | None:
    """The unit whose reading of the periods (本委规则) a staff member sees where no case is
    at hand: the first case-handling unit they belong to; None (the law) for anyone else."""
    for membership in sorted(active_memberships(user), key=lambda m: m.unit.path):
        if membership.unit.kind in RULE_UNIT_KINDS:
            return membership.unit
    return None


def flagged_deadlines(unit: Unit) -> QuerySet[Deadline]:
    """Running clocks flagged by the sweep (due soon or overdue) on cases of `unit`'s subtree,
    most urgent first. The caller shows them only to people who may see those cases."""
    return (
        Deadline.objects.filter(
            state=DeadlineState.RUNNING,
            flag__in=[Flag.DUE_SOON, Flag.OVERDUE],
            case__unit_path__startswith=unit.path,
        )
        .select_related("case")
        .order_by("due_on", "id")
    )


def deadline_counts(unit: Unit) -> dict[str, int]:
    """{"due_soon": n, "overdue": n, "paused": n} over the running and paused clocks of the subtree."""
    counts = Deadline.objects.filter(case__unit_path__startswith=unit.path).aggregate(
        due_soon=Count("id", filter=Q(state=DeadlineState.RUNNING, flag=Flag.DUE_SOON)),
        overdue=Count("id", filter=Q(state=DeadlineState.RUNNING, flag=Flag.OVERDUE)),
        paused=Count("id", filter=Q(state=DeadlineState.PAUSED)),
    )
    return {key: value or 0 for key, value in counts.items()}
