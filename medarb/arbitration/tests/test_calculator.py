"""The claims calculator: worked examples checked by hand, and properties (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from medarb.arbitration.calculator import (
    CALCULATORS,
    WageItem,
    annual_leave_entitlement,
    annual_leave_pay,
    double_wages,
    economic_compensation,
    laws_dir,
    overtime,
    span,
    unlawful_termination_damages,
    unpaid_wages,
)
from medarb.core.errors import DomainError

D = Decimal


class TestServiceLength:
    def test_whole_years_and_months_count_both_end_days(self):
        assert span(date(2020, 3, 1), date(2023, 2, 28)).describe() == "3年"
        assert span(date(2020, 3, 1), date(2023, 8, 31)).describe() == "3年6个月"
        assert span(date(2020, 3, 15), date(2020, 4, 20)).describe() == "1个月6天"

    def test_a_month_from_the_31st_ends_before_the_last_day_of_a_shorter_month(self):
        assert span(date(2024, 1, 31), date(2024, 2, 28)).describe() == "1个月"
        assert span(date(2024, 1, 31), date(2024, 3, 30)).describe() == "2个月"


class TestEconomicCompensation:
    def test_six_months_or_more_count_as_a_year(self):
        result = economic_compensation(
            monthly_wage=D(8000), service_start=date(2020, 3, 1), service_end=date(2023, 8, 31)
        )
        assert result.details["months"] == 4
        assert result.amount == D("32000.00")

    def test_less_than_six_months_count_as_half_a_month(self):
        result = economic_compensation(
            monthly_wage=D(8000), service_start=date(2020, 3, 1), service_end=date(2023, 5, 31)
        )
        assert result.details["months"] == D("3.5")
        assert result.amount == D("28000.00")

    def test_whole_years_add_nothing(self):
        result = economic_compensation(
            monthly_wage=D(8000), service_start=date(2020, 3, 1), service_end=date(2023, 2, 28)
        )
        assert result.amount == D("24000.00")

    def test_a_high_wage_is_capped_at_three_times_the_average_and_twelve_years(self):
        result = economic_compensation(
            monthly_wage=D(40000),
            service_start=date(2010, 1, 1),
            service_end=date(2024, 12, 31),
            local_average_monthly_wage=D(10000),
        )
        assert result.details["capped"]
        assert result.details["months"] == 12
        assert result.amount == D("360000.00")
        assert "三倍" in result.formula or any("三倍" in note for note in result.notes)

    def test_a_wage_under_the_cap_keeps_all_years(self):
        result = economic_compensation(
            monthly_wage=D(40000),
            service_start=date(2010, 1, 1),
            service_end=date(2024, 12, 31),
            local_average_monthly_wage=D(20000),
        )
        assert result.details["months"] == 15
        assert result.amount == D("600000.00")

    def test_a_wage_below_the_minimum_is_raised_to_it(self):
        result = economic_compensation(
            monthly_wage=D(1500),
            service_start=date(2023, 1, 1),
            service_end=date(2023, 12, 31),
            local_minimum_monthly_wage=D(2030),
        )
        assert result.amount == D("2030.00")

    def test_it_shows_formula_inputs_and_basis(self):
        result = economic_compensation(
            monthly_wage=D("8123.45"), service_start=date(2020, 3, 1), service_end=date(2023, 8, 31)
        )
        assert result.formula == "计算基数 8,123.45元 × 补偿月数 4 = 32,493.80元"
        assert result.inputs["工作年限"] == "2020-03-01 至 2023-08-31（3年6个月）"
        assert [b.citation for b in result.basis] == [
            "《劳动合同法》第四十七条",
            "《劳动合同法实施条例》第二十七条",
        ]

    def test_an_end_before_the_start_is_refused_in_chinese(self):
        with pytest.raises(DomainError, match="不能早于"):
            economic_compensation(
                monthly_wage=D(1), service_start=date(2024, 1, 2), service_end=date(2024, 1, 1)
            )


class TestDamages:
    def test_damages_are_twice_the_compensation_with_article_87(self):
        result = unlawful_termination_damages(
            monthly_wage=D(8000), service_start=date(2020, 3, 1), service_end=date(2023, 8, 31)
        )
        assert result.amount == D("64000.00")
        assert result.basis[0].citation == "《劳动合同法》第八十七条"


class TestDoubleWages:
    def test_never_signed_is_capped_at_eleven_months(self):
        result = double_wages(
            monthly_wage=D(6000), employment_start=date(2024, 3, 1), until=date(2025, 6, 30)
        )
        assert result.details["months"] == 11
        assert result.details["first"] == date(2024, 4, 1)
        assert result.amount == D("66000.00")

    def test_a_part_month_is_paid_by_pay_days(self):
        # 2024-04-01 to 2024-06-15: two months, then 1–15 June has ten weekdays (the holiday is paid).
        result = double_wages(
            monthly_wage=D(6000),
            employment_start=date(2024, 3, 1),
            until=date(2024, 12, 31),
            written_contract_on=date(2024, 6, 16),
        )
        assert (result.details["months"], result.details["pay_days"]) == (2, 10)
        assert result.amount == D("14758.62")

    def test_a_contract_within_the_first_month_owes_nothing(self):
        result = double_wages(
            monthly_wage=D(6000),
            employment_start=date(2024, 3, 1),
            until=date(2024, 12, 31),
            written_contract_on=date(2024, 3, 20),
        )
        assert result.amount == D("0.00")


class TestOvertime:
    def test_the_three_rates_on_the_21_75_day_hourly_wage(self):
        # 4350 / 21.75 / 8 = 25 an hour: 10 × 1.5 + 8 × 2 + 8 × 3 = 55 weighted hours.
        result = overtime(monthly_wage=D(4350), weekday_hours=D(10), rest_day_hours=D(8), holiday_hours=D(8))
        assert result.amount == D("1375.00")
        assert "21.75" in result.formula
        assert [b.citation for b in result.basis][:2] == [
            "《劳动法》第四十四条",
            "《工资支付暂行规定》第十三条",
        ]

    def test_what_was_paid_is_deducted_but_never_below_zero(self):
        assert overtime(monthly_wage=D(4350), weekday_hours=D(10), already_paid=D(100)).amount == D("275.00")
        assert overtime(monthly_wage=D(4350), weekday_hours=D(1), already_paid=D(100)).amount == D("0.00")


class TestUnpaidWagesAndAnnualLeave:
    def test_unpaid_wages_add_up_per_period(self):
        result = unpaid_wages(items=[WageItem("2026年8月", D(5000), D(2000)), WageItem("2026年9月", D(5000))])
        assert result.amount == D("8000.00")

    def test_entitlement_follows_cumulative_years(self):
        assert [annual_leave_entitlement(y) for y in (0, 1, 9, 10, 19, 20, 35)] == [0, 5, 5, 10, 10, 15, 15]

    def test_untaken_days_are_paid_the_additional_two_hundred_percent(self):
        result = annual_leave_pay(monthly_wage=D(4350), cumulative_years=12, days_taken=D(3))
        assert result.details["untaken"] == 7
        assert result.amount == D("2800.00")

    def test_leaving_mid_year_prorates_and_drops_part_days(self):
        # 180 / 365 × 10 − 2 = 2.93 → 2 whole days.
        result = annual_leave_pay(
            monthly_wage=D(4350), cumulative_years=12, days_taken=D(2), days_worked_this_year=180
        )
        assert result.details["untaken"] == 2
        assert result.amount == D("800.00")


@pytest.mark.skipif(not laws_dir().is_dir(), reason="the law library (data/laws) is not installed")
class TestCitationsAreReal:
    def test_every_cited_article_exists_in_the_law_library(self):
        samples = [
            economic_compensation(
                monthly_wage=D(1), service_start=date(2020, 1, 1), service_end=date(2021, 1, 1)
            ),
            unlawful_termination_damages(
                monthly_wage=D(1), service_start=date(2020, 1, 1), service_end=date(2021, 1, 1)
            ),
            double_wages(monthly_wage=D(1), employment_start=date(2024, 1, 1), until=date(2024, 6, 1)),
            overtime(monthly_wage=D(1), weekday_hours=D(1)),
            unpaid_wages(items=[WageItem("1月", D(1))]),
            annual_leave_pay(monthly_wage=D(1), cumulative_years=5, days_worked_this_year=100),
        ]
        assert {c.kind for c in samples} == set(CALCULATORS)
        for calculation in samples:
            for basis in calculation.basis:
                assert (laws_dir() / basis.source).is_file(), basis.source
                assert basis.text(), basis.citation

    def test_article_47_is_read_from_the_file(self):
        basis = economic_compensation(
            monthly_wage=D(1), service_start=date(2020, 1, 1), service_end=date(2021, 1, 1)
        ).basis[0]
        assert basis.text().startswith("经济补偿按劳动者在本单位工作的年限")
        assert "三倍" in basis.text()


wages = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)
starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2024, 12, 31))
lengths = st.integers(min_value=0, max_value=40 * 366)
averages = st.one_of(st.none(), st.decimals(min_value=1000, max_value=30000, places=2))
hours = st.decimals(min_value=0, max_value=500, places=2)


class TestCalculatorProperties:
    @settings(max_examples=200)
    @given(wage=wages, more=wages, start=starts, length=lengths, average=averages)
    def test_compensation_never_falls_when_the_wage_rises_on_the_same_side_of_the_cap(
        self, wage, more, start, length, average
    ):
        end = start + timedelta(days=length)
        low = economic_compensation(
            monthly_wage=wage, service_start=start, service_end=end, local_average_monthly_wage=average
        )
        high = economic_compensation(
            monthly_wage=wage + more, service_start=start, service_end=end, local_average_monthly_wage=average
        )
        assume(low.details["capped"] == high.details["capped"])
        assert high.amount >= low.amount

    def test_crossing_the_cap_can_lower_compensation_as_article_47_is_written(self):
        # The statute's cliff: just below 3× the average all years count, just above only 12.
        kwargs = dict(
            service_start=date(2000, 1, 1), service_end=date(2019, 12, 31), local_average_monthly_wage=D(1000)
        )
        below = economic_compensation(monthly_wage=D(3000), **kwargs)
        above = economic_compensation(monthly_wage=D("3000.01"), **kwargs)
        assert (below.details["capped"], above.details["capped"]) == (False, True)
        assert below.amount == D("60000.00")
        assert above.amount == D("36000.00")

    @settings(max_examples=200)
    @given(wage=wages, start=starts, length=lengths, more=st.integers(0, 3000), average=averages)
    def test_compensation_never_falls_with_longer_service(self, wage, start, length, more, average):
        end = start + timedelta(days=length)
        short = economic_compensation(
            monthly_wage=wage, service_start=start, service_end=end, local_average_monthly_wage=average
        )
        long = economic_compensation(
            monthly_wage=wage,
            service_start=start,
            service_end=end + timedelta(days=more),
            local_average_monthly_wage=average,
        )
        assert long.amount >= short.amount

    @settings(max_examples=200)
    @given(
        wage=wages,
        start=starts,
        length=lengths,
        average=st.decimals(min_value=1000, max_value=30000, places=2),
    )
    def test_the_caps_hold(self, wage, start, length, average):
        result = economic_compensation(
            monthly_wage=wage,
            service_start=start,
            service_end=start + timedelta(days=length),
            local_average_monthly_wage=average,
        )
        if wage > average * 3:
            assert result.details["months"] <= 12
            assert result.amount <= (average * 3 * 12).quantize(D("0.01"))
        else:
            assert result.details["base"] == wage
        assert result.details["months"] <= D(length) / 365 + 1

    @settings(max_examples=200)
    @given(wage=wages, start=starts, length=lengths, average=averages)
    def test_damages_are_exactly_twice_the_compensation(self, wage, start, length, average):
        kwargs = dict(
            monthly_wage=wage,
            service_start=start,
            service_end=start + timedelta(days=length),
            local_average_monthly_wage=average,
        )
        assert unlawful_termination_damages(**kwargs).amount == 2 * economic_compensation(**kwargs).amount

    @settings(max_examples=200)
    @given(
        wage=wages,
        start=starts,
        until=st.integers(0, 1000),
        signed=st.one_of(st.none(), st.integers(0, 1000)),
    )
    def test_double_wages_never_exceed_eleven_months(self, wage, start, until, signed):
        result = double_wages(
            monthly_wage=wage,
            employment_start=start,
            until=start + timedelta(days=until),
            written_contract_on=None if signed is None else start + timedelta(days=signed),
        )
        assert D(0) <= result.amount <= (wage * 11).quantize(D("0.01"))

    @settings(max_examples=200)
    @given(wage=wages, a=hours, b=hours, c=hours, extra=hours)
    def test_overtime_grows_with_every_kind_of_hour_and_holidays_pay_most(self, wage, a, b, c, extra):
        base = overtime(monthly_wage=wage, weekday_hours=a, rest_day_hours=b, holiday_hours=c).amount
        for field in ("weekday_hours", "rest_day_hours", "holiday_hours"):
            more = {"weekday_hours": a, "rest_day_hours": b, "holiday_hours": c}
            more[field] += extra
            assert overtime(monthly_wage=wage, **more).amount >= base
        weekday = overtime(monthly_wage=wage, weekday_hours=extra).amount
        rest = overtime(monthly_wage=wage, rest_day_hours=extra).amount
        holiday = overtime(monthly_wage=wage, holiday_hours=extra).amount
        assert weekday <= rest <= holiday

    @settings(max_examples=200)
    @given(
        wage=wages,
        years=st.integers(0, 50),
        taken=st.integers(0, 20),
        worked=st.one_of(st.none(), st.integers(0, 365)),
    )
    def test_annual_leave_pay_is_bounded_by_the_entitlement(self, wage, years, taken, worked):
        result = annual_leave_pay(
            monthly_wage=wage, cumulative_years=years, days_taken=D(taken), days_worked_this_year=worked
        )
        entitled = annual_leave_entitlement(years)
        assert 0 <= result.details["untaken"] <= entitled
        assume(wage > 0)
        assert result.amount <= (wage / D("21.75") * 2 * entitled).quantize(D("0.01")) + D("0.01")
