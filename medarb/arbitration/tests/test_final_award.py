"""一裁终局 per claim (Law Art. 47; 最高法解释（一） Art. 19), at the 12-month boundary."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.arbitration.final_award import ClaimItem, Head, determine, determine_for_region, head_of
from medarb.cases.causes import CAUSES
from medarb.core.errors import DomainError
from medarb.orgs.models import RegionalStandard, StandardKind
from medarb.orgs.selectors import standard_for

MIN_WAGE = Decimal("2030.00")  # 12 months: 24,360.00


class TestTheBoundary:
    def test_exactly_twelve_months_of_the_minimum_wage_is_final(self):
        report = determine([ClaimItem("wages.unpaid", Decimal("24360.00"))], minimum_wage=MIN_WAGE)
        decision = report.decisions[0]
        assert decision.is_final
        assert "不超过" in decision.reason
        assert "24,360.00元" in decision.reason
        assert report.outcome == "AWARD_FINAL"
        assert report.summary == "本裁决为终局裁决，自作出之日起发生法律效力。"

    def test_one_fen_more_is_not_final(self):
        decision = determine(
            [ClaimItem("wages.unpaid", Decimal("24360.01"))], minimum_wage=MIN_WAGE
        ).decisions[0]
        assert not decision.is_final
        assert "超过当地月最低工资标准" in decision.reason
        assert "非终局裁决" in decision.reason

    def test_each_item_is_tested_on_its_own(self):
        report = determine(
            [
                ClaimItem("wages.unpaid", Decimal("20000")),
                ClaimItem("termination.compensation", Decimal("20000")),
                ClaimItem("contract.double_wages", Decimal("30000")),
            ],
            minimum_wage=MIN_WAGE,
        )
        assert [d.is_final for d in report.decisions] == [True, True, False]
        assert report.outcome == "AWARD_MIXED"
        assert report.summary.startswith("本裁决第1、2项")
        assert report.decisions[0].basis[1].citation.endswith("第十九条")


class TestTheHeads:
    def test_working_time_and_social_insurance_are_final_whatever_the_amount(self):
        decision = determine(
            [ClaimItem("social_insurance.pension", Decimal("999999"))], minimum_wage=MIN_WAGE
        ).decisions[0]
        assert decision.is_final
        assert decision.head == Head.STANDARDS
        assert "第四十七条第（二）项" in decision.reason

    def test_confirming_an_employment_relationship_is_never_final(self):
        decision = determine([ClaimItem("relationship.confirm")], minimum_wage=MIN_WAGE).decisions[0]
        assert not decision.is_final
        assert "不属于" in decision.reason

    def test_no_minimum_wage_is_needed_when_no_monetary_item_is_claimed(self):
        report = determine(
            [ClaimItem("working_time.hours"), ClaimItem("relationship.confirm")], minimum_wage=None
        )
        assert report.outcome == "AWARD_MIXED"

    def test_a_monetary_item_without_a_configured_minimum_wage_is_refused_clearly(self):
        with pytest.raises(DomainError, match="最低工资标准"):
            determine([ClaimItem("wages.unpaid", Decimal(100))], minimum_wage=None)

    def test_a_monetary_item_needs_its_amount(self):
        with pytest.raises(DomainError, match="金额"):
            determine([ClaimItem("wages.overtime")], minimum_wage=MIN_WAGE)

    def test_an_unknown_cause_is_refused(self):
        with pytest.raises(DomainError):
            determine([ClaimItem("made.up", Decimal(1))], minimum_wage=MIN_WAGE)

    def test_every_cause_of_the_taxonomy_has_a_head(self):
        for code in CAUSES:
            assert head_of(code)[0] in {Head.MONETARY, Head.STANDARDS, Head.NONE}

    @given(
        amount=st.decimals(min_value=0, max_value=10**7, places=2),
        wage=st.decimals(min_value=1000, max_value=5000, places=2),
    )
    def test_a_monetary_item_is_final_exactly_when_it_is_within_twelve_months(self, amount, wage):
        decision = determine([ClaimItem("wages.unpaid", amount)], minimum_wage=wage).decisions[0]
        assert decision.is_final == (amount <= wage * 12)


@pytest.mark.django_db
class TestRegionalStandards:
    @pytest.fixture
    def standards(self):
        rows = [
            ("", "2000.00", date(2020, 1, 1)),
            ("35", "1800.00", date(2022, 4, 1)),  # a province, stored as a prefix
            ("350100", "2030.00", date(2022, 4, 1)),  # its capital city, as a full code
            ("350100", "2210.00", date(2025, 3, 1)),
        ]
        for region, amount, since in rows:
            RegionalStandard.objects.create(
                region_code=region,
                kind=StandardKind.MIN_WAGE_MONTHLY,
                amount=Decimal(amount),
                effective_from=since,
            )

    def test_the_most_specific_region_wins(self, standards):
        assert standard_for("350102", StandardKind.MIN_WAGE_MONTHLY, date(2024, 1, 1)).amount == Decimal(
            "2030.00"
        )
        assert standard_for("350200", StandardKind.MIN_WAGE_MONTHLY, date(2024, 1, 1)).amount == Decimal(
            "1800.00"
        )
        assert standard_for("440300", StandardKind.MIN_WAGE_MONTHLY, date(2024, 1, 1)).amount == Decimal(
            "2000.00"
        )

    def test_the_latest_standard_in_force_on_the_date_applies(self, standards):
        assert standard_for("350102", StandardKind.MIN_WAGE_MONTHLY, date(2025, 2, 28)).amount == Decimal(
            "2030.00"
        )
        assert standard_for("350102", StandardKind.MIN_WAGE_MONTHLY, date(2025, 3, 1)).amount == Decimal(
            "2210.00"
        )

    def test_before_any_standard_there_is_none(self, standards):
        assert standard_for("350102", StandardKind.MIN_WAGE_MONTHLY, date(2019, 1, 1)) is None
        assert standard_for("350102", StandardKind.AVG_WAGE_MONTHLY, date(2025, 1, 1)) is None

    def test_the_determination_uses_the_standard_of_the_award_date(self, standards):
        item = ClaimItem("wages.unpaid", Decimal("25000"))  # 12 × 2030 = 24,360; 12 × 2210 = 26,520
        assert not determine_for_region([item], region_code="350102", on=date(2025, 2, 28)).all_final
        assert determine_for_region([item], region_code="350102", on=date(2025, 3, 1)).all_final
