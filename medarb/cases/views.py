"""Case pages for staff: dashboard, list, registration at the window, case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medarb.audit.selectors import audit_trail_for_case
from medarb.cases import policy, selectors, services
from medarb.cases.forms import CaseFilterForm, CaseForm, ClaimFormSet, PartyFormSet
from medarb.cases.models import PartySide
from medarb.cases.panels import dashboard_panels_for, panels_for
from medarb.cases.scope import case_scope
from medarb.core.errors import DomainError
from medarb.core.masking import mask_id_number, mask_phone
from medarb.orgs.models import Unit
from medarb.procedure.declaration import registered

PAGE_SIZE = 25


@login_required
def dashboard(request):
    if policy.is_party(request.user):
        # A party has one home, the portal, and one list of their cases in it.
        return redirect("portal:home")
    from medarb.procedure.approvals import pending_approvals
    from medarb.procedure.selectors import open_calendar_warnings
    from medarb.procedure.todos import tasks_for
    from medarb.procedure.views import may_manage_calendar

    waiting = selectors.cases_waiting_for(user=request.user)[:50]
    context = {
        "calendar_warnings": open_calendar_warnings() if may_manage_calendar(request.user) else [],
        "waiting": waiting,
        "tasks": list(tasks_for(request.user)[:50]),
        "approvals": list(pending_approvals(request.user)[:50]),
        "panels": dashboard_panels_for(request=request),
    }
    if policy.is_supervisor(request.user):
        # The jurisdiction's overview; a supervisor has no to-dos and no cases of their own.
        overview = selectors.supervision_overview(user=request.user, today=timezone.localdate())
        context["overview"] = overview
        context["overview_chart"] = {
            "units": [u.short_name or u.name for u, _n in overview.units],
            "counts": [n for _u, n in overview.units],
        }
    return render(request, "cases/dashboard.html", context)


def _conditions(filters: selectors.CaseFilters) -> list[dict]:
    """The performance filters in force, each as a hidden field and words for the clerk."""
    from django.contrib.auth import get_user_model

    from medarb.cases import timeliness

    shown = []

    def add(name, value, label):
        if value:
            shown.append({"name": name, "value": value, "label": label})

    if filters.handler:
        person = (
            get_user_model().objects.filter(pk=filters.handler).values_list("full_name", flat=True).first()
        )
        add("handler", filters.handler, _("承办人员：%(name)s") % {"name": person or "—"})
    add("handled_from", filters.handled_from, _("在办期间自 %(day)s") % {"day": filters.handled_from})
    add("handled_to", filters.handled_to, _("在办期间至 %(day)s") % {"day": filters.handled_to})
    add("closed_from", filters.closed_from, _("结案日期自 %(day)s") % {"day": filters.closed_from})
    add("closed_to", filters.closed_to, _("结案日期至 %(day)s") % {"day": filters.closed_to})
    ways = {"mediated": _("调解"), "award_final": _("终局裁决")}
    way = ways.get(filters.close_reason, filters.close_reason)
    add("close_reason", filters.close_reason, _("结案方式：%(way)s") % {"way": way})
    labels = {"timed": _("计限结案"), "on_time": _("限期内结案"), "late": _("超期结案")}
    add("timeliness", filters.timeliness, labels.get(filters.timeliness, ""))
    add("overdue", "on" if filters.overdue else "", _("超期未结"))
    named = timeliness.CONDITIONS.get(filters.only)
    add("only", filters.only, named[0] if named else _("未知条件"))
    return shown


@login_required
def case_list(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None)
    filters = selectors.CaseFilters(**form.cleaned_data) if form.is_valid() else selectors.CaseFilters()
    page = Paginator(selectors.case_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "ordering": filters.ordering,
        "states": [(p.label, list(p.states.values())) for p in registered().values()],
        "query": request.GET.copy(),
        "unit_filter": Unit.objects.filter(pk=filters.unit_tree or filters.unit_id or 0).first(),
        "unit_alone": bool(filters.unit_id and not filters.unit_tree),
        "conditions": _conditions(filters),
        "statistics_filters": form.statistics_filters(),
    }
    template = "cases/case_list.html#results" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request):
    units = policy.units_for_registration(request.user)
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        form = CaseForm(request.POST, units=units)
        parties = PartyFormSet(request.POST, prefix="party")
        claims = ClaimFormSet(request.POST, prefix="claim")
        if form.is_valid() and parties.is_valid() and claims.is_valid():
            data = services.CaseInput(
                **{k: v for k, v in form.cleaned_data.items()},
                parties=[services.PartyInput(**p) for p in parties.cleaned_data if p],
                claims=[services.ClaimInput(**c) for c in claims.cleaned_data if c],
            )
            try:
                with transaction.atomic():
                    case = services.register_case(actor=request.user, data=data, request=request)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已登记收件。"))
                return redirect("cases:detail", case_id=case.pk)
    else:
        form = CaseForm(units=units)
        parties = PartyFormSet(
            prefix="party",
            initial=[
                {"side": PartySide.APPLICANT, "kind": "worker"},
                {"side": PartySide.RESPONDENT, "kind": "employer", "is_organisation": True},
            ],
        )
        claims = ClaimFormSet(prefix="claim")
    return render(request, "cases/case_register.html", {"form": form, "parties": parties, "claims": claims})


@login_required
def case_detail(request, case_id: int):
    case = selectors.case_detail(user=request.user, case_id=case_id)
    can_write = policy.can_write_case(request.user, case)
    services.record_case_read(user=request.user, case=case, request=request)
    # Those who act on the case see numbers in clear; a party sees only their own.
    handles = policy.sees_personal_data(request.user, case, can_write=can_write)
    parties = []
    for party in case.parties.all():
        clear = handles or party.user_id == request.user.pk
        parties.append(
            {
                "party": party,
                "id_number": party.id_number if clear else mask_id_number(party.id_number),
                "phone": party.phone if clear else mask_phone(party.phone),
            }
        )
    scope = case_scope(request.user, case)
    context = {
        "case": case,
        "parties": parties,
        "shows": {item: scope.allows(item) for item in ("parties", "claims", "facts", "timeline")},
        "scoped": not scope.full,
        "can_write": can_write,
        "can_view_audit": policy.can_view_audit(request.user, case),
        "panels": panels_for(request=request, case=case, can_write=can_write),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_audit(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if not policy.can_view_audit(request.user, case):
        raise PermissionDenied
    page = Paginator(audit_trail_for_case(case_id=case.pk), 50).get_page(request.GET.get("page"))
    return render(request, "cases/case_audit.html", {"case": case, "page": page})
