"""Pages of a joint review: request, the review itself, decision, invitation, opinion, close.

Every page starts by fetching and authorising (404 when out of reach); staff reads of the
review are audited like reads of the case.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.cases import policy
from medarb.cases.models import CaseKind
from medarb.cases.scope import case_scope
from medarb.cases.selectors import case_get_for_user
from medarb.cases.services import record_case_read
from medarb.core.errors import DomainError
from medarb.reviews import forms, selectors, services
from medarb.reviews.models import ReviewState


def _error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def request_review(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    if case.kind != CaseKind.ARBITRATION or not services.may_request(request.user, case):
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                review = services.request_review(
                    case=case,
                    actor=request.user,
                    ground=form.cleaned_data["ground"],
                    reason=form.cleaned_data["reason"],
                    questions=form.questions(),
                    scope=form.cleaned_data["scope"],
                    request=request,
                )
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("已提请会审，等待主任审批。"))
            return redirect("reviews:detail", review_id=review.pk)
    return render(request, "reviews/request.html", {"case": case, "form": form})


def _context(request, review) -> dict:
    user = request.user
    me = selectors.participant_of(review, user)
    is_chair = selectors.is_chair_of(user, review.case.unit_id)
    leads = services.may_lead(user, review)
    open_ = review.state == ReviewState.OPEN
    invited = {p.user_id for p in review.participants.all()}
    scope = case_scope(user, review.case)
    documents = {d.pk: d for d in services.shareable_documents(review.case)}
    shared = [
        {
            "label": services.SHARED_ITEMS.get(item) or getattr(documents.get(int(item[9:])), "title", item),
            "document": documents.get(int(item[9:])) if item.startswith("document:") else None,
            "visible": scope.allows(item),
        }
        for item in review.scope
    ]
    my_votes = {
        v.question_id: v.choice
        for q in review.questions.all()
        for v in q.votes.all()
        if me and v.participant_id == me.pk
    }
    return {
        "review": review,
        "case": review.case,
        "shared": shared,
        "tallies": selectors.tally(review),
        "me": me,
        "decision_form": forms.DecisionForm() if is_chair and review.state == ReviewState.REQUESTED else None,
        "invite_form": forms.InviteForm(candidates=selectors.expert_candidates(review.case, exclude=invited))
        if leads and open_
        else None,
        "opinion_form": forms.OpinionForm(
            initial={"opinion": me.opinion, **{f"vote_{k}": v for k, v in my_votes.items()}},
            questions=review.questions.all(),
        )
        if me and open_
        else None,
        "close_form": forms.CloseForm() if leads and open_ else None,
        "sees_minutes": review.minutes_id and policy.sees_internal_entries(user, review.case),
    }


@login_required
def detail(request, review_id: int):
    review = selectors.review_get_for_user(user=request.user, review_id=review_id)
    record_case_read(user=request.user, case=review.case, request=request, what=f"疑案会审 {review.pk}")
    return render(request, "reviews/detail.html", _context(request, review))


def _submit(request, review, form, *, form_name: str, act, done: str):
    """Run `act(cleaned_data)` in a transaction when `form` is valid and go back to the review
    with `done`; else show the review again with the form and its errors (400)."""
    if form.is_valid():
        try:
            with transaction.atomic():
                act(form.cleaned_data)
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, done)
            return redirect("reviews:detail", review_id=review.pk)
    context = _context(request, review) | {form_name: form}
    return render(request, "reviews/detail.html", context, status=400)


@login_required
@require_POST
def decide(request, review_id: int):
    review = selectors.review_get_for_user(user=request.user, review_id=review_id)

    def act(data):
        if data["decision"] == "approve":
            services.approve_review(
                review=review,
                actor=request.user,
                meeting_at=data["meeting_at"],
                access_until=data["access_until"],
                note=data["note"],
                request=request,
            )
        else:
            services.refuse_review(review=review, actor=request.user, reason=data["note"], request=request)

    form = forms.DecisionForm(request.POST)
    return _submit(request, review, form, form_name="decision_form", act=act, done=_("已审批。"))


@login_required
@require_POST
def invite(request, review_id: int):
    review = selectors.review_get_for_user(user=request.user, review_id=review_id)
    invited = {p.user_id for p in review.participants.all()}
    candidates = selectors.expert_candidates(review.case, exclude=invited)
    form = forms.InviteForm(request.POST, candidates=candidates)
    user = get_user_model().objects.get(pk=form.cleaned_data["user"]) if form.is_valid() else None

    def act(data):
        services.invite_expert(review=review, actor=request.user, user=user, request=request)

    done = _("已邀请 %(u)s 参加会审。") % {"u": user}
    return _submit(request, review, form, form_name="invite_form", act=act, done=done)


@login_required
@require_POST
def opinion(request, review_id: int):
    review = selectors.review_get_for_user(user=request.user, review_id=review_id)
    form = forms.OpinionForm(request.POST, questions=review.questions.all())

    def act(data):
        services.record_opinion(
            review=review, actor=request.user, opinion=data["opinion"], votes=form.votes(), request=request
        )

    return _submit(request, review, form, form_name="opinion_form", act=act, done=_("您的意见和表决已记录。"))


@login_required
@require_POST
def close(request, review_id: int):
    review = selectors.review_get_for_user(user=request.user, review_id=review_id)
    form = forms.CloseForm(request.POST)

    def act(data):
        services.close_review(
            review=review, actor=request.user, conclusion=data["conclusion"], request=request
        )

    done = _("会审已结束，会审纪要已生成并存入副卷。")
    return _submit(request, review, form, form_name="close_form", act=act, done=done)
