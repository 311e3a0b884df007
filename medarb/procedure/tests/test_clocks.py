"""Statutory clocks on a case: restart, pause and give back the days left, extend (DOMAIN.md §2.2)."""

from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medarb.core.errors import DomainError, ProcedureError
from medarb.procedure.calendar import add_period, is_working_day
from medarb.procedure.clocks import (
    deadlines_for,
    extend_deadline,
    pause_deadlines,
    resume_deadlines,
    start_deadline,
    stop_deadline,
)
from medarb.procedure.models import Deadline, DeadlineState
from medarb.procedure.rules import DayType
from medarb.procedure.services import set_rule_override
from medarb.procedure.todos import open_task
from medarb.testing import register


@pytest.fixture
def case(cast):
    return register(actor=cast.filing_officer, unit=cast.district, received_on=date(2025, 3, 1))


def live(case, code):
    return Deadline.objects.get(case=case, rule_code=code, state__in=["running", "paused"])


class TestStartingAndStopping:
    def test_starting_computes_the_due_date_from_the_rule(self, case):
        deadline = start_deadline(case=case, rule_code="award", start=date(2025, 8, 17))
        assert deadline.due_on == deadline.base_due_on == date(2025, 10, 9)
        assert (deadline.days, deadline.day_type) == (45, DayType.NATURAL)

    def test_starting_again_restarts_the_clock_and_keeps_the_old_one_as_stopped(self, case):
        first = start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        second = start_deadline(case=case, rule_code="award", start=date(2025, 3, 20))  # claims changed
        first.refresh_from_db()
        assert first.state == DeadlineState.STOPPED
        assert first.stopped_on == date(2025, 3, 20)
        assert second.due_on == add_period(date(2025, 3, 20), 45, DayType.NATURAL)
        assert [d.code for d in deadlines_for(case)] == ["award"]

    def test_a_restart_carries_the_open_to_do_with_it(self, cast, case):
        first = start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        task = open_task(
            case=case, unit=cast.district, role="arbitrator", kind="award", title="作出裁决", deadline=first
        )
        second = start_deadline(case=case, rule_code="award", start=date(2025, 3, 20))
        task.refresh_from_db()
        assert (task.deadline_id, task.due_on) == (second.id, second.due_on)

    def test_stopping_marks_the_clock_met_and_it_leaves_the_list(self, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 3, 3))
        stop_deadline(case=case, rule_code="acceptance_decision", on=date(2025, 3, 5))
        assert deadlines_for(case) == []
        closed = deadlines_for(case, include_closed=True)
        assert closed[0].state == DeadlineState.MET
        assert closed[0].days_left is None

    def test_stopping_a_clock_that_is_not_running_does_nothing(self, case):
        stop_deadline(case=case, rule_code="award", on=date(2025, 3, 5))
        assert not Deadline.objects.filter(case=case).exists()

    def test_a_running_clock_counts_with_the_rule_as_it_was_when_it_started(self, cast, case):
        start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 3, 3))
        set_rule_override(
            actor=cast.unit_admin,
            unit=cast.district,
            code="acceptance_decision",
            days=5,
            day_type=DayType.NATURAL,
        )
        assert live(case, "acceptance_decision").day_type == DayType.WORKING
        fresh = start_deadline(case=case, rule_code="acceptance_decision", start=date(2025, 3, 3))
        assert fresh.day_type == DayType.NATURAL
        assert fresh.due_on == date(2025, 3, 10)  # 3/8 is a Saturday → Monday


class TestSuspension:
    def test_a_natural_day_clock_gives_back_the_days_left_on_resumption(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))  # due 2025-04-17
        pause_deadlines(case=case, on=date(2025, 3, 13))  # 35 days left
        paused = live(case, "award")
        assert paused.state == DeadlineState.PAUSED
        assert paused.days_left_at_pause == 35
        resume_deadlines(case=case, on=date(2025, 5, 6))  # 54 days suspended
        resumed = live(case, "award")
        assert resumed.paused_days == 54
        # 2025-05-06 + 35 = 2025-06-10, a Tuesday.
        assert resumed.due_on == date(2025, 6, 10)

    def test_a_working_day_clock_gives_back_working_days(self, case):
        start_deadline(case=case, rule_code="defence", start=date(2025, 9, 22))  # 10 working days
        pause_deadlines(case=case, on=date(2025, 9, 24), rule_codes=["defence"])  # 2 counted, 8 left
        assert live(case, "defence").days_left_at_pause == 8
        resume_deadlines(case=case, on=date(2025, 9, 26))
        # From Friday 9/26: 9/28 (working Sunday), 9/29, 9/30, 10/9, 10/10, 10/11 (working Saturday),
        # 10/13, 10/14.
        assert live(case, "defence").due_on == date(2025, 10, 14)

    def test_publication_pauses_only_the_clocks_it_names(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        start_deadline(case=case, rule_code="compose_tribunal", start=date(2025, 3, 3))
        pause_deadlines(case=case, on=date(2025, 3, 4), rule_codes=["award"])
        states = {d.code: d.paused for d in deadlines_for(case, today=date(2025, 3, 4))}
        assert states == {"award": True, "compose_tribunal": False}

    def test_two_suspensions_add_up(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        pause_deadlines(case=case, on=date(2025, 3, 10))
        resume_deadlines(case=case, on=date(2025, 3, 20))
        pause_deadlines(case=case, on=date(2025, 4, 1))
        resume_deadlines(case=case, on=date(2025, 4, 6))
        deadline = live(case, "award")
        assert deadline.paused_days == 15
        assert deadline.due_on == add_period(date(2025, 3, 3), 60, DayType.NATURAL)

    def test_a_paused_clock_shows_the_days_it_had_left(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        pause_deadlines(case=case, on=date(2025, 3, 13))
        view = deadlines_for(case, today=date(2025, 8, 1))[0]
        assert view.paused
        assert view.days_left == 35
        assert "暂停" in view.explanation

    def test_resuming_before_the_pause_is_refused(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        pause_deadlines(case=case, on=date(2025, 3, 13))
        with pytest.raises(DomainError):
            resume_deadlines(case=case, on=date(2025, 3, 12))


class TestExtension:
    def test_an_extension_adds_natural_days(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))  # due 2025-04-17
        deadline = extend_deadline(case=case, rule_code="award", days=15)
        # 4/17 + 15 = 5/2, inside the May Day holiday (5/1–5/5) → Tuesday 5/6.
        assert not is_working_day(date(2025, 5, 2))
        assert deadline.due_on == date(2025, 5, 6)
        assert deadline.due_on == add_period(date(2025, 3, 3), 60, DayType.NATURAL)

    def test_extensions_beyond_fifteen_days_in_total_are_refused(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        extend_deadline(case=case, rule_code="award", days=10)
        with pytest.raises(ProcedureError, match="不得超过15日"):
            extend_deadline(case=case, rule_code="award", days=6)
        assert live(case, "award").extended_days == 10

    def test_a_rule_without_extension_cannot_be_extended(self, case):
        start_deadline(case=case, rule_code="defence", start=date(2025, 3, 3))
        with pytest.raises(ProcedureError):
            extend_deadline(case=case, rule_code="defence", days=3)

    def test_an_extension_needs_a_running_clock(self, case):
        with pytest.raises(ProcedureError):
            extend_deadline(case=case, rule_code="award", days=5)
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        pause_deadlines(case=case, on=date(2025, 3, 5))
        with pytest.raises(ProcedureError):
            extend_deadline(case=case, rule_code="award", days=5)

    def test_extension_and_suspension_combine(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        extend_deadline(case=case, rule_code="award", days=15)
        pause_deadlines(case=case, on=date(2025, 3, 13))
        resume_deadlines(case=case, on=date(2025, 3, 23))
        assert live(case, "award").due_on == add_period(date(2025, 3, 3), 70, DayType.NATURAL)

    def test_the_to_do_follows_the_extended_due_date(self, cast, case):
        deadline = start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        task = open_task(
            case=case,
            unit=cast.district,
            role="arbitrator",
            kind="award",
            title="作出裁决",
            deadline=deadline,
        )
        assert task.due_on == deadline.due_on
        extended = extend_deadline(case=case, rule_code="award", days=5)
        task.refresh_from_db()
        assert task.due_on == extended.due_on


class TestDeadlineViews:
    @time_machine.travel(date(2025, 4, 10), tick=False)
    def test_days_left_count_in_the_rule_s_day_type(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))  # due 4/17
        start_deadline(
            case=case, rule_code="serve_respondent", start=date(2025, 4, 3)
        )  # 5 WD → 4/11 (4/4 holiday)
        views = {v.code: v for v in deadlines_for(case)}
        assert views["award"].days_left == 7
        assert views["serve_respondent"].due_on == date(2025, 4, 11)
        assert views["serve_respondent"].days_left == 1
        assert views["award"].article == "《劳动争议调解仲裁法》第四十三条"
        assert views["award"].title == "仲裁审理期限"

    @time_machine.travel(date(2025, 4, 22), tick=False)
    def test_an_overdue_clock_has_negative_days_left(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        view = deadlines_for(case)[0]
        assert view.days_left == -5
        assert view.overdue

    def test_the_list_is_soonest_first(self, case):
        start_deadline(case=case, rule_code="award", start=date(2025, 3, 3))
        start_deadline(case=case, rule_code="compose_tribunal", start=date(2025, 3, 3))
        assert [v.code for v in deadlines_for(case, today=date(2025, 3, 3))] == ["compose_tribunal", "award"]


class TestClockProperties:
    # Each example registers its own case; the cast fixture is only read.
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        pause_after=st.integers(min_value=0, max_value=44),
        pause_length=st.integers(min_value=0, max_value=120),
        start=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
    )
    def test_a_paused_award_clock_ends_as_if_the_pause_had_not_counted(
        self, cast, pause_after, pause_length, start
    ):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=start)
        start_deadline(case=case, rule_code="award", start=start)
        paused_on = start + timedelta(days=pause_after)
        pause_deadlines(case=case, on=paused_on)
        resume_deadlines(case=case, on=paused_on + timedelta(days=pause_length))
        due = live(case, "award").due_on
        assert due == add_period(start, 45 + pause_length, DayType.NATURAL)
        assert is_working_day(due)
