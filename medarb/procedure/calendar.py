"""Working days and statutory periods (期间).

Counting follows 民事诉讼法 Art. 85, to which 办案规则 Art. 19 refers: the day on which a
period starts is not counted; a period counted in natural days whose last day is a rest day
ends on the next working day. Working days come from chinese-calendar (State Council holiday
notices, including adjusted working weekends) and `HolidayOverride` rows, which win.

For a year chinese-calendar does not know yet, the statutory holidays of 《全国年节及纪念日放假办法》
(`procedure.statutory`, lunar dates computed) and weekends are rest days, and every date of
that year is provisional (假期安排未公布): `explain()` says so and deadlines and bookings show
it. When the State Council publishes the year's arrangement an administrator enters it
(`HolidayArrangement` with its days as overrides); from then on the year is weekends plus
the overrides, and no longer provisional.
"""

from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from medarb.core.i18n import official
from medarb.procedure.rules import DayType, Direction, rule
from medarb.procedure.statutory import statutory_holidays

PROVISIONAL = _("假期安排未公布")
_OVERRIDES_KEY = "procedure:holiday-overrides:v2"
_CACHE_SECONDS = 300
_ONE_DAY = timedelta(days=1)


class _Table(dict):
    """The overrides by day, and the years whose arrangement an administrator has entered."""

    published: frozenset[int] = frozenset()


def _overrides() -> _Table:
    table = cache.get(_OVERRIDES_KEY)
    if table is None:
        from medarb.procedure.models import HolidayArrangement, HolidayOverride

        table = _Table(HolidayOverride.objects.values_list("day", "is_working_day"))
        table.published = frozenset(HolidayArrangement.objects.values_list("year", flat=True))
        cache.set(_OVERRIDES_KEY, table, _CACHE_SECONDS)
    return table


def forget_overrides() -> None:
    cache.delete(_OVERRIDES_KEY)


def package_knows_year(year: int) -> bool:
    """Whether chinese-calendar carries the State Council holiday notice for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_known_year(year: int) -> bool:
    """Whether the year's arrangement is known: in chinese-calendar or entered by an administrator."""
    return package_knows_year(year) or year in _overrides().published


def is_provisional(day: date) -> bool:
    """Whether working days in `day`'s year rest on the statutory fallback (假期安排未公布)."""
    return not is_known_year(day.year)


def provisional_between(start: date, end: date) -> bool:
    """Whether any year from `start` to `end` (either order) is provisional."""
    low, high = sorted((start, end))
    return any(not is_known_year(year) for year in range(low.year, high.year + 1))


def _is_working_day(day: date, overrides: _Table) -> bool:
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        pass
    if day.year not in overrides.published and day in statutory_holidays(day.year):
        return False
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _is_working_day(day, _overrides())


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    overrides = _overrides()
    while not _is_working_day(day, overrides):
        day += _ONE_DAY
    return day


def _check(days: int, day_type: str) -> DayType:
    if days < 0:
        raise ValueError("a period cannot be negative")
    return DayType(day_type)


def add_period(start: date, days: int, day_type: str) -> date:
    """The last day of a period of `days` counted from `start` (start day excluded)."""
    kind = _check(days, day_type)
    overrides = _overrides()
    if kind == DayType.NATURAL:
        end = start + timedelta(days=days)
        while not _is_working_day(end, overrides):
            end += _ONE_DAY
        return end
    day, counted = start, 0
    while counted < days:
        day += _ONE_DAY
        if _is_working_day(day, overrides):
            counted += 1
    if days == 0:
        while not _is_working_day(day, overrides):
            day += _ONE_DAY
    return day


def subtract_period(end: date, days: int, day_type: str) -> date:
    """For "at least N days before" rules: the latest working day from which a period of
    `days` still ends on or before `end` (e.g. the last day to serve a hearing notice)."""
    _check(days, day_type)
    overrides = _overrides()
    # A period of N days never ends sooner than N days after its start, so scanning back
    # from end - N finds the latest start; add_period is monotonic in its start.
    day = end - timedelta(days=days)
    while not (_is_working_day(day, overrides) and add_period(day, days, day_type) <= end):
        day -= _ONE_DAY
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides()
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        if _is_working_day(day, overrides):
            count += 1
    return count


def days_between(start: date, end: date, day_type: str) -> int:
    """Days of `day_type` from start (excluded) to end (included), negative when end < start."""
    if DayType(day_type) == DayType.NATURAL:
        return (end - start).days
    return working_days_between(start, end)


def due_date(rule_code: str, start: date, unit=None) -> date:
    """The due date of the period `rule_code` counted from the event on `start`, as `unit`
    (a Unit or a case's `unit_path`; None: the law) counts the period.

    For "before" rules `start` is the event (the hearing) and the answer is the last day to act.
    """
    r = rule(rule_code, unit)
    if r.direction == Direction.BEFORE:
        return subtract_period(start, r.days, r.day_type)
    return add_period(start, r.days, r.day_type)


def _d(day: date) -> str:
    return date_format(day, "Y年n月j日")


_CN_NUMBERS = "零一二三四五六七八九十"


def _weekday(day: date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]


def _notable_days(start: date, end: date) -> tuple[list[date], list[date]]:
    """Holidays falling on weekdays, and adjusted working weekends, within [start, end]."""
    overrides = _overrides()
    holidays, make_up = [], []
    day = start
    while day <= end:
        working = _is_working_day(day, overrides)
        if day.weekday() < 5 and not working:
            holidays.append(day)
        elif day.weekday() >= 5 and working:
            make_up.append(day)
        day += _ONE_DAY
    return holidays, make_up


def explain(rule_code: str, start: date, unit=None) -> str:
    """How the due date of `rule_code` from `start` was counted, in Chinese, with the article."""
    r = rule(rule_code, unit)
    due = due_date(rule_code, start, unit)
    day_unit = "个工作日" if r.day_type == DayType.WORKING else "日（自然日）"
    # The explanation is one Chinese text (the API documents it so): the lazy description too.
    parts = [f"依据{r.article}：{official(r.description)}"]
    if r.direction == Direction.BEFORE:
        parts.append(
            f"以{_d(start)}（{_weekday(start)}）为准，须至少提前{r.days}{day_unit}，"
            f"最迟应于{_d(due)}（{_weekday(due)}）前完成。"
        )
        low, high = due, start
    else:
        parts.append(f"自{_d(start)}起算，当日不计入，期间为{r.days}{day_unit}，")
        if r.day_type == DayType.NATURAL:
            plain = start + timedelta(days=r.days)
            if plain != due:
                parts.append(
                    f"第{r.days}日为{_d(plain)}（{_weekday(plain)}），系休息日或法定节假日，"
                    f"顺延至其后第一个工作日，即{_d(due)}（{_weekday(due)}）届满。"
                )
            else:
                parts.append(f"于{_d(due)}（{_weekday(due)}）届满。")
        else:
            parts.append(f"第{r.days}个工作日为{_d(due)}（{_weekday(due)}），期间于当日届满。")
        low, high = start, due
    holidays, make_up = _notable_days(low, high)
    if holidays:
        parts.append("期间内的法定节假日（不计为工作日）：" + "、".join(_d(d) for d in holidays) + "。")
    if make_up:
        parts.append("期间内的调休上班日（计为工作日）：" + "、".join(_d(d) for d in make_up) + "。")
    unknown = sorted({d.year for d in (low, high)} | set(range(low.year, high.year + 1)))
    unknown = [year for year in unknown if not is_known_year(year)]
    if unknown:
        years = "、".join(f"{year}年" for year in unknown)
        parts.append(
            f"注意：系统尚未收录{years}国务院节假日安排（假期安排未公布），该年度暂按"
            "《全国年节及纪念日放假办法》规定的法定节假日、周末及管理员维护的节假日调整计算，"
            "届满日为暂定，请以正式公布的安排为准。"
        )
    if r.overridden:
        parts.append(f"本期间按本委规则（{r.override_unit}）计为{r.days}{day_unit}。")
    return "".join(parts)
