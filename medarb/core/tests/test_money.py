from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.core.money import MAX_AMOUNT, format_figures, from_chinese_capitals, to_chinese_capitals

amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False)


class TestChineseCapitals:
    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            ("12000", "人民币壹万贰仟元整"),
            ("0", "人民币零元整"),
            ("10", "人民币壹拾元整"),
            ("1005", "人民币壹仟零伍元整"),
            ("100000005", "人民币壹亿零伍元整"),
            ("105000000", "人民币壹亿零伍佰万元整"),
            ("10500", "人民币壹万零伍佰元整"),
            ("1.50", "人民币壹元伍角整"),
            ("1.05", "人民币壹元零伍分"),
            ("0.05", "人民币伍分"),
            ("2003.40", "人民币贰仟零叁元肆角整"),
            ("36512.68", "人民币叁万陆仟伍佰壹拾贰元陆角捌分"),
        ],
    )
    def test_it_writes_known_amounts_as_banks_do(self, amount, words):
        assert to_chinese_capitals(Decimal(amount)) == words

    @given(amounts)
    def test_every_amount_reads_back_to_itself(self, amount):
        assert from_chinese_capitals(to_chinese_capitals(amount)) == amount

    @given(amounts)
    def test_zeros_are_never_doubled_and_whole_amounts_end_in_zheng(self, amount):
        words = to_chinese_capitals(amount)
        assert words.startswith("人民币")
        assert "零零" not in words
        assert not words.removeprefix("人民币").startswith("零") or amount == 0
        if amount == amount.to_integral_value():
            assert words.endswith("元整")

    def test_rounding_goes_to_the_fen(self):
        assert to_chinese_capitals(Decimal("1.005")) == "人民币壹元零壹分"

    @pytest.mark.parametrize("bad", ["-1", "abc", str(MAX_AMOUNT + 1)])
    def test_bad_amounts_are_refused(self, bad):
        with pytest.raises(ValueError):
            to_chinese_capitals(bad)

    def test_figures_have_separators(self):
        assert format_figures(Decimal("12000")) == "12,000.00"
