"""The organisation tree with rooms, staff and pools, for chairs and unit admins."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import render

from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships

MANAGING_ROLES = {Role.UNIT_ADMIN, Role.CHAIR}


@login_required
def tree(request):
    roots = [m.unit for m in active_memberships(request.user) if m.role in MANAGING_ROLES]
    if not roots:
        raise PermissionDenied
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(path__startswith=root.path)
    units = (
        Unit.objects.filter(query)
        .prefetch_related(
            "rooms",
            Prefetch(
                "memberships", queryset=Membership.objects.filter(is_active=True).select_related("user")
            ),
        )
        .order_by("path")
    )
    base_depth = min(root.depth for root in roots)
    rows = [{"unit": unit, "indent": unit.depth - base_depth} for unit in units]
    return render(request, "orgs/tree.html", {"rows": rows})
