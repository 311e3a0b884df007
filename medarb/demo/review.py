"""A joint review (疑案会审) under way in the demo, through the reviews app's own services.

The tribunal of a case being decided disagrees on two questions and asks for a review; the
chair approves it for a meeting on the first coming working day when all are free (booked in
the review centre under the clash rules), and invites experts of three
commissions: an arbitrator of the district who does not sit on the case, the city
commission's arbitrator (who reads the case through the tree), and the arbitrator of the
neighbouring 青山区 commission (who reads it only through the review's scoped, expiring share).
The district's expert has already given a written opinion; the rest vote in the demo.
"""

from datetime import date, time, timedelta

from django.db import transaction

from medarb.cases.models import Case
from medarb.core.errors import ProcedureError
from medarb.hearings import timing
from medarb.orgs.models import Unit
from medarb.reviews.models import JointReview, VoteChoice
from medarb.reviews.selectors import tribunal_of
from medarb.reviews.services import (
    QuestionInput,
    approve_review,
    invite_expert,
    record_opinion,
    request_review,
)

MEETING_TIMES = ("15:00", "09:00", "10:30", "14:00")
QUESTIONS = (
    QuestionInput(
        "申请人在试用期内被解除劳动合同，用人单位以“不符合录用条件”为由，但录用条件未书面告知，解除是否违法？",
        "解除违法，应支付赔偿金。",
    ),
    QuestionInput(
        "加班费的计算基数，双方约定以最低工资标准计算，该约定是否有效？",
        "约定低于实际工资的部分无效，应以实际工资为基数。",
    ),
)


def _meet(review: JointReview, *, chair, experts: list, today: date) -> JointReview:
    """Approved for the first time on the coming working days when the tribunal and every
    expert are free (the meeting is booked, and the experts seated, under the clash rules)."""
    days = [today + timedelta(days=n) for n in range(1, 15)]
    for day in filter(timing.is_working_day, days):
        for start in MEETING_TIMES:
            try:
                with transaction.atomic():
                    approved = approve_review(
                        review=review,
                        actor=chair,
                        meeting_at=timing.at(day, time.fromisoformat(start)),
                        access_until=timing.at(day + timedelta(days=14), time(18, 0)),
                        note="同意提请会审。",
                    )
                    for user in experts:
                        invite_expert(review=approved, actor=chair, user=user)
                    return approved
            except ProcedureError:
                continue
    raise AssertionError("unreachable: everyone is free some time in a fortnight")


def seed_review(cases: list[Case], *, district: Unit, users: dict, today: date) -> JointReview | None:
    """The review of the district's first case being drafted (see the module doc)."""
    case = next((c for c in cases if c.status == "award_drafting" and c.unit_id == district.pk), None)
    tribunal = case and tribunal_of(case)
    if tribunal is None:
        return None
    review = request_review(
        case=case,
        actor=tribunal.presiding,
        ground="disagreement",
        reason="仲裁庭对试用期解除的合法性及加班费计算基数意见分歧较大，提请会审。",
        questions=list(QUESTIONS),
        scope=["parties", "claims", "facts", "timeline"],
    )
    expert = next(u for u in (users["arb_huang"], users["arb_chen"]) if u not in tribunal.members.all())
    experts = [expert, users["city_arb"], users["qs_arb"]]
    review = _meet(review, chair=users["chair"], experts=experts, today=today)
    record_opinion(
        review=review,
        actor=expert,
        opinion="录用条件未经书面告知，不能作为试用期解除的依据；加班费基数应按劳动者实际工资确定。",
        votes={q.pk: VoteChoice.AGREE for q in review.questions.all()},
    )
    return review
