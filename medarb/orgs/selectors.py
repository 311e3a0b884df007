"""Queries on the organisation tree."""

from datetime import date

from django.db.models import Q, QuerySet

from medarb.orgs.models import Membership, PoolMember, PoolStatus, RegionalStandard, Unit


def active_memberships(user) -> list[Membership]:
    """The user's active roles, cached on the user object for the request."""
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.pk:
            cached = []
        else:
            cached = list(
                Membership.objects.filter(user=user, is_active=True, unit__is_active=True).select_related(
                    "unit", "unit__jurisdiction"
                )
            )
        user._active_memberships = cached
    return cached


def units_under_roles(user, roles) -> list[Unit]:
    """The active units where `user` holds one of `roles`, and every unit below them."""
    roots = [m.unit for m in active_memberships(user) if m.role in roles]
    if not roots:
        return []
    below = Q()
    for root in roots:
        below |= Q(path__startswith=root.path)
    return list(Unit.objects.filter(below, is_active=True).order_by("path"))


def pool_members(*, pool: str, unit: Unit | None = None, active_only: bool = True) -> QuerySet[PoolMember]:
    qs = PoolMember.objects.filter(pool=pool).select_related("user", "unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if active_only:
        qs = qs.filter(status=PoolStatus.ACTIVE)
    return qs.order_by("unit__path", "user__full_name")


def region_prefixes(region_code: str) -> list[str]:
    """The codes a standard may be stored under for `region_code`, most specific first.

    "350102" → ["350102", "350100", "3501", "350000", "35", ""]: the district, its city and
    its province, each as a full six-digit code or as the significant prefix, then national.
    """
    significant = (region_code or "").strip()
    while len(significant) > 2 and significant.endswith("00"):
        significant = significant[:-2]
    prefixes: list[str] = []
    while significant:
        for candidate in (significant.ljust(6, "0"), significant):
            if candidate not in prefixes:
                prefixes.append(candidate)
        significant = significant[:-2]
        while len(significant) > 2 and significant.endswith("00"):
            significant = significant[:-2]
    prefixes.append("")
    return prefixes


def standard_for(region_code: str, kind: str, on: date) -> RegionalStandard | None:
    """The standard of `kind` in force on `on` for the region: the most specific region with
    a row effective on or before `on`, and within it the latest such row; None when none."""
    prefixes = region_prefixes(region_code)
    rows = RegionalStandard.objects.filter(region_code__in=prefixes, kind=kind, effective_from__lte=on)
    best: RegionalStandard | None = None
    for row in rows:
        rank = (prefixes.index(row.region_code), -row.effective_from.toordinal())
        if best is None or rank < (prefixes.index(best.region_code), -best.effective_from.toordinal()):
            best = row
    return best
