"""Recusal, mediation statements, awards item by item, simplified procedure, withdrawal, transfer."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from medarb.arbitration import services
from medarb.arbitration.models import (
    ArbitrationTrack,
    Award,
    AwardKind,
    MediationStatement,
    RecusalDecision,
    Tribunal,
)
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError, ProcedureError

from .conftest import TODAY, fire


class TestRecusal:
    def test_an_upheld_recusal_replaces_the_arbitrator_and_blocks_hearings_until_decided(
        self, cast, in_defence, pool
    ):
        recusal = services.file_recusal(
            case=in_defence,
            actor=cast.clerk,
            challenged=cast.arbitrator,
            applicant_name="某电子有限公司",
            ground="interest",
            note="仲裁员系申请人亲属",
        )
        fire(in_defence, "open_evidence_period", cast.clerk)
        actions = {a.transition.code: a for a in workflow.available_actions(case=in_defence, user=cast.clerk)}
        assert actions["schedule_hearing"].allowed is False and "回避" in actions["schedule_hearing"].reason
        with pytest.raises(Exception, match="只能由"):
            services.decide_recusal(
                case=in_defence, actor=cast.arbitrator, recusal=recusal, decision="rejected"
            )
        services.decide_recusal(
            case=in_defence, actor=cast.chair, recusal=recusal, decision="upheld", replacement=pool[1]
        )
        tribunal = Tribunal.objects.get(case=in_defence)
        assert tribunal.presiding == pool[1]
        assert list(tribunal.members.all()) == [pool[1]]
        recusal.refresh_from_db()
        assert recusal.decision == RecusalDecision.UPHELD

    def test_only_a_member_of_the_tribunal_can_be_challenged(self, cast, in_defence, pool):
        with pytest.raises(DomainError, match="不是本案仲裁庭成员"):
            services.file_recusal(
                case=in_defence,
                actor=cast.clerk,
                challenged=pool[2],
                applicant_name="张三",
                ground="interest",
            )


class TestMediationStatement:
    def test_the_case_closes_on_the_later_signature(self, cast, in_defence):
        fire(in_defence, "open_evidence_period", cast.clerk)
        fire(in_defence, "start_mediation", cast.arbitrator)
        with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
            services.issue_mediation_statement(
                case=in_defence,
                actor=cast.arbitrator,
                terms="被申请人于2026年3月31日前支付工资10000元。",
                amount=Decimal("10000"),
                applicant_signed_on=date(2026, 3, 5),
                respondent_signed_on=date(2026, 3, 6),
            )
        case = Case.objects.get(pk=in_defence.pk)
        assert (case.status, case.close_reason, case.closed_on) == (
            "closed_mediation",
            "mediated",
            date(2026, 3, 6),
        )
        assert MediationStatement.objects.get(case=case).amount == Decimal("10000")

    def test_failed_mediation_returns_to_where_it_started(self, cast, in_defence):
        fire(in_defence, "open_evidence_period", cast.clerk)
        fire(in_defence, "start_mediation", cast.arbitrator)
        fire(in_defence, "mediation_failed", cast.arbitrator)
        assert Case.objects.get(pk=in_defence.pk).status == "evidence_period"


class TestAward:
    @pytest.fixture
    def drafting(self, cast, in_defence):
        Case.objects.filter(pk=in_defence.pk).update(status="award_drafting")
        in_defence.refresh_from_db()
        return in_defence

    def test_each_item_says_whether_it_is_final_and_why(self, cast, drafting):
        claim = drafting.claims.get()
        award = services.submit_award(
            case=drafting,
            actor=cast.arbitrator,
            findings="事实",
            majority_opinion="理由",
            dissent="少数意见：应予驳回",
            items=[(claim, Decimal("24000.00"))],
            partial=True,
        )
        item = award.items.get()
        assert award.kind == AwardKind.FINAL and item.is_final  # exactly 12 × 2,000
        assert "终局" in item.final_reason
        assert award.dissent == "少数意见：应予驳回" and award.partial

    def test_one_fen_above_twelve_months_is_not_final(self, cast, drafting):
        claim = drafting.claims.get()
        award = services.submit_award(
            case=drafting,
            actor=cast.arbitrator,
            findings="事实",
            majority_opinion="理由",
            items=[(claim, Decimal("24000.01"))],
        )
        assert award.kind == AwardKind.NON_FINAL and not award.items.get().is_final

    def test_the_chair_may_return_a_draft_which_is_then_resubmitted(self, cast, drafting):
        claim = drafting.claims.get()
        services.submit_award(
            case=drafting, actor=cast.arbitrator, findings="f", majority_opinion="m", items=[(claim, None)]
        )
        services.return_award(case=drafting, actor=cast.chair, note="请补充证据分析")
        assert drafting.status == "award_drafting"
        with pytest.raises(ProcedureError, match="不能“签发裁决书”"):
            fire(drafting, "sign_off_award", cast.chair)
        services.submit_award(
            case=drafting, actor=cast.arbitrator, findings="f", majority_opinion="m2", items=[(claim, None)]
        )
        award = services.sign_off_award(case=drafting, actor=cast.chair)
        assert award.majority_opinion == "m2" and award.signed_off_by == cast.chair
        assert Award.objects.filter(case=drafting).count() == 2

    def test_an_award_must_cover_the_claims_of_this_case(self, cast, drafting, received):
        with pytest.raises(DomainError, match="逐项"):
            services.submit_award(
                case=drafting, actor=cast.arbitrator, findings="f", majority_opinion="m", items=[]
            )


class TestOtherEndings:
    def test_simplified_procedure_is_recorded_and_can_be_undone(self, cast, accepted):
        services.apply_simplified(case=accepted, actor=cast.arbitrator, ground="agreed")
        with pytest.raises(ProcedureError, match="已适用简易处理"):
            services.apply_simplified(case=accepted, actor=cast.arbitrator, ground="agreed")
        services.convert_to_ordinary(case=accepted, actor=cast.arbitrator, note="案情复杂")
        assert ArbitrationTrack.objects.get(case=accepted).simplified is False

    def test_a_withdrawal_closes_the_case_and_stops_every_clock(self, cast, accepted):
        fire(accepted, "withdraw", cast.clerk, note="双方和解")
        case = Case.objects.get(pk=accepted.pk)
        assert (case.status, case.close_reason, case.closed_on) == ("closed_withdrawn", "withdrawn", TODAY)
        assert not case.deadlines.filter(state__in=["running", "paused"]).exists()

    def test_a_transfer_names_the_competent_commission(self, cast, received):
        services.transfer_case(
            case=received,
            actor=cast.filing_officer,
            to_commission="青山区劳动人事争议仲裁院",
            note="用人单位所在地",
        )
        case = Case.objects.get(pk=received.pk)
        assert case.status == "transferred" and "青山区" in case.timeline.last().detail
