"""The daily sweep flags clocks and to-dos due within three working days, and overdue ones."""

from datetime import date

import pytest

from medarb.orgs.models import Role
from medarb.procedure.clocks import pause_deadlines, start_deadline, stop_deadline
from medarb.procedure.models import Deadline, Flag, Task
from medarb.procedure.sweep import sweep_deadlines
from medarb.procedure.tasks import sweep_deadlines_daily
from medarb.procedure.todos import close_tasks, open_task
from medarb.testing import register


@pytest.fixture
def case(cast):
    return register(actor=cast.filing_officer, unit=cast.district, received_on=date(2025, 9, 1))


def flag_of(case, code):
    return Deadline.objects.get(case=case, rule_code=code).flag


class TestSweep:
    def test_it_flags_due_soon_overdue_and_leaves_the_rest(self, cast, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 9, 1))  # due 9/8
        start_deadline(case=case, rule_code="compose_tribunal", start=date(2025, 9, 10))  # due 9/17
        start_deadline(case=case, rule_code="award", start=date(2025, 9, 10))  # due 10/27
        result = sweep_deadlines(today=date(2025, 9, 12))  # Friday: 3 working days → Wednesday 9/17
        assert result.due_soon_until == date(2025, 9, 17)
        assert flag_of(case, "acceptance_decision") == Flag.OVERDUE
        assert flag_of(case, "compose_tribunal") == Flag.DUE_SOON
        assert flag_of(case, "award") == Flag.NONE
        assert (result.deadlines_overdue, result.deadlines_due_soon) == (1, 1)

    def test_three_working_days_reach_across_national_day(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 8, 17))  # due 10/9
        result = sweep_deadlines(today=date(2025, 9, 29))  # 9/30, 10/9, 10/10
        assert result.due_soon_until == date(2025, 10, 10)
        assert flag_of(case, "award") == Flag.DUE_SOON

    def test_a_clock_due_today_is_due_soon_not_overdue(self, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 9, 1))  # due 9/8
        sweep_deadlines(today=date(2025, 9, 8))
        assert flag_of(case, "acceptance_decision") == Flag.DUE_SOON
        sweep_deadlines(today=date(2025, 9, 9))
        assert flag_of(case, "acceptance_decision") == Flag.OVERDUE

    def test_flags_are_cleared_once_the_clock_is_met_or_paused(self, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 9, 1))
        start_deadline(case=case, rule_code="award", start=date(2025, 7, 1))
        sweep_deadlines(today=date(2025, 9, 30))
        stop_deadline(case=case, rule_code="acceptance_decision", on=date(2025, 9, 30))
        pause_deadlines(case=case, on=date(2025, 9, 30))
        Deadline.objects.update(flag=Flag.OVERDUE)  # stale flags from a crashed run
        sweep_deadlines(today=date(2025, 10, 9))
        assert set(Deadline.objects.values_list("flag", flat=True)) == {Flag.NONE}

    def test_to_dos_are_flagged_on_their_own_due_dates(self, cast, case):
        late = open_task(
            case=case,
            unit=cast.district,
            role=Role.CLERK,
            kind="serve",
            title="送达",
            due_on=date(2025, 9, 5),
        )
        soon = open_task(
            case=case,
            unit=cast.district,
            role=Role.ARBITRATOR,
            kind="compose",
            title="组庭",
            due_on=date(2025, 9, 15),
        )
        undated = open_task(case=case, unit=cast.district, role=Role.CHAIR, kind="approval", title="审批")
        result = sweep_deadlines(today=date(2025, 9, 12))
        # (the registration's own to-do has no due date: it follows no clock yet)
        flags = dict(Task.objects.filter(pk__in=[late.id, soon.id, undated.id]).values_list("id", "flag"))
        assert flags == {late.id: Flag.OVERDUE, soon.id: Flag.DUE_SOON, undated.id: Flag.NONE}
        assert (result.tasks_overdue, result.tasks_due_soon) == (1, 1)
        close_tasks(case=case)
        result = sweep_deadlines(today=date(2025, 9, 12))
        assert (result.tasks_overdue, result.tasks_due_soon) == (0, 0)

    def test_a_to_do_waits_while_its_clock_is_paused(self, cast, case):
        deadline = start_deadline(case=case, rule_code="award", start=date(2025, 7, 1))
        task = open_task(
            case=case, unit=cast.district, role=Role.ARBITRATOR, kind="award", title="裁决", deadline=deadline
        )
        sweep_deadlines(today=date(2025, 9, 1))
        task.refresh_from_db()
        assert task.flag == Flag.OVERDUE
        pause_deadlines(case=case, on=date(2025, 9, 1))
        sweep_deadlines(today=date(2025, 9, 2))
        task.refresh_from_db()
        assert task.flag == Flag.NONE

    def test_the_sweep_is_a_fixed_number_of_queries_whatever_the_number_of_cases(
        self, cast, django_assert_max_num_queries
    ):
        for n in range(30):
            c = register(actor=cast.filing_officer, unit=cast.district, received_on=date(2025, 9, 1))
            start_deadline(case=c, rule_code="award", start=date(2025, 7, n % 28 + 1))
            open_task(
                case=c,
                unit=cast.district,
                role=Role.ARBITRATOR,
                kind="award",
                title="裁决",
                due_on=date(2025, 9, n % 28 + 1),
            )
        with django_assert_max_num_queries(20):
            result = sweep_deadlines(today=date(2025, 9, 1))
        assert result.deadlines_overdue + result.deadlines_due_soon > 0

    def test_the_periodic_job_sweeps_today(self, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2020, 1, 2))
        sweep_deadlines_daily.call_local()
        assert flag_of(case, "acceptance_decision") == Flag.OVERDUE
