"""Navigation by role: each person sees the menu entries their roles use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships


def _entries(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    if user.is_party:
        return [{"label": _("我的案件"), "url": reverse("dashboard")}]
    roles = {m.role for m in active_memberships(user)}
    entries = [
        {"label": _("工作台"), "url": reverse("dashboard")},
        {"label": _("案件"), "url": reverse("cases:list")},
    ]
    if roles & {Role.FILING_OFFICER, Role.CLERK, Role.MEDIATOR, Role.ARBITRATOR, Role.CHAIR}:
        entries.append({"label": _("收件登记"), "url": reverse("cases:register")})
    if roles & {Role.UNIT_ADMIN, Role.CHAIR}:
        entries.append({"label": _("机构与人员"), "url": reverse("orgs:tree")})
    entries.append({"label": _("账户安全"), "url": reverse("accounts:security")})
    return entries


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_entries": []}
    memberships = active_memberships(user) if user.is_authenticated and user.is_staff_member else []
    return {"nav_entries": _entries(user), "nav_memberships": memberships}
