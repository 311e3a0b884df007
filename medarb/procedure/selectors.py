"""Who keeps which periods, and what calendar administrators should know."""

from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.selectors import active_memberships
from medarb.procedure.models import CalendarWarning

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


def open_calendar_warnings() -> list[CalendarWarning]:
    """Years whose holiday arrangement calendar administrators should enter (raised in November)."""
    return list(CalendarWarning.objects.filter(resolved_at__isnull=True))
