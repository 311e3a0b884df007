"""The procedure's pages: fire an act from the case page, decide an approval, read the
procedure. Every view starts from `case_get_for_user`; the acts go through `workflow.perform`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.arbitration import papers
from medarb.cases import policy, workflow
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.orgs.models import Role
from medarb.procedure import rules
from medarb.procedure.approvals import decide_approval
from medarb.procedure.declaration import PREVIOUS, STAY, guard_reason, procedure_for
from medarb.procedure.diagram import render_svg
from medarb.procedure.models import Approval
from medarb.procedure.selectors import home_unit


def _back_to_case(request, case_id: int):
    url = reverse("cases:detail", args=[case_id])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def act(request, case_id: int, transition: str):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    try:
        declared = workflow.check(case=case, transition=transition, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_case(request, case.pk)
    error = None
    form = workflow.bind_form(declared, case, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            workflow.perform(
                case=case, transition=transition, actor=request.user, data=request.POST, request=request
            )
        except workflow.ActionInvalid as exc:
            form = exc.form
        except DomainError as exc:
            if form is not None and form.is_bound and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                error = exc.message
        else:
            case.refresh_from_db()
            if declared.needs_approval and workflow.pending_approval(case, declared.code):
                messages.info(request, _("已报请主任审批：%(act)s。") % {"act": declared.label})
            else:
                messages.success(request, _("已办理：%(act)s。") % {"act": declared.label})
            return _back_to_case(request, case.pk)
    # A declared review (e.g. the draft award before 签发) is shown above the form.
    review = declared.extra.get("review")
    context = {
        "case": case,
        "transition": declared,
        "form": form,
        "error": error,
        "review": review(case) if review else None,
        # Sealing takes seconds: the pressed button says what is happening meanwhile.
        "busy_label": _("正在签章…") if papers.issues_papers(case, declared) else _("正在提交…"),
    }
    template = "arbitration/act.html#act-form" if request.htmx else "arbitration/act.html"
    return render(
        request, template, context, status=400 if (error or (form is not None and form.errors)) else 200
    )


@login_required
def award_preview(request, case_id: int):
    """The draft award on the chair's desk as the PDF it will be issued as (样稿, not a paper)."""
    from medarb.arbitration.models import AwardState
    from medarb.arbitration.papers import preview_award
    from medarb.arbitration.services import current_award
    from medarb.cases.services import record_case_read

    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    award = current_award(case, AwardState.SUBMITTED) if case.kind == "arbitration" else None
    if award is None:
        raise Http404("no award awaiting sign-off")
    record_case_read(user=request.user, case=case, request=request, what="award draft preview")
    try:
        data = preview_award(case=case, award=award)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_case(request, case.pk)
    return HttpResponse(
        data,
        content_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="award-draft.pdf"'},
    )


@login_required
@require_POST
def decide(request, case_id: int, approval_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    approval = get_object_or_404(Approval, pk=approval_id, case=case)
    decision = request.POST.get("decision")
    if decision not in {"approve", "return"}:
        messages.error(request, _("请选择批准或退回。"))
        return _back_to_case(request, case.pk)
    try:
        decide_approval(
            approval=approval,
            actor=request.user,
            approve=decision == "approve",
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已批准。") if decision == "approve" else _("已退回。"))
    return _back_to_case(request, case.pk)


def _roles(roles) -> str:
    return "、".join(str(Role(r).label) for r in sorted(roles) if r in Role.values)


def _clock_lines(transition, unit=None) -> list[str]:
    lines = []
    for verb, codes in (
        (_("开始"), transition.starts),
        (_("停止"), transition.stops),
        (_("暂停"), transition.pauses),
        (_("恢复"), transition.resumes),
    ):
        for code in codes:
            if code == "*":
                lines.append(_("%(verb)s全部期限") % {"verb": verb})
                continue
            try:
                r = rules.rule(code, unit)
            except LookupError:
                lines.append(f"{verb} {code}")
                continue
            local = _("，本委规则") if r.overridden else ""
            lines.append(f"{verb}：{r.title}（{r.days}{r.day_type_label}，{r.article}{local}）")
    return lines


@login_required
def procedure_page(request, kind: str):
    if not policy.is_staff(request.user):
        raise PermissionDenied
    try:
        procedure = procedure_for(kind)
    except LookupError:
        raise Http404("no such procedure") from None
    target_label = {STAY: _("（状态不变）"), PREVIOUS: _("（回到之前的状态）")}
    unit = home_unit(request.user)
    context = {
        "procedure": procedure,
        "diagram": render_svg(procedure),
        "states": [{"state": s, "roles": _roles(s.waits_for)} for s in procedure.states.values()],
        "transitions": [
            {
                "transition": t,
                "sources": "、".join(procedure.label_of(s) for s in t.sources),
                "target": target_label.get(t.target) or procedure.label_of(t.target),
                "roles": _roles(t.roles),
                "clocks": _clock_lines(t, unit),
                "guards": [guard_reason(g) for g in t.guards],
            }
            for t in procedure.transitions.values()
        ],
    }
    return render(request, "arbitration/procedure.html", context)
