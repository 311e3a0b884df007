"""The procedure calendar for staff: preview a period, and (for chairs and unit admins of a
commission) keep the holiday table and the local reading of the periods."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medarb.core.errors import DomainError
from medarb.orgs.models import Role, UnitKind
from medarb.orgs.selectors import active_memberships
from medarb.procedure import calendar, selectors, services
from medarb.procedure.forms import HolidayArrangementForm, HolidayOverrideForm, PreviewForm, RuleOverrideForm
from medarb.procedure.models import HolidayArrangement, HolidayOverride, RuleOverride
from medarb.procedure.rules import all_rules

COMMISSION_KINDS = {UnitKind.COMMISSION, UnitKind.CITY, UnitKind.PROVINCE}


def may_manage_calendar(user) -> bool:
    return any(
        m.role in (Role.CHAIR, Role.UNIT_ADMIN) and m.unit.kind in COMMISSION_KINDS
        for m in active_memberships(user)
    )


def _staff(request) -> None:
    if not getattr(request.user, "is_staff_member", False):
        raise PermissionDenied


@login_required
def overview(request):
    _staff(request)
    preview = None
    form = PreviewForm(request.GET or None)
    if form.is_valid():
        code, start = form.cleaned_data["rule"], form.cleaned_data["start"]
        preview = {"due_on": calendar.due_date(code, start), "explanation": calendar.explain(code, start)}
    context = {
        "form": form,
        "preview": preview,
        "rules": all_rules(),
        "rule_notes": dict(RuleOverride.objects.values_list("code", "note")),
        "holidays": HolidayOverride.objects.order_by("-day")[:200],
        "may_manage": may_manage_calendar(request.user),
        "holiday_form": HolidayOverrideForm(),
        "rule_form": RuleOverrideForm(),
        "arrangements": HolidayArrangement.objects.select_related("entered_by")[:20],
        "arrangement_form": HolidayArrangementForm(),
        "warnings": selectors.open_calendar_warnings(),
    }
    template = "procedure/calendar.html#preview" if request.htmx else "procedure/calendar.html"
    return render(request, template, context)


def _manager(request) -> None:
    if not may_manage_calendar(request.user):
        raise PermissionDenied


@login_required
@require_POST
def add_holiday(request):
    _manager(request)
    form = HolidayOverrideForm(request.POST)
    if form.is_valid():
        services.set_holiday_override(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已保存节假日调整。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("procedure:calendar")


@login_required
@require_POST
def add_arrangement(request):
    _manager(request)
    form = HolidayArrangementForm(request.POST)
    if form.is_valid():
        try:
            arrangement = services.enter_holiday_arrangement(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("已录入%(year)s年节假日安排，该年度不再按暂定计算。") % {"year": arrangement.year}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("procedure:calendar")


@login_required
@require_POST
def remove_holiday(request, day: str):
    _manager(request)
    form = HolidayOverrideForm({"day": day, "is_working_day": "0"})
    if form.is_valid():
        services.remove_holiday_override(actor=request.user, day=form.cleaned_data["day"])
        messages.success(request, _("已删除节假日调整。"))
    return redirect("procedure:calendar")


@login_required
@require_POST
def set_rule(request):
    _manager(request)
    form = RuleOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.set_rule_override(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已调整期间规则；已在计算中的期限不受影响。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("procedure:calendar")


@login_required
@require_POST
def reset_rule(request, code: str):
    _manager(request)
    services.remove_rule_override(actor=request.user, code=code)
    messages.success(request, _("已恢复法定期间。"))
    return redirect("procedure:calendar")
