"""To-dos reach the right role in the right unit; approvals go to the chair and call back the engine."""

from datetime import date

import pytest

from medarb.audit.models import AuditEntry
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.orgs.models import Role
from medarb.procedure import approvals as procedure_approvals
from medarb.procedure.approvals import decide_approval, request_approval
from medarb.procedure.models import ApprovalState, TaskState
from medarb.procedure.todos import close_tasks, open_task, tasks_for
from medarb.testing import register


@pytest.fixture
def case(cast):
    return register(actor=cast.filing_officer, unit=cast.district, received_on=date(2025, 3, 1))


@pytest.fixture(autouse=True)
def _only_our_callbacks(monkeypatch):
    """The procedure layer's contract is tested alone: the engine's own callback (which
    fires real transitions) is set aside for these tests."""
    monkeypatch.setattr(procedure_approvals, "_callbacks", [])


@pytest.fixture
def decisions():
    """Record what the engine's callback would receive."""
    seen = []

    def callback(*, approval, actor):
        seen.append((approval.pk, approval.state, actor.pk))

    procedure_approvals.on_approval_decided(callback)
    return seen


class TestToDos:
    def test_a_to_do_for_a_role_reaches_everyone_with_that_role_in_that_unit_only(self, cast, case):
        task = open_task(
            case=case, unit=cast.district, role=Role.ARBITRATOR, kind="compose", title="组成仲裁庭"
        )
        assert list(tasks_for(cast.arbitrator)) == [task]
        assert task not in tasks_for(cast.other_arbitrator)  # an arbitrator of another commission
        assert task not in tasks_for(cast.clerk)  # another role in the same unit
        assert task not in tasks_for(cast.worker)

    def test_a_to_do_assigned_to_one_person_reaches_only_them(self, cast, case):
        task = open_task(
            case=case,
            unit=cast.district,
            role=Role.CLERK,
            kind="serve",
            title="送达",
            assignee=cast.arbitrator,
        )
        assert task in tasks_for(cast.arbitrator)
        assert task not in tasks_for(cast.clerk)

    def test_closing_to_dos_of_some_kinds_leaves_the_others(self, cast, case):
        open_task(case=case, unit=cast.district, role=Role.ARBITRATOR, kind="compose", title="组成仲裁庭")
        other = open_task(case=case, unit=cast.district, role=Role.CLERK, kind="serve", title="送达")
        assert close_tasks(case=case, kinds=["compose"]) == 1
        assert list(tasks_for(cast.arbitrator)) == []
        assert list(tasks_for(cast.clerk)) == [other]

    def test_an_unknown_role_is_a_programming_error(self, cast, case):
        with pytest.raises(ValueError):
            open_task(case=case, unit=cast.district, role="janitor", kind="x", title="x")

    def test_the_to_do_list_is_one_query(self, cast, case, django_assert_num_queries):
        for n in range(5):
            open_task(case=case, unit=cast.district, role=Role.ARBITRATOR, kind=f"k{n}", title=f"事项{n}")
        cast.arbitrator._active_memberships = None
        with django_assert_num_queries(2):  # memberships, then the to-dos with their cases
            rows = [(t.case.pk, t.unit.name) for t in tasks_for(cast.arbitrator)]
        assert len(rows) == 5


class TestApprovals:
    def test_a_request_opens_a_to_do_for_the_chair(self, cast, case):
        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="extension",
            transition_code="extend",
            requested_by=cast.arbitrator,
            payload={"days": 15, "reason": "案情复杂"},
        )
        assert approval.state == ApprovalState.PENDING
        assert [t.title for t in tasks_for(cast.chair)] == ["审批：延长审理期限"]
        assert AuditEntry.objects.filter(case_id=case.pk, summary__contains="提请审批").exists()

    def test_a_second_request_for_the_same_act_is_refused_while_one_is_pending(self, cast, case):
        request_approval(
            case=case,
            unit=cast.district,
            kind="extension",
            transition_code="extend",
            requested_by=cast.arbitrator,
            payload={},
        )
        with pytest.raises(ProcedureError):
            request_approval(
                case=case,
                unit=cast.district,
                kind="extension",
                transition_code="extend",
                requested_by=cast.arbitrator,
                payload={},
            )

    def test_the_chair_approves_and_the_engine_is_called_back(self, cast, case, decisions):
        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="suspension",
            transition_code="suspend",
            requested_by=cast.arbitrator,
            payload={},
        )
        decided = decide_approval(approval=approval, actor=cast.chair, approve=True, comment="同意中止")
        assert decided.state == ApprovalState.APPROVED
        assert decided.decided_by == cast.chair
        assert decisions == [(approval.pk, ApprovalState.APPROVED, cast.chair.pk)]
        assert decided.task.state == TaskState.DONE
        assert list(tasks_for(cast.chair)) == []

    def test_returning_needs_a_comment(self, cast, case, decisions):
        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="termination",
            transition_code="terminate",
            requested_by=cast.arbitrator,
            payload={},
        )
        with pytest.raises(DomainError, match="审批意见"):
            decide_approval(approval=approval, actor=cast.chair, approve=False, comment="  ")
        returned = decide_approval(
            approval=approval, actor=cast.chair, approve=False, comment="理由不充分，请补充"
        )
        assert returned.state == ApprovalState.RETURNED
        assert decisions == [(approval.pk, ApprovalState.RETURNED, cast.chair.pk)]

    def test_only_the_chair_of_that_unit_may_decide(self, cast, case, decisions):
        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="extension",
            transition_code="extend",
            requested_by=cast.arbitrator,
            payload={},
        )
        for outsider in (cast.arbitrator, cast.unit_admin, cast.worker):
            with pytest.raises(NotAllowed):
                decide_approval(approval=approval, actor=outsider, approve=True, comment="")
        approval.refresh_from_db()
        assert approval.state == ApprovalState.PENDING
        assert decisions == []

    def test_a_decision_cannot_be_made_twice(self, cast, case):
        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="extension",
            transition_code="extend",
            requested_by=cast.arbitrator,
            payload={},
        )
        decide_approval(approval=approval, actor=cast.chair, approve=True, comment="")
        with pytest.raises(ProcedureError):
            decide_approval(approval=approval, actor=cast.chair, approve=False, comment="撤回")

    def test_a_failing_callback_rolls_the_decision_back(self, cast, case):
        def refuse(*, approval, actor):
            raise ProcedureError("案件状态已变化，不能执行。")

        approval = request_approval(
            case=case,
            unit=cast.district,
            kind="extension",
            transition_code="extend",
            requested_by=cast.arbitrator,
            payload={},
        )
        procedure_approvals.on_approval_decided(refuse)
        with pytest.raises(ProcedureError):
            decide_approval(approval=approval, actor=cast.chair, approve=True, comment="")
        approval.refresh_from_db()
        assert approval.state == ApprovalState.PENDING
        assert approval.task.state == TaskState.OPEN
