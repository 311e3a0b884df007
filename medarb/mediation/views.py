"""Pages of a mediation case: registration, the acts, sessions, caucus notes, materials,
the agreement and its signatures, performance, guidance, routes, and the scoped view.

Every view starts with `case_get_for_user` (or the visibility filter) and, for what a share
may restrict, with `case_scope`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.cases import policy, workflow
from medarb.cases.forms import ClaimFormSet, PartyFormSet
from medarb.cases.models import Channel, PartySide
from medarb.cases.selectors import case_get_for_user
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, record_case_read
from medarb.core.errors import DomainError
from medarb.core.files import check_upload
from medarb.core.responses import file_response
from medarb.mediation import forms, selectors, services
from medarb.mediation.models import (
    AgreementStatus,
    AgreementTerm,
    FollowUpRoute,
    Material,
    Referral,
    Session,
    SignerRole,
)
from medarb.mediation.scope import case_scope
from medarb.orgs.selectors import active_memberships


def _error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _detail(case) -> str:
    return reverse("cases:detail", args=[case.pk])


@login_required
def home(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied
    return render(
        request,
        "mediation/home.html",
        {
            "units": policy.units_for_registration(request.user),
            "inbox": selectors.guidance_requests_for_unit(user=request.user)[:50],
        },
    )


# --- registration ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    units = policy.units_for_registration(request.user)
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        form = forms.MediationCaseForm(request.POST, units=units)
        oral = forms.OralRecordForm(request.POST)
        parties = PartyFormSet(request.POST, prefix="party")
        claims = ClaimFormSet(request.POST, prefix="claim")
        if form.is_valid() and oral.is_valid() and parties.is_valid() and claims.is_valid():
            data = CaseInput(
                **form.cleaned_data,
                parties=[PartyInput(**p) for p in parties.cleaned_data if p],
                claims=[ClaimInput(**c) for c in claims.cleaned_data if c],
            )
            record = None
            if form.cleaned_data["channel"] == Channel.ORAL:
                record = services.OralRecord(
                    statement=oral.cleaned_data["oral_statement"],
                    place=oral.cleaned_data["oral_place"],
                    confirmed=oral.cleaned_data["oral_confirmed"],
                )
            try:
                with transaction.atomic():
                    case = services.register_mediation(
                        actor=request.user, data=data, oral=record, request=request
                    )
            except DomainError as exc:
                target = oral if exc.field in oral.fields else form
                _error(target, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已登记调解申请，调解期限自收到申请之日起计算。"))
                return redirect("cases:detail", case_id=case.pk)
    else:
        form = forms.MediationCaseForm(units=units)
        oral = forms.OralRecordForm()
        parties = PartyFormSet(
            prefix="party",
            initial=[
                {"side": PartySide.APPLICANT, "kind": "worker"},
                {"side": PartySide.RESPONDENT, "kind": "employer", "is_organisation": True},
            ],
        )
        claims = ClaimFormSet(prefix="claim")
    return render(
        request, "mediation/register.html", {"form": form, "oral": oral, "parties": parties, "claims": claims}
    )


# --- sessions and caucus notes --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request, case_id: int, session_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    session = get_object_or_404(Session, pk=session_id, case=case)
    initial = {
        "attendees": list(session.attendees.all()),
        "other_attendees": session.other_attendees,
        "applicant_position": session.applicant_position,
        "respondent_position": session.respondent_position,
        "proposals": session.proposals,
        "outcome": session.outcome,
        "outcome_note": session.outcome_note,
    }
    form = forms.SessionRecordForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.record_session(
                    session=session, actor=request.user, request=request, **form.cleaned_data
                )
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("调解笔录已保存。"))
            return redirect(_detail(case))
    return render(request, "mediation/session_record.html", {"case": case, "session": session, "form": form})


@login_required
@require_POST
def caucus_add(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = forms.CaucusForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.add_caucus_note(case=case, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("背靠背笔记已保存（仅您本人可见）。"))
    else:
        messages.error(request, _("请填写谈话对象和内容。"))
    return redirect(_detail(case))


# --- materials --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def material_add(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data, _sniffed = check_upload(form.cleaned_data["file"])
            with transaction.atomic():
                services.add_material(
                    case=case,
                    actor=request.user,
                    data=data,
                    name=form.cleaned_data["file"].name,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    side=form.cleaned_data["side"],
                    request=request,
                )
        except ValidationError as exc:
            form.add_error("file", exc)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("材料已保存。"))
            return redirect(_detail(case))
    return render(request, "mediation/material_add.html", {"case": case, "form": form})


def _file_response(request, *, case, stored, what: str, inline: bool = False, generated: bool = False):
    record_case_read(user=request.user, case=case, request=request, what=what)
    return file_response(stored, inline=inline, generated=generated)


@login_required
def material_file(request, case_id: int, material_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    material = get_object_or_404(Material.objects.select_related("file"), pk=material_id)
    # A material handed over with the case is readable from the arbitration case it went to.
    if (
        material.case_id != case.pk
        and not selectors.links_for(case).filter(from_case_id=material.case_id).exists()
    ):
        raise Http404
    if material.case_id == case.pk and not case_scope(request.user, case).allows_material(material.pk):
        raise Http404
    return _file_response(request, case=case, stored=material.file, what=f"material {material.pk}")


# --- the agreement ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_draft(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = forms.AgreementForm(request.POST or None, initial={"matters": case.facts})
    terms = forms.TermFormSet(request.POST or None, prefix="term")
    if request.method == "POST" and form.is_valid() and terms.is_valid():
        data = services.AgreementInput(
            matters=form.cleaned_data["matters"],
            other_terms=form.cleaned_data["other_terms"],
            performance_text=form.cleaned_data["performance_text"],
            terms=[services.TermInput(**t) for t in terms.cleaned_data if t],
        )
        try:
            with transaction.atomic():
                services.draft_agreement(case=case, actor=request.user, data=data, request=request)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("调解协议书已生成，请各方签名。"))
            return redirect("mediation:agreement_sign", case_id=case.pk)
    return render(request, "mediation/agreement_draft.html", {"case": case, "form": form, "terms": terms})


def _signer_choices(agreement) -> list[tuple[str, str]]:
    signed = {(s.role, s.party_id) for s in agreement.signatures.all()}
    choices = []
    for role, party, name in selectors.required_signers(agreement):
        key = (role, party.pk if party else None)
        if key in signed:
            continue
        value = f"{role}:{party.pk}" if party else role
        label = f"{SignerRole(role).label}：{name}" if party else str(SignerRole(role).label)
        choices.append((value, label))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def agreement_sign(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    agreement = selectors.current_agreement(case)
    if agreement is None or agreement.status != AgreementStatus.SIGNING:
        messages.error(request, _("没有待签署的调解协议。"))
        return redirect(_detail(case))
    choices = _signer_choices(agreement)
    form = forms.SignatureForm(request.POST or None, signers=choices)
    if request.method == "POST" and form.is_valid():
        role, _sep, party_id = form.cleaned_data["signer"].partition(":")
        party = case.parties.filter(pk=party_id).first() if party_id else None
        try:
            with transaction.atomic():
                services.sign_agreement(
                    agreement=agreement,
                    actor=request.user,
                    role=role,
                    party=party,
                    image=form.cleaned_data["signature"],
                    request=request,
                )
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("签名已保存。"))
            return redirect("mediation:agreement_sign", case_id=case.pk)
    return render(
        request,
        "mediation/agreement_sign.html",
        {
            "case": case,
            "agreement": agreement,
            "form": form,
            "missing": selectors.missing_signers(agreement),
            "can_seal": workflow.may_fire(case=case, transition="seal_agreement", actor=request.user),
        },
    )


@login_required
def agreement_pdf(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not case_scope(request.user, case).allows("agreement"):
        raise Http404
    agreement = selectors.current_agreement(case)
    if agreement is None or agreement.pdf is None:
        raise Http404
    return _file_response(
        request, case=case, stored=agreement.pdf, what="agreement pdf", inline=True, generated=True
    )


@login_required
def signature_image(request, case_id: int, signature_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not case_scope(request.user, case).allows("agreement"):
        raise Http404
    agreement = selectors.current_agreement(case)
    signature = (
        get_object_or_404(agreement.signatures.select_related("image"), pk=signature_id)
        if agreement
        else None
    )
    if signature is None:
        raise Http404
    return _file_response(request, case=case, stored=signature.image, what="signature image", inline=True)


@login_required
@require_POST
def term_performed(request, case_id: int, term_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    term = get_object_or_404(AgreementTerm, pk=term_id, agreement__case=case)
    form = forms.PerformanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的履行日期。"))
        return redirect(_detail(case))
    try:
        with transaction.atomic():
            services.record_performance(term=term, actor=request.user, request=request, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记履行。"))
    return redirect(_detail(case))


# --- guidance and referral ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def guidance_request(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = forms.GuidanceForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.request_guidance(case=case, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("已提交指导请求，对方仅能查看您选择的材料。"))
            return redirect(_detail(case))
    return render(request, "mediation/guidance_request.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def guidance_answer(request, referral_id: int):
    referral = get_object_or_404(Referral.objects.select_related("case", "to_unit", "share"), pk=referral_id)
    case = case_get_for_user(user=request.user, case_id=referral.case_id)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.answer_guidance(
                    referral=referral, actor=request.user, request=request, **form.cleaned_data
                )
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("指导意见已答复。"))
            return redirect("mediation:home")
    return render(
        request, "mediation/guidance_answer.html", {"case": case, "referral": referral, "form": form}
    )


@login_required
@require_POST
def guidance_revoke(request, referral_id: int):
    referral = get_object_or_404(Referral.objects.select_related("share"), pk=referral_id)
    case = case_get_for_user(user=request.user, case_id=referral.case_id, write=True)
    try:
        with transaction.atomic():
            services.revoke_guidance(referral=referral, actor=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销指导请求和共享。"))
    return redirect(_detail(case))


# --- routes after an agreement ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def route_add(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = forms.RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.record_route(case=case, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("已登记。"))
            return redirect(_detail(case))
    return render(
        request,
        "mediation/form_page.html",
        {"case": case, "form": form, "title": _("登记审查确认 / 司法确认 / 支付令")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def route_decide(request, case_id: int, route_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    route = get_object_or_404(FollowUpRoute, pk=route_id, case=case)
    form = forms.RouteDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.decide_route(route=route, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("已登记结果。"))
            return redirect(_detail(case))
    return render(
        request, "mediation/form_page.html", {"case": case, "form": form, "title": route.get_kind_display()}
    )


# --- the view of a case shared with chosen materials ------------------------------------


@login_required
def shared_view(request, case_id: int):
    """What a unit that received a scoped share (a guidance request) may read — nothing more."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    scope = case_scope(request.user, case)
    record_case_read(user=request.user, case=case, request=request, what="shared mediation view")
    context = {
        "case": case,
        "scope": scope,
        "parties": case.parties.filter(principal__isnull=True) if scope.allows("parties") else None,
        "claims": case.claims.all() if scope.allows("claims") else None,
        "facts": case.facts if scope.allows("facts") else None,
        "sessions": selectors.sessions_for(case) if scope.allows("sessions") else None,
        "agreement": selectors.current_agreement(case) if scope.allows("agreement") else None,
        "materials": selectors.materials_for(case=case, scope=scope),
        "timeline": case.timeline.filter(is_internal=False) if scope.allows("timeline") else None,
        "referrals": Referral.objects.filter(
            case=case, share__isnull=False, to_unit__in=[m.unit_id for m in active_memberships(request.user)]
        ),
    }
    return render(request, "mediation/shared_view.html", context)
