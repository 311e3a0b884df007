"""The acts of a joint review, in order, and each refusal with its reason."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from medarb.cases.models import CaseShare, ShareReason, TimelineEntry
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.documents.models import Volume
from medarb.reviews import selectors, services
from medarb.reviews.models import ParticipantRole, ReviewState
from medarb.reviews.tests.conftest import QUESTIONS, vote_all


class TestTheWholeJourney:
    def test_request_approval_invitation_opinions_and_minutes(self, cast, with_experts, city_expert):
        review = with_experts
        roles = {p.user_id: p.role for p in review.participants.all()}
        assert roles == {
            cast.arbitrator.pk: ParticipantRole.TRIBUNAL,
            city_expert.pk: ParticipantRole.EXPERT,
            cast.other_arbitrator.pk: ParticipantRole.EXPERT,
        }
        vote_all(review, cast.arbitrator, "agree", "应按约定工资计算。")
        vote_all(review, city_expert, "agree", "同意仲裁庭意见。")
        vote_all(review, cast.other_arbitrator, "disagree", "应按实际发放的工资计算。")

        closed = services.close_review(review=review, actor=cast.chair)

        assert closed.state == ReviewState.CLOSED
        tallies = selectors.tally(closed)
        assert [(t.agree, t.disagree, t.majority) for t in tallies] == [(2, 1, "agree"), (2, 1, "agree")]
        assert [str(p.user) for p, _v in tallies[0].dissent] == ["蒋青山"]
        assert closed.minutes.volume == Volume.INTERNAL and closed.minutes.is_signed
        assert "问题1" in closed.conclusion
        entry = TimelineEntry.objects.get(case=closed.case, kind="joint_review_closed")
        assert entry.is_internal and "蒋青山" in entry.detail
        # The neighbouring district's expert read the materials through a share, which closing
        # ended; a share of the minutes alone is left, to read and sign them.
        materials, minutes = CaseShare.objects.filter(
            user=cast.other_arbitrator, reason=ShareReason.JOINT_REVIEW
        ).order_by("pk")
        assert materials.revoked_at is not None and materials.scope == ["claims", "facts"]
        assert minutes.revoked_at is None and minutes.scope == [f"document:{closed.minutes_id}"]
        assert minutes.expires_at >= timezone.now() + timedelta(days=6)
        assert closed.participants.get(user=cast.other_arbitrator).share == minutes

    def test_every_timeline_entry_of_the_review_is_internal(self, cast, with_experts):
        vote_all(with_experts, cast.arbitrator, "agree", "同意。")
        closed = services.close_review(review=with_experts, actor=cast.arbitrator)
        kinds = TimelineEntry.objects.filter(case=with_experts.case, kind__startswith="joint_review")
        assert kinds.count() >= 5 and not kinds.filter(is_internal=False).exists()
        issued = TimelineEntry.objects.get(
            case=with_experts.case, kind="document_issued", data__document_id=closed.minutes_id
        )
        assert issued.is_internal

    def test_a_city_expert_who_reads_through_the_tree_needs_no_share(self, cast, with_experts, city_expert):
        expert = with_experts.participants.get(user=city_expert)
        assert expert.share is None and expert.unit == cast.city

    def test_the_chair_refuses_with_a_reason(self, cast, requested):
        with pytest.raises(DomainError, match="理由"):
            services.refuse_review(review=requested, actor=cast.chair, reason=" ")
        refused = services.refuse_review(review=requested, actor=cast.chair, reason="由仲裁庭自行评议。")
        assert refused.state == ReviewState.REFUSED and refused.decision_note == "由仲裁庭自行评议。"


class TestRefusals:
    def test_no_tribunal_no_review(self, cast, accepted):
        with pytest.raises(ProcedureError, match="尚未组成仲裁庭"):
            services.request_review(
                case=accepted,
                actor=cast.chair,
                ground="major",
                reason="重大",
                questions=QUESTIONS,
                scope=["claims"],
            )

    @pytest.mark.parametrize("who", ["clerk", "filing_officer", "other_arbitrator", "supervisor"])
    def test_only_a_tribunal_member_or_the_chair_requests(self, cast, case, who):
        with pytest.raises(NotAllowed, match="仲裁庭成员或本单位主任"):
            services.request_review(
                case=case,
                actor=getattr(cast, who),
                ground="major",
                reason="重大",
                questions=QUESTIONS,
                scope=["claims"],
            )

    def test_the_chair_may_request(self, cast, case):
        review = services.request_review(
            case=case, actor=cast.chair, ground="major", reason="重大", questions=QUESTIONS, scope=["facts"]
        )
        assert review.state == ReviewState.REQUESTED

    def test_questions_and_materials_are_required(self, cast, case):
        with pytest.raises(DomainError, match="问题"):
            services.request_review(
                case=case, actor=cast.arbitrator, ground="major", reason="r", questions=[], scope=["claims"]
            )
        with pytest.raises(DomainError, match="材料"):
            services.request_review(
                case=case, actor=cast.arbitrator, ground="major", reason="r", questions=QUESTIONS, scope=[]
            )
        with pytest.raises(DomainError, match="材料无效"):
            services.request_review(
                case=case,
                actor=cast.arbitrator,
                ground="major",
                reason="r",
                questions=QUESTIONS,
                scope=["document:999999"],
            )

    @pytest.mark.parametrize("who", ["arbitrator", "clerk", "unit_admin", "other_arbitrator"])
    def test_only_the_chair_approves(self, cast, requested, who):
        now = timezone.now()
        with pytest.raises(NotAllowed, match="主任"):
            services.approve_review(
                review=requested,
                actor=getattr(cast, who),
                meeting_at=now,
                access_until=now + timedelta(days=1),
            )

    @pytest.mark.parametrize(
        "who",
        ["street_mediator", "legal_aid_officer", "court_liaison", "supervisor", "statistician", "worker"],
    )
    def test_an_expert_must_sit_for_a_commission(self, cast, approved, who):
        with pytest.raises(DomainError, match="省、市、区"):
            services.invite_expert(review=approved, actor=cast.chair, user=getattr(cast, who))

    def test_no_invitation_before_approval(self, cast, requested, city_expert):
        with pytest.raises(ProcedureError):
            services.invite_expert(review=requested, actor=cast.chair, user=city_expert)

    def test_an_uninvited_person_gives_no_opinion(self, cast, approved, city_expert):
        with pytest.raises(NotAllowed, match="不是本次会审"):
            vote_all(approved, city_expert, "agree", "同意。")

    def test_every_question_needs_a_vote(self, cast, approved):
        with pytest.raises(DomainError, match="表决"):
            services.record_opinion(review=approved, actor=cast.arbitrator, opinion="同意。", votes={})

    def test_no_opinion_after_close(self, cast, with_experts, city_expert):
        vote_all(with_experts, cast.arbitrator, "agree", "同意。")
        services.close_review(review=with_experts, actor=cast.chair)
        with pytest.raises(ProcedureError, match="已结束"):
            vote_all(with_experts, city_expert, "agree", "迟到的意见。")

    def test_no_opinion_once_the_share_has_expired(self, cast, with_experts):
        later = time_machine.travel(with_experts.access_until + timedelta(minutes=1), tick=False)
        with later, pytest.raises(NotAllowed, match="期限已届满"):
            vote_all(with_experts, cast.other_arbitrator, "agree", "同意。")

    def test_closing_without_opinions_is_refused(self, cast, with_experts):
        with pytest.raises(ProcedureError, match="尚无参加人员发表意见"):
            services.close_review(review=with_experts, actor=cast.chair)

    def test_closing_without_experts_is_refused(self, cast, approved):
        vote_all(approved, cast.arbitrator, "agree", "同意。")
        with pytest.raises(ProcedureError, match="尚未邀请"):
            services.close_review(review=approved, actor=cast.chair)

    def test_an_expert_cannot_close(self, cast, with_experts, city_expert):
        vote_all(with_experts, city_expert, "agree", "同意。")
        with pytest.raises(NotAllowed):
            services.close_review(review=with_experts, actor=city_expert)

    def test_one_review_at_a_time(self, cast, requested):
        with pytest.raises(ProcedureError, match="进行中"):
            services.request_review(
                case=requested.case,
                actor=cast.chair,
                ground="major",
                reason="r",
                questions=QUESTIONS,
                scope=["claims"],
            )
