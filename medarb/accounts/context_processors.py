"""Navigation by role: each person sees the menu entries their roles use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships

HANDLING = {Role.FILING_OFFICER, Role.CLERK, Role.MEDIATOR, Role.ARBITRATOR, Role.CHAIR}
MANAGING = {Role.UNIT_ADMIN, Role.CHAIR}

# (label, url name, roles that see it; None = every staff member)
STAFF_MENU = (
    (_("工作台"), "dashboard", None),
    (_("案件"), "cases:list", None),
    (_("收件登记"), "cases:register", HANDLING),
    (_("调解"), "mediation:home", {Role.MEDIATOR, Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN}),
    (_("开庭日程"), "hearings:index", HANDLING | {Role.SUPERVISOR}),
    (_("实时监督"), "recording:supervision", {Role.SUPERVISOR}),
    (_("期限日历"), "procedure:calendar", None),
    (_("群众提问"), "portal:question_queue", {Role.FILING_OFFICER, Role.ARBITRATOR, Role.CHAIR}),
    (_("人脸复核"), "identity:reviews", {Role.FILING_OFFICER, Role.CHAIR}),
    (_("风险预警"), "alerts:list", {Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN}),
    (_("文书检索"), "search:records", None),
    (_("裁决公开"), "publication:library", {Role.CHAIR, Role.MEDIATOR}),
    (_("成因分析"), "stats:causes", {Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN}),
    (
        _("绩效考核"),
        "performance:overview",
        {Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN, Role.SUPERVISOR},
    ),
    (_("我的绩效"), "performance:mine", {Role.ARBITRATOR, Role.CLERK, Role.MEDIATOR}),
    (_("统计报表"), "reports:table", {Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN}),
    (_("数据看板"), "reports:dashboard", {Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN}),
    (_("档案"), "archives:home", {Role.ARCHIVIST, Role.CHAIR}),
    (_("裁审衔接"), "court:home", {Role.COURT_LIAISON, Role.CHAIR, Role.STATISTICIAN, Role.UNIT_ADMIN}),
    (_("法律援助"), "legalaid:desk", {Role.LEGAL_AID_OFFICER}),
    (_("文书模板"), "documents:template_list", MANAGING),
    (_("服务窗口"), "appointments:manage", MANAGING),
    (_("采集设备"), "recording:devices", MANAGING),
    (_("值班表"), "meetings:duty", MANAGING),
    (_("核验要求"), "identity:requirements", MANAGING),
    (_("机构与人员"), "orgs:tree", MANAGING),
    (_("账户安全"), "accounts:security", None),
)
PARTY_MENU = (
    (_("我的案件"), "portal:my_cases"),
    (_("我的送达"), "delivery:inbox"),
    (_("在线申请"), "portal:apply"),
    (_("预约取号"), "appointments:mine"),
    (_("我的提问"), "portal:my_questions"),
)


def _entries(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    if user.is_party:
        return [{"label": label, "url": reverse(name)} for label, name in PARTY_MENU]
    roles = {m.role for m in active_memberships(user)}
    return [
        {"label": label, "url": reverse(name)}
        for label, name, wanted in STAFF_MENU
        if wanted is None or roles & wanted
    ]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_entries": []}
    memberships = active_memberships(user) if user.is_authenticated and user.is_staff_member else []
    return {"nav_entries": _entries(user), "nav_memberships": memberships}
