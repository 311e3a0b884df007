"""风险预警 pages: the alerts a person sees, one alert with its handling, the minutes PDF, and
the rules a commission sets."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.alerts import selectors, services
from medarb.alerts.models import (
    Alert,
    AlertRule,
    AlertState,
    Contact,
    FollowUp,
    JointMeeting,
    Level,
    RuleKind,
)
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.core.errors import DomainError
from medarb.core.responses import file_response
from medarb.orgs.selectors import active_memberships

MAX_FOLLOW_UPS = 5


def _alert(request, alert_id: int) -> Alert:
    if not policy.is_staff(request.user):
        raise PermissionDenied
    alert = get_object_or_404(selectors.alerts_for(request.user), pk=alert_id)
    return alert


@login_required
@require_GET
def alert_list(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    alerts = selectors.alerts_for(request.user).prefetch_related("notices").order_by("-raised_at")
    if state in AlertState.values:
        alerts = alerts.filter(state=state)
    context = {
        "alerts": alerts[:200],
        "state": state,
        "states": AlertState.choices,
        "may_set_rules": bool(selectors.rule_units(request.user)),
    }
    return render(request, "alerts/list.html", context)


def _staff_of(units) -> list:
    return list(
        get_user_model()
        .objects.filter(memberships__unit__in=units, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("username")
    )


@login_required
@require_GET
def detail(request, alert_id: int):
    alert = _alert(request, alert_id)
    services.mark_read(alert=alert, actor=request.user)
    visible = (
        Case.objects.visible_to(request.user).filter(alerts=alert).with_related().order_by("received_on")
    )
    shown = list(visible)
    total = alert.cases.count()
    meetings = alert.meetings.prefetch_related("follow_ups__unit", "follow_ups__done_by").select_related(
        "called_by"
    )
    handler = selectors.may_handle(request.user, alert)
    record(
        actor=request.user,
        action=AuditAction.READ,
        obj=alert,
        summary=_("查看风险预警：%(title)s") % {"title": alert.title},
        request=request,
    )
    context = {
        "alert": alert,
        "cases": shown,
        "hidden": total - len(shown),
        "notices": alert.notices.select_related("unit", "contact", "read_by"),
        "meetings": meetings,
        "handler": handler and alert.state != AlertState.CLOSED,
        "owners": _staff_of([alert.unit]) if handler else [],
        "task_units": selectors.task_units(alert),
        "follow_up_rows": range(MAX_FOLLOW_UPS),
        "my_units": [m.unit_id for m in active_memberships(request.user)],
        "now": timezone.localtime(),
    }
    return render(request, "alerts/detail.html", context)


def _when(value: str) -> datetime:
    try:
        parsed = parse_datetime(value or "")
    except ValueError:  # well formed, not a date (2026-02-30T10:00)
        parsed = None
    if parsed is None:
        raise DomainError(_("请填写会议时间。"), field="held_at")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _follow_ups(request, alert: Alert) -> list[dict]:
    units = {str(u.pk): u for u in selectors.task_units(alert)}
    tasks = []
    for n in range(MAX_FOLLOW_UPS):
        task = request.POST.get(f"task_{n}", "").strip()
        if not task:
            continue
        unit = units.get(request.POST.get(f"unit_{n}", ""))
        try:
            due = parse_date(request.POST.get(f"due_{n}", "") or "")
        except ValueError:
            due = None
        if unit is None or due is None:
            raise DomainError(_("每项落实任务须选择责任单位并填写完成期限。"))
        tasks.append({"task": task, "unit": unit, "due_on": due})
    return tasks


@login_required
@require_POST
def act(request, alert_id: int, action: str):
    alert = _alert(request, alert_id)
    post = request.POST
    try:
        if action == "owner":
            owner = get_user_model().objects.filter(pk=post.get("owner") or 0).first()
            if owner is None:
                raise DomainError(_("请选择处置责任人。"))
            services.assign_owner(alert=alert, actor=request.user, owner=owner, request=request)
            messages.success(request, _("已指定处置责任人。"))
        elif action == "meeting":
            services.call_meeting(
                alert=alert,
                actor=request.user,
                held_at=_when(post.get("held_at")),
                place=post.get("place", ""),
                attendees=post.get("attendees", ""),
                request=request,
            )
            messages.success(request, _("已召集联席会议。"))
        elif action == "minutes":
            meeting = get_object_or_404(JointMeeting, pk=post.get("meeting") or 0, alert=alert)
            services.record_minutes(
                meeting=meeting,
                actor=request.user,
                minutes=post.get("minutes", ""),
                follow_ups=_follow_ups(request, alert),
                request=request,
            )
            messages.success(request, _("会议纪要已签章。"))
        elif action == "close":
            services.close_alert(
                alert=alert, actor=request.user, outcome=post.get("outcome", ""), request=request
            )
            messages.success(request, _("预警已办结。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("alerts:detail", alert_id=alert.pk)


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    follow_up = get_object_or_404(FollowUp.objects.select_related("meeting__alert__unit"), pk=follow_up_id)
    alert = _alert(request, follow_up.meeting.alert_id)
    try:
        services.complete_follow_up(
            follow_up=follow_up, actor=request.user, result=request.POST.get("result", ""), request=request
        )
        messages.success(request, _("已反馈落实情况。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("alerts:detail", alert_id=alert.pk)


@login_required
@require_GET
def minutes(request, meeting_id: int):
    meeting = get_object_or_404(JointMeeting.objects.select_related("minutes_file"), pk=meeting_id)
    _alert(request, meeting.alert_id)
    if meeting.minutes_file is None:
        raise Http404
    return file_response(
        meeting.minutes_file, filename=f"联席会议纪要-{meeting.pk}.pdf", inline=True, generated=True
    )


def _decimal(value: str):
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        raise DomainError(_("金额格式不正确。"), field="amount") from None


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    units = selectors.rule_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    linkable = selectors.linkable_units(unit)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("contact_name"):
                services.add_contact(
                    actor=request.user,
                    unit=unit,
                    department=post.get("contact_department", ""),
                    name=post.get("contact_name", ""),
                    phone=post.get("contact_phone", ""),
                    request=request,
                )
                messages.success(request, _("已添加联动部门联系人。"))
            elif post.get("remove_contact"):
                contact = get_object_or_404(Contact, pk=post.get("remove_contact"), unit=unit)
                services.remove_contact(actor=request.user, contact=contact, request=request)
                messages.success(request, _("已停用该联系人。"))
            else:
                kind = post.get("kind", "")
                services.save_rule(
                    actor=request.user,
                    unit=unit,
                    kind=kind,
                    enabled=post.get("enabled") == "on",
                    level=post.get("level") if post.get("level") in Level.values else Level.SERIOUS,
                    threshold=_int(post.get("threshold"), 0),
                    days=_int(post.get("days"), 0),
                    amount=_decimal(post.get("amount", "")),
                    linked_units=[u for u in linkable if str(u.pk) in post.getlist("linked")],
                    request=request,
                )
                messages.success(request, _("已保存预警规则。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?unit={unit.pk}")
    existing = {r.kind: r for r in AlertRule.objects.filter(unit=unit).prefetch_related("linked_units")}
    rows = [
        {
            "kind": kind,
            "label": label,
            "rule": existing.get(kind),
            "defaults": services.DEFAULTS[kind],
            "linked": {u.pk for u in existing[kind].linked_units.all()} if kind in existing else set(),
        }
        for kind, label in RuleKind.choices
    ]
    context = {
        "units": units,
        "unit": unit,
        "rows": rows,
        "levels": Level.choices,
        "linkable": linkable,
        "contacts": Contact.objects.filter(unit=unit, active=True),
    }
    return render(request, "alerts/rules.html", context)
