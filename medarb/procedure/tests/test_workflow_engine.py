"""The engine on a small procedure of its own: targets, guards, roles, shares, to-dos, hooks."""

import pytest

from medarb.cases import workflow
from medarb.cases.models import Case, ShareAccess, ShareReason
from medarb.cases.services import share_case
from medarb.core.errors import NotAllowed, ProcedureError
from medarb.orgs.models import Role
from medarb.procedure import declaration
from medarb.procedure.declaration import PREVIOUS, STAY, Procedure, State, Transition, requires
from medarb.procedure.models import Task, TaskState
from medarb.procedure.todos import open_task
from medarb.testing import register

MEDIATORS = frozenset({Role.MEDIATOR})


@pytest.fixture
def toy():
    """A tiny procedure under its own kind; removed from the registry afterwards."""
    procedure = Procedure(
        kind="toy",
        label="玩具程序",
        states=[
            State("open", "开始", waits_for=MEDIATORS),
            State("working", "办理中", waits_for=MEDIATORS),
            State("paused", "暂停"),
            State("done", "完成", is_closed=True),
        ],
        transitions=[
            Transition(
                "start",
                "开始办理",
                ("open",),
                "working",
                MEDIATORS,
                article="第一条",
                starts=("mediation_limit",),
            ),
            Transition("note", "记录", ("working",), STAY, MEDIATORS),
            Transition("pause", "暂停", ("open", "working"), "paused", MEDIATORS, pauses=("*",)),
            Transition("resume", "恢复", ("paused",), PREVIOUS, MEDIATORS, resumes=("*",)),
            Transition(
                "finish",
                "结束",
                ("working",),
                "done",
                MEDIATORS,
                close_reason="finished",
                guards=(requires(lambda case: case.facts != "", "请先填写事实与理由。"),),
            ),
        ],
    )
    declaration.register(procedure)
    yield procedure
    declaration._registry.pop("toy", None)


@pytest.fixture
def case(cast, toy):
    case = register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
    Case.objects.filter(pk=case.pk).update(kind="toy", status="open")
    case.refresh_from_db()
    return case


class TestTargets:
    def test_a_stay_transition_keeps_the_state_and_still_writes_the_timeline(self, cast, case):
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        workflow.fire(case=case, transition="note", actor=cast.street_mediator, note="电话联系双方")
        assert case.status == "working"
        entry = case.timeline.filter(kind="transition").last()
        assert (entry.title, entry.detail, entry.data["from"], entry.data["to"]) == (
            "记录",
            "电话联系双方",
            "working",
            "working",
        )

    def test_previous_returns_to_the_state_before(self, cast, case):
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        workflow.fire(case=case, transition="pause", actor=cast.street_mediator)
        workflow.fire(case=case, transition="resume", actor=cast.street_mediator)
        assert Case.objects.get(pk=case.pk).status == "working"

    def test_closing_records_the_date_and_reason(self, cast, case):
        Case.objects.filter(pk=case.pk).update(facts="拖欠工资")
        case.refresh_from_db()
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        workflow.fire(case=case, transition="finish", actor=cast.street_mediator)
        case = Case.objects.get(pk=case.pk)
        assert (case.status, case.close_reason) == ("done", "finished") and case.closed_on


class TestGuards:
    def test_a_guard_refuses_with_its_reason_and_nothing_changes(self, cast, case):
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        Case.objects.filter(pk=case.pk).update(facts="")
        case.refresh_from_db()
        count = case.timeline.count()
        with pytest.raises(ProcedureError, match="请先填写事实与理由"):
            workflow.fire(case=case, transition="finish", actor=cast.street_mediator)
        assert Case.objects.get(pk=case.pk).status == "working" and case.timeline.count() == count

    def test_available_actions_show_the_blocked_one_with_its_reason(self, cast, case):
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        Case.objects.filter(pk=case.pk).update(facts="")
        case.refresh_from_db()
        actions = {
            a.transition.code: a for a in workflow.available_actions(case=case, user=cast.street_mediator)
        }
        assert set(actions) == {"note", "pause", "finish"}
        assert (actions["finish"].allowed, actions["finish"].reason) == (False, "请先填写事实与理由。")

    def test_the_declaration_refuses_unknown_states_and_duplicates(self, toy):
        with pytest.raises(ValueError, match="unknown states"):
            toy.add(Transition("x", "x", ("nowhere",), "done", MEDIATORS))
        with pytest.raises(ValueError, match="twice"):
            toy.add(Transition("start", "x", ("open",), "done", MEDIATORS))


class TestWhoMayAct:
    def test_a_mediator_of_another_street_may_not_act(self, cast, case):
        with pytest.raises(NotAllowed):
            workflow.fire(case=case, transition="start", actor=cast.street_b_mediator)

    def test_a_write_share_lets_a_holder_of_the_role_act(self, cast, case):
        share_case(
            actor=cast.street_mediator,
            case=case,
            reason=ShareReason.GUIDANCE,
            user=cast.street_b_mediator,
            access=ShareAccess.WRITE,
        )
        workflow.fire(case=case, transition="start", actor=cast.street_b_mediator)
        assert case.status == "working"

    def test_a_read_share_does_not(self, cast, case):
        share_case(
            actor=cast.street_mediator, case=case, reason=ShareReason.GUIDANCE, user=cast.street_b_mediator
        )
        with pytest.raises(NotAllowed):
            workflow.fire(case=case, transition="start", actor=cast.street_b_mediator)
        assert workflow.available_actions(case=case, user=cast.street_b_mediator) == []


class TestToDos:
    def test_moving_on_closes_the_states_to_dos_and_opens_the_next_ones_on_the_clock(self, cast, case):
        other = open_task(case=case, unit=case.unit, role=Role.CHAIR, kind="approval", title="审批")
        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        task = Task.objects.get(case=case, kind=workflow.STATE_TASK, state=TaskState.OPEN)
        assert task.role == Role.MEDIATOR and task.deadline.rule_code == "mediation_limit"
        assert task.due_on == task.deadline.due_on
        workflow.fire(case=case, transition="pause", actor=cast.street_mediator)
        assert not Task.objects.filter(case=case, kind=workflow.STATE_TASK, state=TaskState.OPEN).exists()
        assert Task.objects.get(pk=other.pk).state == TaskState.OPEN  # not a state to-do: left alone

    def test_the_to_do_answers_to_the_commissions_clock_not_to_a_partys_period_due_sooner(self, cast, case):
        from datetime import timedelta

        from medarb.procedure.clocks import start_deadline

        workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        limit = case.deadlines.get(rule_code="mediation_limit", state="running")
        start_deadline(case=case, rule_code="defence", start=limit.due_on - timedelta(days=30))  # due first
        workflow.reset_state_tasks(case=case)

        task = Task.objects.get(case=case, kind=workflow.STATE_TASK, state=TaskState.OPEN)
        assert task.deadline == limit and task.due_on == limit.due_on


class TestHooks:
    def test_after_fire_callbacks_run_inside_the_act(self, cast, case):
        seen = []
        callback = workflow.after_fire(lambda **kw: seen.append((kw["transition"].code, kw["case"].status)))
        try:
            workflow.fire(case=case, transition="start", actor=cast.street_mediator)
        finally:
            workflow._after_fire.remove(callback)
        assert seen == [("start", "working")]


class TestTimelineData:
    def test_the_acts_data_is_kept_as_json(self, cast, case):
        from datetime import date
        from decimal import Decimal

        workflow.fire(
            case=case,
            transition="start",
            actor=cast.street_mediator,
            data={
                "who": cast.street_mediator,
                "amount": Decimal("12.50"),
                "when": date(2026, 3, 2),
                "terms": {"items": [1, Decimal("2")]},
                "people": [cast.clerk],
            },
        )
        data = case.timeline.filter(kind="transition").last().data["data"]
        assert data == {
            "who": cast.street_mediator.pk,
            "amount": "12.50",
            "when": "2026-03-02",
            "terms": {"items": [1, "2"]},
            "people": [cast.clerk.pk],
        }
