"""The procedure calendar for staff: preview a period as their unit counts it; chairs and unit
admins of a commission keep the holiday table, and chairs and unit admins of any case-handling
unit keep their own unit's reading of the periods (本委规则)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medarb.core.errors import DomainError
from medarb.orgs.models import COMMISSION_KINDS, Role
from medarb.orgs.selectors import active_memberships
from medarb.procedure import calendar, selectors, services
from medarb.procedure.forms import HolidayArrangementForm, HolidayOverrideForm, PreviewForm, RuleOverrideForm
from medarb.procedure.models import HolidayArrangement, HolidayOverride, RuleOverride
from medarb.procedure.rules import all_rules
from medarb.procedure.selectors import home_unit, rule_units_of


def may_manage_calendar(user) -> bool:
    return any(
        m.role in (Role.CHAIR, Role.UNIT_ADMIN) and m.unit.kind in COMMISSION_KINDS
        for m in active_memberships(user)
    )


def _staff(request) -> None:
    if not getattr(request.user, "is_staff_member", False):
        raise PermissionDenied


def _managed_unit(request, unit_id: int | None):
    """One of the units whose overrides the user keeps; another unit's is not found (404)."""
    units = rule_units_of(request.user)
    if unit_id is None:
        return units[0] if units else None
    for unit in units:
        if unit.pk == unit_id:
            return unit
    raise Http404


@login_required
def overview(request):
    _staff(request)
    preview = None
    form = PreviewForm(request.GET or None)
    home = home_unit(request.user)
    if form.is_valid():
        code, start = form.cleaned_data["rule"], form.cleaned_data["start"]
        preview = {
            "due_on": calendar.due_date(code, start, home),
            "explanation": calendar.explain(code, start, home),
        }
    unit_id = request.GET.get("unit", "")
    managed = _managed_unit(request, int(unit_id) if unit_id.isdigit() else None)
    context = {
        "form": form,
        "preview": preview,
        "home": home,
        "rules": all_rules(home),
        "holidays": HolidayOverride.objects.order_by("-day")[:200],
        "may_manage": may_manage_calendar(request.user),
        "holiday_form": HolidayOverrideForm(),
        "managed_unit": managed,
        "managed_units": rule_units_of(request.user),
        # Only the admin's own unit's overrides are listed, never another unit's.
        "overrides": (RuleOverride.objects.filter(unit=managed).select_related("set_by") if managed else []),
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


def _back_to(unit) -> str:
    return f"{reverse('procedure:calendar')}?unit={unit.pk}#rules"


@login_required
@require_POST
def set_rule(request, unit_id: int):
    unit = _managed_unit(request, unit_id)
    form = RuleOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.set_rule_override(actor=request.user, unit=unit, request=request, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已调整本委期间规则；已在计算中的期限不受影响。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_back_to(unit))


@login_required
@require_POST
def reset_rule(request, override_id: int):
    units = rule_units_of(request.user)
    override = get_object_or_404(RuleOverride.objects.select_related("unit"), pk=override_id, unit__in=units)
    services.remove_rule_override(actor=request.user, override=override, request=request)
    messages.success(request, _("已恢复法定期间。"))
    return redirect(_back_to(override.unit))
