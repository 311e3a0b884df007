"""Queries and access rules of joint reviews.

Who sees a review: staff who see the case's internal entries (those who read it through the
tree or act on it — the review is internal, like a deliberation), and while it is open the
people invited to it, as long as their share of the case lasts. Parties never.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from medarb.arbitration.models import Tribunal
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.cases.selectors import case_get_for_user
from medarb.orgs.models import COMMISSION_KINDS, Role, Unit
from medarb.orgs.selectors import active_memberships
from medarb.reviews.models import JointReview, Participant, Question, ReviewState, Vote, VoteChoice

# Who may sit as an expert: the handling staff of a commission (arbitrators, the chair …).
EXPERT_ROLES = policy.HANDLING_ROLES


def tribunal_of(case: Case) -> Tribunal | None:
    return Tribunal.objects.filter(case=case).select_related("presiding").prefetch_related("members").first()


def tribunal_users(tribunal: Tribunal | None) -> list:
    if tribunal is None:
        return []
    people = {tribunal.presiding_id: tribunal.presiding}
    for member in tribunal.members.all():
        people.setdefault(member.pk, member)
    return list(people.values())


def is_chair_of(user, unit_id: int) -> bool:
    return policy.is_staff(user) and any(
        m.unit_id == unit_id and m.role == Role.CHAIR for m in active_memberships(user)
    )


def reads_through_tree(user, case: Case) -> bool:
    return any(case.unit_path.startswith(path) for path in policy.read_paths(user))


def expert_region(case: Case) -> Unit:
    """The highest commission above the case (the province's, normally): experts come from the
    commissions of its subtree — the province, its cities and their districts."""
    ids = [int(i) for i in case.unit_path.strip("/").split("/") if i]
    top = Unit.objects.filter(pk__in=ids, kind__in=COMMISSION_KINDS).order_by("path").first()
    return top or case.unit


def expert_seat(user, case: Case) -> Unit | None:
    """The commission an expert sits for, or None when the person may not be invited."""
    if not policy.is_staff(user):
        return None
    region = expert_region(case)
    seats = [
        m.unit
        for m in active_memberships(user)
        if m.role in EXPERT_ROLES and m.unit.kind in COMMISSION_KINDS and m.unit.path.startswith(region.path)
    ]
    return min(seats, key=lambda unit: unit.path) if seats else None


def expert_candidates(case: Case, *, exclude: set[int] = frozenset()) -> list:
    """Staff of the commissions of the region, for the invitation form."""
    from medarb.orgs.models import Membership

    region = expert_region(case)
    rows = (
        Membership.objects.filter(
            is_active=True,
            unit__is_active=True,
            role__in=EXPERT_ROLES,
            unit__kind__in=COMMISSION_KINDS,
            unit__path__startswith=region.path,
            user__is_active=True,
        )
        .exclude(user_id__in=exclude)
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name", "user_id")
    )
    seen: dict[int, tuple] = {}
    for m in rows:
        seen.setdefault(m.user_id, (m.user, m.unit))
    return list(seen.values())


def participant_of(review: JointReview, user) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return next((p for p in review.participants.all() if p.user_id == user.pk), None)


def may_view_review(user, review: JointReview) -> bool:
    case = review.case
    if not policy.is_staff(user) or not policy.can_read_case(user, case):
        return False
    if policy.sees_internal_entries(user, case):
        return True
    return review.state == ReviewState.OPEN and participant_of(review, user) is not None


def reviews_with_related() -> QuerySet[JointReview]:
    return JointReview.objects.with_related().prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related("votes")),
        Prefetch("participants", queryset=Participant.objects.select_related("user", "unit", "share")),
    )


def review_get_for_user(*, user, review_id: int) -> JointReview:
    """The review if the user may see it, else 404 (an invisible review is not confirmed)."""
    review = reviews_with_related().filter(pk=review_id).first()
    if review is None:
        raise Http404("no such review")
    case_get_for_user(user=user, case_id=review.case_id)  # 404 when the case is out of reach
    if not may_view_review(user, review):
        raise Http404("no such review")
    return review


def reviews_of_case(*, user, case: Case) -> list[JointReview]:
    return [r for r in reviews_with_related().filter(case=case) if may_view_review(user, r)]


def awaiting_approval(user) -> QuerySet[JointReview]:
    """Requests the user decides as chair of the case's unit."""
    units = [m.unit_id for m in active_memberships(user) if m.role == Role.CHAIR]
    return (
        JointReview.objects.with_related()
        .filter(state=ReviewState.REQUESTED, case__unit_id__in=units)
        .order_by("requested_at", "id")
    )


def awaiting_opinion(user) -> QuerySet[JointReview]:
    """Open reviews where the user is invited and has not given an opinion yet."""
    return (
        JointReview.objects.with_related()
        .filter(state=ReviewState.OPEN, participants__user=user, participants__opinion_at__isnull=True)
        .order_by("meeting_at", "id")
        .distinct()
    )


def awaiting_signature(user) -> QuerySet[JointReview]:
    """Closed reviews whose minutes the user, a participant, has not signed yet, while they can
    open them (an outside expert's share of the minutes has not ended)."""
    from django.utils import timezone

    from medarb.documents.models import HandSignature

    signed = HandSignature.objects.filter(signer_user=user).values("document_id")
    share = "participants__share__"
    reachable = Q(**{f"{share}isnull": True}) | Q(
        **{f"{share}revoked_at__isnull": True, f"{share}expires_at__gt": timezone.now()}
    )
    return (
        JointReview.objects.with_related()
        .filter(Q(participants__user=user) & reachable, state=ReviewState.CLOSED, minutes__isnull=False)
        .exclude(minutes_id__in=signed)
        .order_by("-closed_at", "id")
        .distinct()
    )


@dataclass
class QuestionTally:
    question: Question
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    absent: int = 0
    majority: str = ""  # VoteChoice.AGREE / DISAGREE, "" when no majority
    dissent: list[tuple[Participant, Vote]] = field(default_factory=list)

    @property
    def conclusion(self) -> str:
        from django.utils.translation import gettext as _

        if self.majority == VoteChoice.AGREE:
            return _("多数意见同意拟处理意见（同意 %(a)s 票，不同意 %(d)s 票）。") % {
                "a": self.agree,
                "d": self.disagree,
            }
        if self.majority == VoteChoice.DISAGREE:
            return _("多数意见不同意拟处理意见（不同意 %(d)s 票，同意 %(a)s 票）。") % {
                "a": self.agree,
                "d": self.disagree,
            }
        return _("未形成多数意见（同意 %(a)s 票，不同意 %(d)s 票）。") % {"a": self.agree, "d": self.disagree}


def tally(review: JointReview) -> list[QuestionTally]:
    """Per question: the votes, the majority of those who took a side, and the minority (the
    dissent, recorded by name). A tie is no majority; abstentions count for neither side."""
    participants = {p.pk: p for p in review.participants.all()}
    out = []
    for question in review.questions.all():
        votes = list(question.votes.all())
        row = QuestionTally(question=question)
        for vote in votes:
            setattr(row, vote.choice, getattr(row, vote.choice) + 1)
        row.absent = len(participants) - len(votes)
        if row.agree != row.disagree:
            row.majority = VoteChoice.AGREE if row.agree > row.disagree else VoteChoice.DISAGREE
            minority = VoteChoice.DISAGREE if row.majority == VoteChoice.AGREE else VoteChoice.AGREE
            row.dissent = [(participants[v.participant_id], v) for v in votes if v.choice == minority]
        out.append(row)
    return out
