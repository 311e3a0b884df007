"""A year chinese-calendar does not know yet: statutory holidays as rest days, every date of
that year provisional, the State Council's arrangement entered by an administrator, and a
warning in November while next year is still unknown."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from medarb.api.testing import sign_in
from medarb.appointments.models import ServicePoint
from medarb.appointments.services import slots_for
from medarb.audit.models import AuditEntry
from medarb.core.errors import DomainError
from medarb.hearings import timing
from medarb.procedure import calendar
from medarb.procedure.calendar import explain, is_provisional, is_working_day
from medarb.procedure.clocks import deadlines_for, start_deadline
from medarb.procedure.jobs import warn_about_next_years_holidays
from medarb.procedure.models import CalendarWarning, HolidayArrangement, HolidayOverride
from medarb.procedure.services import enter_holiday_arrangement, warn_if_next_year_unknown
from medarb.procedure.statutory import qingming, spring_festival, statutory_holidays
from medarb.testing import register

SHANGHAI = ZoneInfo("Asia/Shanghai")

# 清明 by the published almanac tables (紫金山天文台), 2000–2030.
QINGMING_ON_4TH = {2000, 2004, 2008, 2009, 2012, 2013, 2016, 2017, 2020, 2021, 2024, 2025, 2028, 2029}

# chinese-calendar's festival names for the days the fallback computes.
PACKAGE_NAMES = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆节": "National Day",
}


class TestTheStatutoryFallback:
    @pytest.mark.parametrize("year", range(2000, 2031))
    def test_qingming_falls_on_the_solar_term_of_the_almanac(self, year):
        assert qingming(year) == date(year, 4, 4 if year in QINGMING_ON_4TH else 5)

    def test_there_are_thirteen_statutory_days_in_2027(self):
        assert sorted(statutory_holidays(2027)) == [
            date(2027, 1, 1),
            date(2027, 2, 5),  # 除夕
            date(2027, 2, 6),  # 正月初一
            date(2027, 2, 7),
            date(2027, 2, 8),
            date(2027, 4, 5),  # 清明
            date(2027, 5, 1),
            date(2027, 5, 2),
            date(2027, 6, 9),  # 五月初五
            date(2027, 9, 15),  # 八月十五
            date(2027, 10, 1),
            date(2027, 10, 2),
            date(2027, 10, 3),
        ]

    # 2008–2026: the days of the rules in force since 2008 (the eve and 2 May joined in 2025).
    @settings(deadline=None)  # lunar conversion is slow on its first call for a year
    @given(st.integers(min_value=2008, max_value=2026))
    def test_in_a_year_the_package_knows_every_statutory_day_is_its_official_holiday(self, year):
        added_in_2025 = {date(year, 5, 2), spring_festival(year) - timedelta(days=1)}
        for day, festival in statutory_holidays(year).items():
            if year < 2025 and day in added_in_2025:
                continue
            assert not chinese_calendar.is_workday(day), (year, day, festival)
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            assert on_holiday
            # When the Mid-Autumn Festival falls in the National Day week the package names it.
            names = {PACKAGE_NAMES[festival]} | ({PACKAGE_NAMES["中秋节"]} if festival == "国庆节" else set())
            # (on a weekend the package may leave the day unnamed: it was a rest day anyway)
            assert name in names or (name is None and day.weekday() >= 5), (day, name, festival)

    @settings(deadline=None)
    @given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
    def test_since_the_2025_revision_the_fallback_rests_on_no_day_the_notice_keeps_working(self, day):
        if day in statutory_holidays(day.year):
            assert not chinese_calendar.is_workday(day)


@pytest.mark.django_db
class TestAYearThePackageDoesNotKnow:
    def test_2027_is_not_known_and_its_dates_are_provisional(self):
        assert not calendar.package_knows_year(2027)
        assert is_provisional(date(2027, 3, 1))
        assert not is_provisional(date(2026, 12, 31))

    @pytest.mark.parametrize(
        "day",
        [
            date(2027, 1, 1),
            date(2027, 2, 5),
            date(2027, 2, 8),
            date(2027, 4, 5),
            date(2027, 6, 9),
            date(2027, 9, 15),
            date(2027, 10, 1),
        ],
    )
    def test_the_statutory_days_of_2027_are_rest_days(self, day):
        assert day.weekday() < 5
        assert not is_working_day(day)

    def test_an_ordinary_weekday_of_2027_stays_a_working_day(self):
        assert is_working_day(date(2027, 2, 9))  # Tuesday, the fourth of the lunar year

    def test_a_hearing_on_new_years_day_2027_is_refused_as_a_rest_day(self):
        assert not timing.is_working_day(date(2027, 1, 1))

    def test_a_period_steps_over_the_2027_spring_festival(self):
        # Received Thursday 2027-02-04: 2/5–2/8 rest, then 2/9…; five working days end on 2/15.
        assert calendar.add_period(date(2027, 2, 4), 5, "working") == date(2027, 2, 15)

    def test_the_explanation_says_the_arrangement_is_not_published(self):
        text = explain("award", date(2026, 12, 1))
        assert "假期安排未公布" in text
        assert "《全国年节及纪念日放假办法》" in text
        assert "假期安排未公布" not in explain("award", date(2026, 3, 2))


@pytest.mark.django_db
class TestProvisionalMarks:
    def test_a_deadline_ending_in_an_unknown_year_is_provisional(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=date(2026, 12, 1))
        start_deadline(case=case, rule_code="award", start=date(2026, 12, 1))
        [view] = [v for v in deadlines_for(case, today=date(2026, 12, 2)) if v.code == "award"]
        assert view.due_on.year == 2027
        assert view.provisional
        assert "假期安排未公布" in view.explanation

    def test_a_deadline_within_a_known_year_is_not(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=date(2026, 3, 2))
        start_deadline(case=case, rule_code="award", start=date(2026, 3, 2))
        [view] = [v for v in deadlines_for(case, today=date(2026, 3, 3)) if v.code == "award"]
        assert not view.provisional

    @time_machine.travel(datetime(2026, 12, 28, 9, tzinfo=SHANGHAI), tick=False)
    def test_booking_slots_in_an_unknown_year_are_provisional_and_none_on_new_years_day(self, cast):
        point = ServicePoint.objects.create(unit=cast.district, name="立案窗口", kind="filing_window")
        assert slots_for(point=point, day=date(2027, 1, 1)) == []
        slots = slots_for(point=point, day=date(2027, 1, 4))
        assert slots and all(slot.provisional for slot in slots)
        assert not any(slot.provisional for slot in slots_for(point=point, day=date(2026, 12, 29)))

    def test_the_badge_is_shown_beside_a_provisional_date_only(self):
        badge = Template("{% load procedure_calendar %}{{ day|provisional_badge }}")
        assert "假期安排未公布" in badge.render(Context({"day": date(2027, 5, 6)}))
        assert badge.render(Context({"day": date(2026, 5, 6)})) == ""
        assert badge.render(Context({"day": None})) == ""


@pytest.mark.django_db
class TestEnteringTheArrangement:
    def _enter(self, cast, **changes):
        values = {
            "actor": cast.unit_admin,
            "year": 2027,
            "rest_days": [date(2027, 1, 1), *(date(2027, 2, d) for d in range(5, 12))],
            "working_days": [date(2027, 2, 20)],
            "notice": "国务院办公厅关于2027年部分节假日安排的通知",
        }
        return enter_holiday_arrangement(**(values | changes))

    def test_it_overrides_the_fallback_and_clears_provisional(self, cast):
        self._enter(cast)
        assert not is_provisional(date(2027, 6, 1))
        assert not is_working_day(date(2027, 2, 10))  # in the notice
        assert is_working_day(date(2027, 2, 20))  # a Saturday made a working day
        # The notice governs now: a statutory day the (pretend) notice does not list is worked.
        assert is_working_day(date(2027, 6, 9))
        assert "假期安排未公布" not in explain("award", date(2026, 12, 1))

    def test_it_is_audited_and_entering_it_again_replaces_its_days(self, cast):
        arrangement = self._enter(cast)
        assert AuditEntry.objects.filter(object_type="procedure.holidayarrangement").count() == 1
        self._enter(cast, rest_days=[date(2027, 1, 1)], working_days=[])
        assert HolidayArrangement.objects.get() == arrangement
        assert list(HolidayOverride.objects.values_list("day", flat=True)) == [date(2027, 1, 1)]
        assert is_working_day(date(2027, 2, 10))
        assert AuditEntry.objects.filter(object_type="procedure.holidayarrangement").count() == 2

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"year": 2026}, "已内置2026年"),
            ({"rest_days": [date(2028, 1, 3)]}, "不在2027年内"),
            ({"working_days": [date(2027, 1, 1)]}, "不能既放假又上班"),
            ({"notice": "  "}, "请填写通知文号"),
        ],
    )
    def test_bad_entries_are_refused_with_a_message(self, cast, changes, message):
        with pytest.raises(DomainError, match=message):
            self._enter(cast, **changes)
        assert not HolidayArrangement.objects.exists()

    def test_a_unit_admin_enters_it_on_the_calendar_page_with_ranges(self, client, cast):
        sign_in(client, cast.unit_admin)
        response = client.post(
            "/calendar/arrangements/",
            {
                "year": "2027",
                "notice": "国办发明电〔2026〕1号",
                "rest_days": "2027-01-01\n2027-02-05~2027-02-11，2027-10-01至2027-10-07",
                "working_days": "2027-02-20 2027-10-09",
            },
        )
        assert response.status_code == 302
        assert HolidayOverride.objects.filter(is_working_day=False).count() == 15
        assert is_working_day(date(2027, 10, 9))
        page = client.get("/calendar/").content.decode()
        assert "国办发明电〔2026〕1号" in page

    def test_unreadable_dates_are_a_message_and_nothing_is_saved(self, client, cast):
        sign_in(client, cast.unit_admin)
        response = client.post(
            "/calendar/arrangements/",
            {"year": "2027", "notice": "通知", "rest_days": "二月五日", "working_days": ""},
            follow=True,
        )
        assert response.status_code == 200
        assert "无法识别日期" in response.content.decode()
        assert not HolidayArrangement.objects.exists()

    def test_a_clerk_may_not_enter_it(self, client, cast):
        sign_in(client, cast.clerk)
        response = client.post("/calendar/arrangements/", {"year": "2027"})
        assert response.status_code == 403


@pytest.mark.django_db
class TestTheNovemberWarning:
    def test_in_november_it_warns_while_next_year_is_unknown(self, cast):
        with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=SHANGHAI), tick=False):
            assert warn_about_next_years_holidays.call_local() == 2027
            assert warn_about_next_years_holidays.call_local() == 2027
        assert CalendarWarning.objects.get().year == 2027

    def test_outside_november_it_stays_quiet(self, cast):
        with time_machine.travel(datetime(2026, 10, 31, 9, tzinfo=SHANGHAI), tick=False):
            assert warn_about_next_years_holidays.call_local() is None
        assert not CalendarWarning.objects.exists()

    def test_a_year_the_package_knows_raises_no_warning(self):
        assert warn_if_next_year_unknown(today=date(2025, 11, 15)) is None

    def test_calendar_admins_see_it_until_the_arrangement_is_entered(self, client, cast):
        warn_if_next_year_unknown(today=date(2026, 11, 2))
        sign_in(client, cast.unit_admin)
        assert "2027年国务院节假日安排尚未录入" in client.get("/").content.decode()
        assert "2027年国务院节假日安排尚未录入" in client.get("/calendar/").content.decode()
        TestEnteringTheArrangement()._enter(cast)
        assert "2027年国务院节假日安排尚未录入" not in client.get("/").content.decode()
        assert CalendarWarning.objects.get().resolved_at is not None

    def test_a_clerk_is_not_asked_to_enter_it(self, client, cast):
        warn_if_next_year_unknown(today=date(2026, 11, 2))
        sign_in(client, cast.clerk)
        assert "节假日安排尚未录入" not in client.get("/").content.decode()
