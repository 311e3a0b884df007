"""The statutory holidays of a year, for a year whose State Council arrangement is not known.

《全国年节及纪念日放假办法》 Art. 2 (as revised by State Council Decree No. 795, in force
1 January 2025) gives every citizen 13 days: New Year's Day (1 day), the Spring Festival
(4 days: New Year's Eve and the first three days of the lunar year), Qingming (1 day, the
day of the solar term), Labour Day (2 days), the Dragon Boat Festival (1 day, the fifth of
the fifth lunar month), the Mid-Autumn Festival (1 day, the fifteenth of the eighth lunar
month) and National Day (3 days). Lunar dates and the Qingming solar term come from
lunar-python (6tail's lunar, maintained; it carries the astronomical solar-term tables).

The State Council's yearly notice moves these days around weekends (补假, 调休); until it is
published the calendar rests on exactly these days and weekends, and says the year is
provisional.
"""

from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, Solar


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def qingming(year: int) -> date:
    """The day of the Qingming solar term (清明) in `year`, Beijing time."""
    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return date(term.getYear(), term.getMonth(), term.getDay())


def spring_festival(year: int) -> date:
    """The first day of the lunar year that begins in `year` (正月初一)."""
    return _lunar(year, 1, 1)


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The 13 statutory rest days of `year` with the festival each belongs to."""
    first = spring_festival(year)
    days = {date(year, 1, 1): "元旦"}
    days.update({first + timedelta(days=n): "春节" for n in (-1, 0, 1, 2)})
    days[qingming(year)] = "清明节"
    days.update({date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"})
    days[_lunar(year, 5, 5)] = "端午节"
    days[_lunar(year, 8, 15)] = "中秋节"
    days.update({date(year, 10, n): "国庆节" for n in (1, 2, 3)})
    return days
