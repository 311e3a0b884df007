"""Who sees and handles an alert. Alerts are about employers and groups of workers, not one
case: they are seen by the managing seats (chair, admin, statistician) of the
alert's unit and the units above it, its owner, and the staff of the linked units it was sent
to or a follow-up task was given to. The cases behind an alert are listed to each person only
as far as `Case.objects.visible_to` lets them."""

from django.db.models import Q, QuerySet

from medarb.alerts.models import Alert, FollowUp
from medarb.cases import policy
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships

SEEING = frozenset({Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN})
HANDLING = frozenset({Role.CHAIR, Role.UNIT_ADMIN})


def _paths(user, roles) -> list[str]:
    return [m.unit.path for m in active_memberships(user) if m.role in roles]


def _units(user) -> list[int]:
    return [m.unit_id for m in active_memberships(user)]


def _within(path: str, roots: list[str]) -> bool:
    return any(path.startswith(root) for root in roots)


def alerts_for(user) -> QuerySet[Alert]:
    if not policy.is_staff(user):
        return Alert.objects.none()
    seen = Q(owner=user) | Q(notices__unit__in=_units(user)) | Q(meetings__follow_ups__unit__in=_units(user))
    for root in _paths(user, SEEING):
        seen |= Q(unit__path__startswith=root)
    ids = Alert.objects.filter(seen).values("pk")
    return Alert.objects.filter(pk__in=ids).select_related("rule", "unit", "owner")


def may_see(user, alert: Alert) -> bool:
    return alerts_for(user).filter(pk=alert.pk).exists()


def may_handle(user, alert: Alert) -> bool:
    return policy.is_staff(user) and (
        alert.owner_id == user.pk or _within(alert.unit.path, _paths(user, HANDLING))
    )


def may_own(user, alert: Alert) -> bool:
    """An owner works in the alert's unit or in one of its rule's linked units."""
    units = {alert.unit_id, *alert.rule.linked_units.values_list("pk", flat=True)}
    return policy.is_staff(user) and bool(units & set(_units(user)))


def may_set_rules(user, unit) -> bool:
    return policy.is_staff(user) and unit.path in _paths(user, HANDLING)


def rule_units(user) -> list:
    """The units whose rules `user` sets: where they are chair or admin of a commission."""
    from medarb.orgs.models import COMMISSION_KINDS

    return [
        m.unit for m in active_memberships(user) if m.role in HANDLING and m.unit.kind in COMMISSION_KINDS
    ]


def may_complete(user, follow_up: FollowUp) -> bool:
    return may_handle(user, follow_up.meeting.alert) or (
        policy.is_staff(user) and follow_up.unit_id in _units(user)
    )


def linkable_units(unit) -> list:
    """Units an alert of `unit` may be sent to: those below it (its street rooms) and beside
    it under the same parent (a department placed in the tree), never the unit itself nor a
    unit above it."""
    from medarb.orgs.models import Unit

    parent = unit.path[: unit.path.rstrip("/").rfind("/") + 1] or unit.path
    units = Unit.objects.filter(path__startswith=parent, is_active=True).exclude(pk=unit.pk)
    return list(units.exclude(path=parent).order_by("path"))


def task_units(alert: Alert) -> list:
    """Units a joint meeting may give a task to: the alert's unit and those below it, then the
    rule's linked units."""
    from medarb.orgs.models import Unit

    units = list(Unit.objects.filter(path__startswith=alert.unit.path, is_active=True).order_by("path"))
    return units + [u for u in alert.rule.linked_units.all() if u not in units]
