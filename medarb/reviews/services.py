"""The acts of a joint review (疑案会审): request, approve or refuse, invite, give an opinion
and votes, close with the minutes.

Legal basis: Law Art. 19 (the commission's meeting discusses major and difficult cases) and
the 2017 办案规则 Art. 45 (the chair approves what goes beyond the tribunal). A review is
advisory; its minutes go into the internal volume (副卷) and never to the parties. Every
timeline entry here is internal.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases import policy
from medarb.cases.models import Case, CaseKind, ShareAccess, ShareReason
from medarb.cases.scope import clean_scope, document_item
from medarb.cases.services import record_act, revoke_share, share_case
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.documents.models import Volume
from medarb.documents.services import issue_document
from medarb.reviews import meeting, selectors
from medarb.reviews.models import (
    JointReview,
    Participant,
    ParticipantRole,
    Question,
    ReviewGround,
    ReviewState,
    Vote,
    VoteChoice,
)

# The parts of a case a review may share besides its papers ("document:<id>").
SHARED_ITEMS = {
    "parties": gettext_lazy("当事人"),
    "claims": gettext_lazy("仲裁请求"),
    "facts": gettext_lazy("事实与理由"),
    "timeline": gettext_lazy("办案经过（当事人可见部分）"),
}
MAX_QUESTIONS = 10
MINUTES_TO_SIGN = timedelta(days=7)  # the least an outside expert keeps to sign the minutes


@dataclass
class QuestionInput:
    text: str
    proposal: str = ""


def shareable_documents(case: Case):
    """Papers of the main volume that may be shared with the experts."""
    return case.documents.filter(volume=Volume.MAIN, revoked_at__isnull=True).order_by("created_at", "id")


def _clean_scope(case: Case, scope: list[str]) -> list[str]:
    return clean_scope(
        scope,
        named=SHARED_ITEMS,
        kind="document",
        ids=set(shareable_documents(case).values_list("pk", flat=True)),
        invalid=_("提供会审的材料无效：%(i)s"),
        empty=_("请选择提供给会审专家的材料。"),
    )


def may_request(user, case: Case) -> bool:
    tribunal = selectors.tribunal_of(case)
    if tribunal is None:
        return False
    members = {u.pk for u in selectors.tribunal_users(tribunal)}
    return user.pk in members or selectors.is_chair_of(user, case.unit_id)


def may_lead(user, review: JointReview) -> bool:
    """The chair of the case's unit, or whoever requested the review, invites and closes it."""
    return selectors.is_chair_of(user, review.case.unit_id) or user.pk == review.requested_by_id


@transaction.atomic
def request_review(
    *,
    case: Case,
    actor,
    ground: str,
    reason: str,
    questions: list[QuestionInput],
    scope: list[str],
    request=None,
) -> JointReview:
    """The tribunal (or the chair) asks for a joint review of a difficult case."""
    if case.kind != CaseKind.ARBITRATION or case.closed_on:
        raise ProcedureError(_("只有审理中的仲裁案件可以提请会审。"))
    if selectors.tribunal_of(case) is None:
        raise ProcedureError(_("尚未组成仲裁庭，不能提请会审。"))
    if not policy.is_staff(actor) or not may_request(actor, case):
        raise NotAllowed(_("只有本案仲裁庭成员或本单位主任可以提请会审。"))
    if ground not in ReviewGround.values:
        raise DomainError(_("请选择提请会审的事由。"), field="ground")
    if not reason.strip():
        raise DomainError(_("请填写提请会审的理由。"), field="reason")
    questions = [q for q in questions if q.text.strip()]
    if not questions:
        raise DomainError(_("请至少列明一个需要会审的问题。"), field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(_("会审问题最多 %(n)s 个。") % {"n": MAX_QUESTIONS}, field="questions")
    if JointReview.objects.filter(case=case, state__in=[ReviewState.REQUESTED, ReviewState.OPEN]).exists():
        raise ProcedureError(_("本案已有进行中的会审。"))
    review = JointReview.objects.create(
        case=case,
        ground=ground,
        reason=reason.strip(),
        scope=_clean_scope(case, scope),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    Question.objects.bulk_create(
        Question(review=review, position=n, text=q.text.strip()[:500], proposal=q.proposal.strip())
        for n, q in enumerate(questions, start=1)
    )
    record_act(
        case=case,
        actor=actor,
        kind="joint_review_requested",
        title=gettext_lazy("提请疑案会审（%(g)s）"),
        params={"g": ReviewGround(ground).label},
        detail=review.reason,
        internal=True,
        obj=review,
        action=AuditAction.CREATE,
        summary="request joint review",
        audit_data={"questions": len(questions), "scope": review.scope},
        request=request,
    )
    return review


def _require_chair(actor, review: JointReview) -> None:
    if not selectors.is_chair_of(actor, review.case.unit_id):
        raise NotAllowed(_("只有本单位主任可以审批会审申请。"))


def _require_state(review: JointReview, state: str, message: str) -> None:
    if review.state != state:
        raise ProcedureError(message)


@transaction.atomic
def approve_review(
    *,
    review: JointReview,
    actor,
    meeting_at: datetime,
    access_until: datetime,
    note: str = "",
    request=None,
) -> JointReview:
    """The chair approves: the tribunal's members join the review; experts may be invited."""
    review = JointReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    _require_chair(actor, review)
    _require_state(review, ReviewState.REQUESTED, _("该会审申请已审批。"))
    now = timezone.now()
    if access_until <= now or access_until < meeting_at:
        raise DomainError(_("材料查阅截止时间应晚于现在和会审时间。"), field="access_until")
    case = review.case
    tribunal = selectors.tribunal_users(selectors.tribunal_of(case))
    review.sitting = meeting.book(
        case=case, actor=actor, starts_at=meeting_at, members=tribunal, request=request
    )
    review.state, review.decided_by, review.decided_at = ReviewState.OPEN, actor, now
    review.decision_note, review.meeting_at, review.access_until = note.strip(), meeting_at, access_until
    review.save(
        update_fields=[
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
            "meeting_at",
            "access_until",
            "sitting",
        ]
    )
    for user in tribunal:
        Participant.objects.create(
            review=review,
            user=user,
            role=ParticipantRole.TRIBUNAL,
            unit=case.unit,
            invited_by=actor,
            invited_at=now,
        )
    record_act(
        case=case,
        actor=actor,
        kind="joint_review_approved",
        title=gettext_lazy("批准疑案会审，会审时间 %(t)s"),
        params={"t": timezone.localtime(meeting_at).strftime("%Y-%m-%d %H:%M")},
        detail=review.decision_note,
        internal=True,
        obj=review,
        summary="approve joint review",
        request=request,
    )
    return review


@transaction.atomic
def refuse_review(*, review: JointReview, actor, reason: str, request=None) -> JointReview:
    """The chair refuses, giving the reason."""
    review = JointReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    _require_chair(actor, review)
    _require_state(review, ReviewState.REQUESTED, _("该会审申请已审批。"))
    if not reason.strip():
        raise DomainError(_("不予批准时请填写理由。"), field="reason")
    review.state, review.decided_by, review.decided_at = ReviewState.REFUSED, actor, timezone.now()
    review.decision_note = reason.strip()
    review.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record_act(
        case=review.case,
        actor=actor,
        kind="joint_review_refused",
        title=gettext_lazy("不予批准疑案会审"),
        detail=review.decision_note,
        internal=True,
        obj=review,
        summary="refuse joint review",
        request=request,
    )
    return review


@transaction.atomic
def invite_expert(*, review: JointReview, actor, user, request=None) -> Participant:
    """Invite an arbitrator or staff member of a province, city or district commission; one
    who does not read the case through the tree gets a scoped share that ends with the review."""
    review = JointReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    if not may_lead(actor, review):
        raise NotAllowed(_("只有本单位主任或会审提请人可以邀请专家。"))
    _require_state(review, ReviewState.OPEN, _("会审未获批准或已结束，不能邀请专家。"))
    case = review.case
    seat = selectors.expert_seat(user, case)
    if seat is None:
        raise DomainError(_("只能邀请省、市、区（县）仲裁委员会的仲裁员或工作人员参加会审。"), field="user")
    if review.participants.filter(user=user).exists():
        raise DomainError(_("%(u)s 已在会审人员之中。") % {"u": user}, field="user")
    meeting.seat(review.sitting, user=user, actor=actor)
    share = None
    if not selectors.reads_through_tree(user, case):
        share = share_case(
            actor=actor,
            case=case,
            reason=ShareReason.JOINT_REVIEW,
            user=user,
            access=ShareAccess.READ,
            scope=review.scope,
            note=_("疑案会审"),
            expires_at=review.access_until,
            request=request,
        )
    participant = Participant.objects.create(
        review=review,
        user=user,
        role=ParticipantRole.EXPERT,
        unit=seat,
        share=share,
        invited_by=actor,
        invited_at=timezone.now(),
    )
    record_act(
        case=case,
        actor=actor,
        kind="joint_review_invited",
        title=gettext_lazy("邀请 %(u)s（%(unit)s）参加会审"),
        params={"u": str(user), "unit": seat.name},
        internal=True,
        obj=review,
        summary=f"invite {user.pk} to joint review",
        request=request,
    )
    return participant


@transaction.atomic
def record_opinion(
    *, review: JointReview, actor, opinion: str, votes: dict[int, str], request=None
) -> Participant:
    """A participant gives a written opinion and a vote on every question (may revise until the
    review closes)."""
    review = JointReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    participant = review.participants.filter(user=actor).select_related("share").first()
    if participant is None:
        raise NotAllowed(_("您不是本次会审的参加人员。"))
    _require_state(review, ReviewState.OPEN, _("会审已结束，不能再发表意见。"))
    if participant.share is not None and not _share_active(participant.share):
        raise NotAllowed(_("您的材料查阅期限已届满。"))
    if not opinion.strip():
        raise DomainError(_("请填写书面意见。"), field="opinion")
    questions = list(review.questions.all())
    for question in questions:
        if votes.get(question.pk) not in VoteChoice.values:
            raise DomainError(_("请对第 %(n)s 个问题表决。") % {"n": question.position}, field="votes")
    participant.opinion, participant.opinion_at = opinion.strip(), timezone.now()
    participant.save(update_fields=["opinion", "opinion_at"])
    for question in questions:
        Vote.objects.update_or_create(
            participant=participant, question=question, defaults={"choice": votes[question.pk]}
        )
    record_act(
        case=review.case,
        actor=actor,
        kind="joint_review_opinion",
        title=gettext_lazy("%(u)s 发表会审意见"),
        params={"u": str(actor)},
        internal=True,
        obj=review,
        summary="joint review opinion",
        audit_data={"votes": {str(k): v for k, v in votes.items()}},
        request=request,
    )
    return participant


def _share_active(share) -> bool:
    return share.revoked_at is None and (share.expires_at is None or share.expires_at > timezone.now())


def minutes_context(review: JointReview) -> dict:
    """What the minutes read (`extra.*` of the joint_review_minutes template)."""
    tallies = selectors.tally(review)
    participants = list(review.participants.all())
    return {
        "meeting_time": review.meeting_at,
        "presided_by": str(review.decided_by or ""),
        "requested_by": str(review.requested_by),
        "approved_by": str(review.decided_by or ""),
        "reason": f"{review.get_ground_display()}。{review.reason}",
        "participants": [
            {"name": str(p.user), "unit": p.unit.name, "role": p.get_role_display(), "opinion": p.opinion}
            for p in participants
        ],
        "questions": [
            {
                "text": t.question.text,
                "proposal": t.question.proposal,
                "agree": t.agree,
                "disagree": t.disagree,
                "abstain": t.abstain,
                "absent": t.absent,
                "conclusion": t.conclusion,
                "dissent": [f"{p.user}（{v.get_choice_display()}）：{p.opinion}" for p, v in t.dissent],
            }
            for t in tallies
        ],
        "conclusion": review.conclusion,
    }


@transaction.atomic
def _leave_the_minutes_to_sign(review: JointReview, *, actor, request=None) -> None:
    """An expert's share of the materials ends with the review; one of the minutes alone takes
    its place, so the expert can read and sign them (until the access date, at least a week)."""
    until = max(review.access_until, timezone.now() + MINUTES_TO_SIGN)
    for participant in review.participants.all():
        share = participant.share
        if share is None or share.revoked_at is not None:
            continue
        revoke_share(actor=actor, share=share, request=request)
        participant.share = share_case(
            actor=actor,
            case=review.case,
            reason=ShareReason.JOINT_REVIEW,
            user=participant.user,
            access=ShareAccess.READ,
            scope=[document_item(review.minutes_id)],
            note=_("阅签会审纪要"),
            expires_at=until,
            request=request,
        )
        participant.save(update_fields=["share"])


def close_review(*, review: JointReview, actor, conclusion: str = "", request=None) -> JointReview:
    """End the review: the minutes (会审纪要) are issued, sealed, into the internal volume, for
    the participants to sign; the experts' shares narrow to the minutes; the conclusion and the
    dissent go on the internal record."""
    review = JointReview.objects.select_for_update().select_related("case", "case__unit").get(pk=review.pk)
    if not may_lead(actor, review):
        raise NotAllowed(_("只有本单位主任或会审提请人可以结束会审。"))
    _require_state(review, ReviewState.OPEN, _("会审未在进行中。"))
    if not review.participants.filter(role=ParticipantRole.EXPERT).exists():
        raise ProcedureError(_("尚未邀请会审专家。"))
    if not review.participants.filter(opinion_at__isnull=False).exists():
        raise ProcedureError(_("尚无参加人员发表意见，不能结束会审。"))
    review = selectors.reviews_with_related().select_for_update(of=("self",)).get(pk=review.pk)
    tallies = selectors.tally(review)
    review.conclusion = conclusion.strip() or "\n".join(
        f"问题{t.question.position}：{t.conclusion}" for t in tallies
    )
    review.state, review.closed_by, review.closed_at = ReviewState.CLOSED, actor, timezone.now()
    minutes = issue_document(
        case=review.case,
        template_code="joint_review_minutes",
        actor=actor,
        context=minutes_context(review),
        meta={"joint_review_id": review.pk},
        request=request,
    )
    review.minutes = minutes
    review.save(update_fields=["conclusion", "state", "closed_by", "closed_at", "minutes"])
    _leave_the_minutes_to_sign(review, actor=actor, request=request)
    meeting.end(review.sitting, actor=actor, request=request)
    dissent = "；".join(
        f"问题{t.question.position}：{p.user}（{v.get_choice_display()}）"
        for t in tallies
        for p, v in t.dissent
    )
    record_act(
        case=review.case,
        actor=actor,
        kind="joint_review_closed",
        title=gettext_lazy("疑案会审结束，会审纪要存入副卷"),
        detail=review.conclusion + (f"\n少数意见：{dissent}" if dissent else ""),
        internal=True,
        obj=review,
        summary="close joint review",
        audit_data={"minutes": minutes.pk},
        request=request,
    )
    return review
