"""Acts the chair must approve: non-acceptance, suspension and resumption, extension, revocation."""

from datetime import date

import pytest
import time_machine

from medarb.arbitration import services
from medarb.arbitration.models import Suspension
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.procedure.approvals import decide_approval, pending_approvals
from medarb.procedure.calendar import add_period
from medarb.procedure.clocks import deadlines_for
from medarb.procedure.models import Approval, ApprovalState
from medarb.procedure.todos import tasks_for

from .conftest import TODAY


def _award(case):
    return next(d for d in deadlines_for(case) if d.code == "award")


class TestNonAcceptance:
    def test_a_filing_officer_refusal_waits_for_the_chair_and_changes_nothing_yet(self, cast, received):
        workflow.perform(
            case=received,
            transition="refuse",
            actor=cast.filing_officer,
            data={"on": "2026-03-02", "ground": "scope", "note": "请求不属于劳动争议。"},
        )
        received.refresh_from_db()
        assert received.status == "application_received"
        approval = Approval.objects.get(case=received)
        assert approval.kind == "non_acceptance" and approval.state == ApprovalState.PENDING
        assert pending_approvals(cast.chair).filter(pk=approval.pk).exists()
        assert tasks_for(cast.chair).filter(case=received, kind="approval").exists()
        assert received.timeline.filter(kind="approval_requested").exists()

    def test_the_chairs_approval_carries_out_the_refusal_with_its_reasons(self, cast, received):
        workflow.perform(
            case=received,
            transition="refuse",
            actor=cast.filing_officer,
            data={"on": "2026-03-02", "ground": "scope", "note": "请求不属于劳动争议。"},
        )
        decide_approval(
            approval=Approval.objects.get(case=received), actor=cast.chair, approve=True, comment="同意"
        )
        case = Case.objects.get(pk=received.pk)
        assert case.status == "not_accepted"
        assert case.close_reason == "not_accepted"
        assert case.closed_on == TODAY
        entry = case.timeline.get(kind="transition")
        assert "不属于劳动人事争议处理范围" in entry.detail and "经周主任批准" in entry.detail

    def test_a_returned_request_leaves_the_case_where_it_was_and_says_why(self, cast, received):
        workflow.perform(
            case=received,
            transition="refuse",
            actor=cast.filing_officer,
            data={"on": "2026-03-02", "ground": "unclear", "note": "请求不明确"},
        )
        approval = Approval.objects.get(case=received)
        with pytest.raises(DomainError):
            decide_approval(approval=approval, actor=cast.chair, approve=False, comment="")
        decide_approval(approval=approval, actor=cast.chair, approve=False, comment="请先通知补正")
        received.refresh_from_db()
        assert received.status == "application_received"
        assert received.timeline.filter(kind="approval_returned", detail="请先通知补正").exists()

    def test_a_second_request_while_one_is_pending_is_refused(self, cast, received):
        data = {"on": "2026-03-02", "ground": "scope", "note": "x"}
        workflow.perform(case=received, transition="refuse", actor=cast.filing_officer, data=data)
        with pytest.raises(ProcedureError, match="已报请审批"):
            workflow.perform(case=received, transition="refuse", actor=cast.filing_officer, data=data)
        assert Approval.objects.filter(case=received).count() == 1

    def test_only_the_chair_decides(self, cast, received):
        workflow.perform(
            case=received,
            transition="refuse",
            actor=cast.filing_officer,
            data={"on": "2026-03-02", "ground": "scope", "note": "x"},
        )
        with pytest.raises(NotAllowed):
            decide_approval(
                approval=Approval.objects.get(case=received), actor=cast.arbitrator, approve=True, comment=""
            )

    def test_the_chair_refusing_herself_needs_no_approval(self, cast, received):
        services.refuse_case(case=received, actor=cast.chair, ground="scope", note="不属于受案范围", on=TODAY)
        assert received.status == "not_accepted"
        assert not Approval.objects.filter(case=received).exists()


class TestSuspension:
    def test_suspension_pauses_the_award_clock_and_resumption_gives_back_the_days_left(
        self, cast, in_defence
    ):
        case = in_defence
        assert _award(case).due_on == date(2026, 4, 16)
        with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
            services.suspend_case(case=case, actor=cast.arbitrator, ground="appraisal", note="等待工伤认定")
            assert case.status == "defence_period"  # waiting for the chair
            decide_approval(
                approval=Approval.objects.get(case=case), actor=cast.chair, approve=True, comment=""
            )
        case.refresh_from_db()
        assert case.status == "suspended"
        assert _award(case).paused
        assert Suspension.objects.get(case=case).started_on == date(2026, 3, 12)
        with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
            services.resume_case(case=case, actor=cast.chair, note="工伤认定已作出")
        case.refresh_from_db()
        assert case.status == "defence_period"  # back where it was
        award = _award(case)
        assert not award.paused
        assert award.due_on == date(2026, 5, 6)  # 20 days paused: 16 April + 20 days
        assert Suspension.objects.get(case=case).ended_on == date(2026, 4, 1)

    def test_resumption_is_offered_only_while_suspended(self, cast, in_defence):
        with pytest.raises(ProcedureError, match="当前状态为“答辩期”"):
            services.resume_case(case=in_defence, actor=cast.chair)


class TestExtension:
    def test_the_chair_approves_an_extension_of_at_most_fifteen_days(self, cast, in_defence):
        case = in_defence
        workflow.perform(
            case=case,
            transition="extend",
            actor=cast.arbitrator,
            data={"on": "2026-03-02", "days": "15", "note": "案情复杂"},
        )
        assert _award(case).due_on == date(2026, 4, 16)
        decide_approval(
            approval=Approval.objects.get(case=case), actor=cast.chair, approve=True, comment="同意延长"
        )
        # 45 + 15 natural days from acceptance; 1 May falls in the Labour Day holidays and rolls on.
        assert _award(case).due_on == add_period(TODAY, 60, "natural") > date(2026, 5, 1)
        assert _award(case).extended_days == 15

    def test_more_than_fifteen_days_is_refused_by_the_form(self, cast, in_defence):
        with pytest.raises(workflow.ActionInvalid):
            workflow.perform(
                case=in_defence,
                transition="extend",
                actor=cast.chair,
                data={"on": "2026-03-02", "days": "16", "note": "x"},
            )
        assert not Approval.objects.filter(case=in_defence).exists()

    def test_a_second_extension_beyond_the_cap_is_refused_and_changes_nothing(self, cast, in_defence):
        services.extend_time_limit(case=in_defence, actor=cast.chair, days=10, note="复杂")
        with pytest.raises(DomainError):
            services.extend_time_limit(case=in_defence, actor=cast.chair, days=10, note="仍复杂")
        assert _award(in_defence).extended_days == 10
        assert in_defence.timeline.filter(data__transition="extend").count() == 1


class TestRevocation:
    def test_revoking_a_case_needs_the_chair(self, cast, accepted):
        workflow.perform(
            case=accepted,
            transition="revoke_case",
            actor=cast.arbitrator,
            data={"on": "2026-03-02", "note": "不属于受理范围"},
        )
        assert Case.objects.get(pk=accepted.pk).status == "accepted"
        decide_approval(
            approval=Approval.objects.get(case=accepted), actor=cast.chair, approve=True, comment=""
        )
        case = Case.objects.get(pk=accepted.pk)
        assert (case.status, case.close_reason) == ("terminated", "revoked_case")
