"""The calendar counts statutory periods the way 民事诉讼法 Art. 85 does, on the Chinese holiday table."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medarb.procedure import calendar
from medarb.procedure.calendar import add_period, due_date, explain, is_working_day, subtract_period
from medarb.procedure.rules import DayType
from medarb.procedure.services import remove_holiday_override, set_holiday_override

pytestmark = pytest.mark.django_db

W, N = DayType.WORKING, DayType.NATURAL
KNOWN_DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 9, 30))


class TestWorkingDays:
    def test_spring_festival_2025_is_rest_and_its_make_up_sundays_are_working_days(self):
        assert not is_working_day(date(2025, 1, 29))  # 春节
        assert not is_working_day(date(2025, 2, 4))
        assert is_working_day(date(2025, 1, 26))  # Sunday, 调休上班
        assert is_working_day(date(2025, 2, 8))  # Saturday, 调休上班

    def test_national_day_2025_and_2026(self):
        assert not is_working_day(date(2025, 10, 8))
        assert is_working_day(date(2025, 9, 28))  # Sunday, 调休上班
        assert is_working_day(date(2025, 10, 11))  # Saturday, 调休上班
        assert not is_working_day(date(2026, 10, 1))

    def test_chinese_calendar_knows_2026_but_not_2027(self):
        assert calendar.is_known_year(2026)
        assert not calendar.is_known_year(2027)

    def test_an_unknown_year_falls_back_to_weekends_and_the_statutory_holidays(self):
        assert is_working_day(date(2027, 3, 8))  # a Monday
        assert not is_working_day(date(2027, 3, 6))  # a Saturday
        assert not is_working_day(date(2027, 2, 8))  # a Monday, the third day of the lunar year

    def test_an_override_wins_over_the_package_and_can_be_removed(self, cast):
        monday = date(2027, 3, 8)
        set_holiday_override(actor=cast.unit_admin, day=monday, is_working_day=False, note="2027年春节")
        assert not is_working_day(monday)
        remove_holiday_override(actor=cast.unit_admin, day=monday)
        assert is_working_day(monday)


class TestAddingWorkingDays:
    def test_the_start_day_is_not_counted(self):
        # Monday 2025-03-03: five working days later is Monday 2025-03-10.
        assert add_period(date(2025, 3, 3), 5, W) == date(2025, 3, 10)

    def test_it_steps_over_spring_festival_and_counts_the_make_up_sunday(self):
        # Received Friday 2025-01-24: 1/26 (Sunday, working), 1/27, then 1/28–2/4 holiday, 2/5, 2/6, 2/7.
        assert due_date("acceptance_decision", date(2025, 1, 24)) == date(2025, 2, 7)

    def test_it_steps_over_national_day_2025(self):
        # Accepted Friday 2025-09-26: 9/28 (Sunday, working), 9/29, 9/30, then 10/9, 10/10.
        assert due_date("serve_respondent", date(2025, 9, 26)) == date(2025, 10, 10)

    def test_defence_period_over_spring_festival_2026(self):
        # Received Wednesday 2026-02-11: 2/12, 2/13, 2/14 (working Saturday), then holiday 2/15–2/23.
        due = due_date("defence", date(2026, 2, 11))
        assert due == add_period(date(2026, 2, 11), 10, W)
        assert due == date(2026, 3, 3)

    def test_an_override_year_is_counted_with_the_overrides(self, cast):
        # Pretend the 2027 notice makes Monday–Wednesday 8–10 Feb holidays.
        for day in (8, 9, 10):
            set_holiday_override(actor=cast.unit_admin, day=date(2027, 2, day), is_working_day=False)
        set_holiday_override(actor=cast.unit_admin, day=date(2027, 2, 13), is_working_day=True, note="调休")
        # From Friday 2/5: 2/11, 2/12, 2/13 (Saturday, working), 2/15, 2/16.
        assert add_period(date(2027, 2, 5), 5, W) == date(2027, 2, 16)


class TestAddingNaturalDays:
    def test_a_period_ending_on_a_working_day_is_not_moved(self):
        assert add_period(date(2025, 3, 3), 45, N) == date(2025, 4, 17)

    def test_a_period_ending_in_national_day_rolls_to_the_next_working_day(self):
        # 2025-08-17 + 45 = 2025-10-01 → first working day after the holiday is 2025-10-09.
        assert due_date("award", date(2025, 8, 17)) == date(2025, 10, 9)

    def test_a_period_ending_on_a_weekend_rolls_to_monday(self):
        assert add_period(date(2025, 3, 7), 15, N) == date(2025, 3, 24)  # 3/22 is a Saturday

    def test_a_period_ending_in_spring_festival_2026_rolls_past_it(self):
        # 2026-01-01 + 45 = 2026-02-15 (holiday 2/15–2/23) → 2026-02-24.
        assert due_date("award", date(2026, 1, 1)) == date(2026, 2, 24)


class TestBeforeRules:
    def test_hearing_notice_is_due_five_working_days_before_the_hearing(self):
        # Hearing Thursday 2025-10-09 after National Day: 9/30, 9/29, 9/28 (working Sunday), 9/26, 9/25.
        assert due_date("hearing_notice", date(2025, 10, 9)) == date(2025, 9, 25)

    def test_postponement_request_is_due_three_working_days_before(self):
        assert due_date("postponement_request", date(2025, 3, 14)) == date(2025, 3, 11)


class TestExplanation:
    def test_it_names_the_article_the_holidays_and_the_roll_forward(self):
        text = explain("award", date(2025, 8, 17))
        assert "第四十三条" in text
        assert "2025年10月1日" in text
        assert "顺延" in text
        assert "2025年10月9日" in text
        assert "调休上班日" in text

    def test_it_warns_when_the_year_is_not_in_the_holiday_table(self):
        assert "尚未收录2027年" in explain("award", date(2026, 12, 1))
        assert "尚未收录" not in explain("award", date(2026, 3, 2))

    def test_before_rules_say_the_last_day_to_act(self):
        assert "最迟应于2025年9月25日" in explain("hearing_notice", date(2025, 10, 9))


days_counts = st.integers(min_value=0, max_value=60)
day_types = st.sampled_from([W, N])


class TestCalendarProperties:
    @settings(max_examples=200, deadline=None)
    @given(start=KNOWN_DAYS, days=days_counts, day_type=day_types)
    def test_the_due_date_is_never_before_start_plus_days(self, start, days, day_type):
        assert add_period(start, days, day_type) >= start + timedelta(days=days)

    @settings(max_examples=200, deadline=None)
    @given(start=KNOWN_DAYS, days=days_counts, day_type=day_types)
    def test_the_due_date_is_a_working_day(self, start, days, day_type):
        assert is_working_day(add_period(start, days, day_type))

    @settings(max_examples=200, deadline=None)
    @given(start=KNOWN_DAYS, days=st.integers(min_value=1, max_value=30))
    def test_a_working_day_period_contains_exactly_that_many_working_days(self, start, days):
        due = add_period(start, days, W)
        assert calendar.working_days_between(start, due) == days

    @settings(max_examples=200, deadline=None)
    @given(
        start=KNOWN_DAYS, later=st.integers(min_value=0, max_value=40), days=days_counts, day_type=day_types
    )
    def test_it_is_monotonic_in_the_start(self, start, later, days, day_type):
        assert add_period(start, days, day_type) <= add_period(start + timedelta(days=later), days, day_type)

    @settings(max_examples=200, deadline=None)
    @given(
        start=KNOWN_DAYS,
        days=st.integers(min_value=0, max_value=30),
        more=st.integers(min_value=0, max_value=10),
    )
    def test_it_is_monotonic_in_the_number_of_days(self, start, days, more):
        for day_type in (W, N):
            assert add_period(start, days, day_type) <= add_period(start, days + more, day_type)

    @settings(max_examples=200, deadline=None)
    @given(
        end=st.dates(min_value=date(2005, 3, 1), max_value=date(2026, 12, 31)),
        days=st.integers(1, 20),
        day_type=day_types,
    )
    def test_subtract_gives_the_latest_working_day_from_which_the_period_still_fits(
        self, end, days, day_type
    ):
        latest = subtract_period(end, days, day_type)
        assert is_working_day(latest)
        assert add_period(latest, days, day_type) <= end
        after = calendar.next_working_day(latest + timedelta(days=1))
        assert add_period(after, days, day_type) > end

    def test_negative_periods_are_refused(self):
        with pytest.raises(ValueError):
            add_period(date(2025, 1, 1), -1, W)
