"""The online application wizard: one page per step, the draft saved after each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.accounts.models import SmsCodePurpose
from medarb.accounts.services import request_sms_code_for
from medarb.cases import policy
from medarb.cases.services import record_case_read
from medarb.core.errors import DomainError
from medarb.core.responses import file_response
from medarb.identity import liveness
from medarb.portal import application, submission
from medarb.portal.forms import (
    ApplicantForm,
    ClaimStepFormSet,
    EmployerForm,
    EvidenceForm,
    FactsForm,
    SubmitForm,
)
from medarb.portal.models import ApplicationDraft, ApplicationSubmission, DraftEvidence

FORMS = {"applicant": ApplicantForm, "employer": EmployerForm, "facts": FactsForm}


def _context(draft, step: str, **extra) -> dict:
    return {
        "draft": draft,
        "steps": application.STEPS,
        "step": step,
        "index": application.STEP_CODES.index(step),
        **extra,
    }


@login_required
def start(request):
    draft = application.current_draft(user=request.user)
    return redirect(
        "portal:apply_step", step=application.STEP_CODES[min(draft.step, len(application.STEPS)) - 1]
    )


def _next(step: str) -> str:
    return application.STEP_CODES[application.STEP_CODES.index(step) + 1]


@login_required
@require_http_methods(["GET", "POST"])
def step_view(request, step: str):
    if step not in application.STEP_CODES:
        raise Http404
    draft = application.current_draft(user=request.user)
    saved = draft.data.get(step)
    if step in FORMS:
        form = FORMS[step](request.POST or None, initial=saved or _defaults(request.user, step))
        if request.method == "POST" and form.is_valid():
            application.save_step(draft=draft, step=step, answers=form.cleaned_data)
            return redirect("portal:apply_step", step=_next(step))
        return render(request, "portal/apply_form.html", _context(draft, step, form=form))
    if step == "claims":
        formset = ClaimStepFormSet(request.POST or None, prefix="claim", initial=saved or None)
        if request.method == "POST" and formset.is_valid():
            application.save_step(draft=draft, step=step, answers=[f for f in formset.cleaned_data if f])
            return redirect("portal:apply_step", step="evidence")
        return render(request, "portal/apply_claims.html", _context(draft, step, formset=formset))
    if step == "evidence":
        return _evidence(request, draft)
    return _submit(request, draft)


def _defaults(user, step: str) -> dict:
    if step == "applicant":
        return {"name": user.full_name, "phone": user.phone}
    return {}


def _evidence(request, draft: ApplicationDraft):
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "next":
        application.save_step(draft=draft, step="evidence", answers={"count": draft.evidence_items.count()})
        return redirect("portal:apply_step", step="submit")
    if request.method == "POST" and form.is_valid():
        try:
            application.add_evidence(
                draft=draft,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("已上传。"))
            return redirect("portal:apply_step", step="evidence")
    items = draft.evidence_items.select_related("file")
    return render(request, "portal/apply_evidence.html", _context(draft, "evidence", form=form, items=items))


def _submit(request, draft: ApplicationDraft):
    form = SubmitForm(request.POST or None, request.FILES or None)
    missing = application.missing_steps(draft)
    if request.method == "POST" and form.is_valid():
        try:
            started = submission.start_submission(
                draft=draft,
                user=request.user,
                kind=form.cleaned_data["kind"],
                photo=form.cleaned_data["photo"],
                selfie=form.cleaned_data["live"],
                frames=liveness.admit_frames(request.FILES.getlist("frames")),
                sms_code=form.cleaned_data["sms_code"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("portal:apply_check", submission_id=started.pk)
    warnings = application.limitation_warnings(draft, today=timezone.localdate())
    context = _context(
        draft,
        "submit",
        form=form,
        missing=missing,
        limitation_warnings=warnings,
        pending=submission.pending_submission(draft),
    )
    return render(request, "portal/apply_submit.html", context)


@login_required
def check(request, submission_id: int):
    """The page that follows the reading of the ID card photo, for the applicant alone."""
    followed = get_object_or_404(
        ApplicationSubmission.objects.select_related("draft"), pk=submission_id, user=request.user
    )
    progress = submission.follow(followed)
    if progress.phase == "done":
        done_url = reverse("portal:apply_done", args=[followed.case_id])
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": done_url})
        return redirect(done_url)
    if request.htmx:
        if request.GET.get("seen") == progress.phase:
            return HttpResponse(status=204)  # nothing new: the page stays as it is, polling on
        return render(
            request, "portal/apply_check.html#status", {"submission": followed, "progress": progress}
        )
    context = _context(followed.draft, "submit", submission=followed, progress=progress)
    return render(request, "portal/apply_check.html", context)


@login_required
@require_POST
def retry(request, submission_id: int):
    followed = get_object_or_404(
        ApplicationSubmission.objects.select_related("draft"), pk=submission_id, user=request.user
    )
    try:
        submission.retry_submission(submission=followed, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:apply_check", submission_id=followed.pk)


@login_required
@require_POST
def send_code(request):
    draft = application.current_draft(user=request.user)
    phone = draft.data.get("applicant", {}).get("phone")
    if not phone:
        messages.error(request, _("请先在第一步填写手机号码。"))
    else:
        try:
            request_sms_code_for(request, phone=phone, purpose=SmsCodePurpose.VERIFY)
            messages.info(request, _("验证码已发送至 %(p)s。") % {"p": phone[:3] + "****" + phone[-4:]})
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("portal:apply_step", step="submit")


@login_required
def done(request, case_id: int):
    draft = get_object_or_404(ApplicationDraft, user=request.user, submitted_case_id=case_id)
    case = draft.submitted_case
    due, explanation = application.decision_due(case)
    return render(request, "portal/apply_done.html", {"case": case, "due": due, "explanation": explanation})


@login_required
def evidence_file(request, evidence_id: int):
    """An evidence file: to its uploader, or to whoever may read the case it was filed with."""
    item = get_object_or_404(
        DraftEvidence.objects.select_related("draft__submitted_case", "file"), pk=evidence_id
    )
    case = item.draft.submitted_case
    if item.draft.user_id != request.user.pk and not (case and policy.can_read_case(request.user, case)):
        raise Http404
    if case and policy.is_staff(request.user):
        record_case_read(
            user=request.user, case=case, request=request, what=f"evidence {item.file.sha256[:12]}"
        )
    # Uploaded by a member of the public: a download in a sandbox, never a page of this site.
    return file_response(item.file)
