"""Every act refuses clearly — out of order, by the wrong role, with missing data — and
changes nothing when it does."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medarb.arbitration import services
from medarb.arbitration.models import Tribunal
from medarb.arbitration.procedure import ARBITRATION
from medarb.audit.models import AuditEntry
from medarb.cases import workflow
from medarb.cases.models import Case, CaseNumberSequence
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.procedure.models import Deadline

from .conftest import TODAY, fire

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.number,
        case.closed_on,
        case.timeline.count(),
        Deadline.objects.filter(case=case).count(),
        AuditEntry.objects.filter(case_id=case.pk).exclude(action="read").count(),
    )


class TestOutOfOrder:
    def test_serving_the_respondent_before_acceptance_is_refused_naming_the_state(self, cast, received):
        before = _snapshot(received)
        with pytest.raises(ProcedureError, match="当前状态为“收件”，不能“送达申请书副本”"):
            services.serve_respondent(case=received, actor=cast.clerk, on=TODAY, method="personal")
        assert _snapshot(received) == before

    def test_accepting_twice_is_refused_and_takes_no_second_number(self, cast, accepted):
        before = _snapshot(accepted)
        with pytest.raises(ProcedureError):
            services.accept_case(case=accepted, actor=cast.filing_officer, on=TODAY)
        assert _snapshot(accepted) == before
        assert CaseNumberSequence.objects.get().last == 1

    def test_every_declared_transition_refuses_from_a_state_it_does_not_leave(self, cast, received):
        for transition in ARBITRATION.transitions.values():
            if "application_received" in transition.sources:
                continue
            with pytest.raises(ProcedureError):
                fire(received, transition.code, cast.chair)
        assert Case.objects.get(pk=received.pk).status == "application_received"

    def test_scheduling_a_hearing_without_a_tribunal_names_the_missing_step(self, cast, accepted):
        services.serve_respondent(case=accepted, actor=cast.clerk, on=TODAY, method="personal")
        before = _snapshot(accepted)
        with pytest.raises(ProcedureError, match="尚未组成仲裁庭"):
            services.schedule_hearing(
                case=accepted,
                actor=cast.clerk,
                starts_at=datetime(2026, 3, 30, 9, 30, tzinfo=SHANGHAI),
                ends_at=datetime(2026, 3, 30, 11, 0, tzinfo=SHANGHAI),
            )
        assert _snapshot(accepted) == before

    def test_a_second_tribunal_is_refused(self, cast, in_defence, pool):
        with pytest.raises(ProcedureError, match="仲裁庭已经组成"):
            services.compose_tribunal(case=in_defence, actor=cast.chair, kind="sole", presiding=pool[1])
        assert Tribunal.objects.filter(case=in_defence).count() == 1


class TestWrongRole:
    def test_a_clerk_cannot_accept_a_case(self, cast, received):
        before = _snapshot(received)
        with pytest.raises(NotAllowed, match="“受理立案”只能由"):
            services.accept_case(case=received, actor=cast.clerk, on=TODAY)
        assert _snapshot(received) == before

    def test_only_the_chair_signs_off_an_award(self, cast, in_defence):
        Case.objects.filter(pk=in_defence.pk).update(status="award_sign_off")
        with pytest.raises(NotAllowed):
            fire(in_defence, "sign_off_award", cast.arbitrator)

    def test_an_arbitrator_of_another_commission_cannot_act(self, cast, accepted):
        with pytest.raises(NotAllowed, match="没有办理权限"):
            services.serve_respondent(case=accepted, actor=cast.other_arbitrator, on=TODAY, method="personal")

    def test_a_street_mediator_cannot_act_on_an_arbitration_case(self, cast, received):
        with pytest.raises(NotAllowed):
            fire(received, "begin_review", cast.street_mediator)

    def test_a_supervisor_sees_no_actions(self, cast, accepted):
        assert workflow.available_actions(case=accepted, user=cast.supervisor) == []

    def test_the_buttons_are_the_transitions_the_users_roles_may_fire(self, cast, received):
        codes = {
            a.transition.code for a in workflow.available_actions(case=received, user=cast.filing_officer)
        }
        assert {"accept", "refuse", "request_correction", "begin_review", "withdraw"} <= codes
        assert "serve_respondent" not in codes
        clerk_codes = {a.transition.code for a in workflow.available_actions(case=received, user=cast.clerk)}
        assert "accept" not in clerk_codes

    def test_a_blocked_button_carries_the_guards_reason(self, cast, accepted):
        actions = {
            a.transition.code: a for a in workflow.available_actions(case=accepted, user=cast.arbitrator)
        }
        assert actions["compose_tribunal"].allowed
        assert actions["file_recusal"].allowed is False
        assert actions["file_recusal"].reason == "尚未组成仲裁庭。"


class TestMissingData:
    def test_a_correction_notice_must_list_what_is_missing(self, cast, received):
        with pytest.raises(workflow.ActionInvalid, match="需补正的材料"):
            workflow.perform(
                case=received,
                transition="request_correction",
                actor=cast.filing_officer,
                data={"on": "2026-03-02"},
            )
        assert Case.objects.get(pk=received.pk).status == "application_received"

    def test_a_date_in_the_future_is_refused(self, cast, received):
        with pytest.raises(workflow.ActionInvalid, match="不能晚于今天"):
            workflow.perform(
                case=received, transition="accept", actor=cast.filing_officer, data={"on": "2026-03-03"}
            )
        assert Case.objects.get(pk=received.pk).number is None

    def test_a_withdrawal_needs_a_reason(self, cast, accepted):
        with pytest.raises(workflow.ActionInvalid, match="理由"):
            workflow.perform(
                case=accepted, transition="withdraw", actor=cast.clerk, data={"on": "2026-03-02"}
            )

    def test_three_arbitrators_means_two_besides_the_presiding_one(self, cast, accepted, pool):
        with pytest.raises(DomainError, match="两名仲裁员"):
            services.compose_tribunal(
                case=accepted, actor=cast.chair, kind="three", presiding=pool[0], members=[pool[1]]
            )
        assert not Tribunal.objects.filter(case=accepted).exists()

    def test_an_arbitrator_outside_the_pool_is_refused(self, cast, accepted, pool):
        with pytest.raises(DomainError, match="不在仲裁员名册"):
            services.compose_tribunal(
                case=accepted, actor=cast.chair, kind="sole", presiding=cast.other_arbitrator
            )

    def test_an_unknown_act_is_refused_in_chinese(self, cast, received):
        with pytest.raises(ProcedureError, match="没有"):
            fire(received, "teleport", cast.chair)


class TestHearingRules:
    @pytest.fixture
    def ready(self, cast, in_defence):
        fire(in_defence, "open_evidence_period", cast.clerk)
        return in_defence

    def test_a_hearing_needs_five_working_days_notice(self, cast, ready):
        with pytest.raises(ProcedureError, match="开庭通知应在开庭5个工作日前送达"):
            services.schedule_hearing(
                case=ready,
                actor=cast.clerk,
                starts_at=datetime(2026, 3, 6, 9, 30, tzinfo=SHANGHAI),
                ends_at=datetime(2026, 3, 6, 11, 0, tzinfo=SHANGHAI),
            )
        assert Case.objects.get(pk=ready.pk).status == "evidence_period"

    def test_the_parties_may_waive_the_notice_period_with_a_recorded_reason(self, cast, ready):
        services.schedule_hearing(
            case=ready,
            actor=cast.clerk,
            starts_at=datetime(2026, 3, 6, 9, 30, tzinfo=SHANGHAI),
            ends_at=datetime(2026, 3, 6, 11, 0, tzinfo=SHANGHAI),
            notice_waiver_reason="双方当事人同意提前开庭",
        )
        assert ready.status == "hearing_scheduled"
        assert "双方当事人同意提前开庭" in ready.timeline.filter(kind="transition").last().detail

    def test_a_partys_postponement_request_must_come_three_working_days_before(self, cast, ready):
        services.schedule_hearing(
            case=ready,
            actor=cast.clerk,
            starts_at=datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI),
            ends_at=datetime(2026, 3, 16, 11, 0, tzinfo=SHANGHAI),
        )
        new = datetime(2026, 3, 30, 9, 30, tzinfo=SHANGHAI)
        with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
            with pytest.raises(ProcedureError, match="延期开庭申请应在开庭3个工作日前提出"):
                services.postpone_hearing(
                    case=ready,
                    actor=cast.clerk,
                    requested_by="respondent",
                    new_starts_at=new,
                    new_ends_at=new.replace(hour=11),
                    note="代理人出差",
                )
            # the tribunal may postpone of its own motion at any time
            services.postpone_hearing(
                case=ready,
                actor=cast.clerk,
                requested_by="tribunal",
                new_starts_at=new,
                new_ends_at=new.replace(hour=11),
                note="仲裁员身体原因",
            )
        assert ready.status == "hearing_scheduled"

    def test_an_absent_applicant_is_not_heard_but_deemed_to_withdraw(self, cast, ready):
        services.schedule_hearing(
            case=ready,
            actor=cast.clerk,
            starts_at=datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI),
            ends_at=datetime(2026, 3, 16, 11, 0, tzinfo=SHANGHAI),
        )
        with time_machine.travel("2026-03-16 09:40 +0800", tick=False):
            with pytest.raises(ProcedureError, match="按撤回处理"):
                services.open_hearing(
                    case=ready, actor=cast.arbitrator, applicant_present=False, respondent_present=True
                )
            fire(ready, "deemed_withdrawal", cast.arbitrator, note="申请人经书面通知无正当理由拒不到庭")
        case = Case.objects.get(pk=ready.pk)
        assert (case.status, case.close_reason) == ("closed_withdrawn", "deemed_withdrawn")
