"""Queries on the organisation tree."""

from django.db.models import QuerySet

from medarb.orgs.models import Membership, PoolMember, PoolStatus, Unit


def active_memberships(user) -> list[Membership]:
    """The user's active roles, cached on the user object for the request."""
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.pk:
            cached = []
        else:
            cached = list(Membership.objects.filter(user=user, is_active=True, unit__is_active=True).select_related("unit", "unit__jurisdiction"))
        user._active_memberships = cached
    return cached


def pool_members(*, pool: str, unit: Unit | None = None, active_only: bool = True) -> QuerySet[PoolMember]:
    qs = PoolMember.objects.filter(pool=pool).select_related("user", "unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if active_only:
        qs = qs.filter(status=PoolStatus.ACTIVE)
    return qs.order_by("unit__path", "user__full_name")
