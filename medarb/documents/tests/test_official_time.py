"""Clock times on papers: 上午九时三十分, never 09时30分 (hearing notices, proofs of service)."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.documents import rendering

SHANGHAI = ZoneInfo("Asia/Shanghai")
_CN = "〇一二三四五六七八九"
_SHAPE = re.compile(r"^(上午|中午|下午)([一二三四五六七八九十]+|零)时(?:(零?)([一二三四五六七八九十]+)分)?$")


def _number_back(text: str) -> int:
    if text == "零":
        return 0
    tens, sep, units = text.partition("十")
    if not sep:
        return _CN.index(text)
    return (_CN.index(tens) if tens else 1) * 10 + (_CN.index(units) if units else 0)


def _read_back(text: str) -> time:
    part, hour, leading_zero, minute = _SHAPE.match(text).groups()
    shown = _number_back(hour)
    hour24 = shown if part == "上午" else 12 if part == "中午" else shown + 12
    minutes = _number_back(minute) if minute else 0
    assert bool(leading_zero) == (0 < minutes < 10)  # 九时零五分, but 九时三十分
    return time(hour24, minutes)


class TestOfficialTime:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (time(9, 30), "上午九时三十分"),
            (time(14, 0), "下午二时"),
            (time(9, 5), "上午九时零五分"),
            (time(10, 0), "上午十时"),
            (time(11, 59), "上午十一时五十九分"),
            (time(12, 0), "中午十二时"),
            (time(12, 30), "中午十二时三十分"),
            (time(13, 10), "下午一时十分"),
            (time(23, 45), "下午十一时四十五分"),
            (time(0, 15), "上午零时十五分"),
        ],
    )
    def test_it_writes_the_hour_with_its_part_of_the_day_and_no_leading_zero(self, value, text):
        assert rendering.official_time(value) == text

    @given(st.times())
    def test_every_time_reads_back_to_its_hour_and_minute(self, value):
        text = rendering.official_time(value)
        assert _read_back(text) == value.replace(second=0, microsecond=0)
        assert not any(ch.isdigit() for ch in text) and "零分" not in text

    def test_a_hearing_time_is_written_in_local_time_after_the_official_date(self):
        starts = datetime(2026, 12, 3, 1, 30, tzinfo=ZoneInfo("UTC"))  # 9:30 in Shanghai
        assert rendering.official_datetime(starts) == "二〇二六年十二月三日上午九时三十分"
        afternoon = datetime(2026, 12, 3, 14, 0, tzinfo=SHANGHAI)
        assert rendering._plain({"t": afternoon}) == {"t": "二〇二六年十二月三日下午二时"}
