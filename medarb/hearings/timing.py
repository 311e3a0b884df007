"""Working days, working hours and the hearing-notice period, as the scheduler sees them.

Working days and the notice period are the procedure calendar's (`medarb.procedure.calendar`,
rule `hearing_notice`), so holiday overrides and the case's unit's reading of the period
(本委规则) apply to scheduling too. Working hours are a setting (`MEDARB_HEARING_HOURS`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from medarb.procedure import calendar

HEARING_NOTICE_RULE = "hearing_notice"  # Law Art. 35: notice at least five days before


def is_working_day(day: date) -> bool:
    return calendar.is_working_day(day)


def latest_notice_date(hearing_day: date, unit=None) -> date:
    """The last day on which the hearing notice can still be served in time, as `unit` (the
    case's unit or its `unit_path`) counts the notice period."""
    return calendar.due_date(HEARING_NOTICE_RULE, hearing_day, unit)


@dataclass(frozen=True)
class WorkingHours:
    start: time
    end: time


def working_hours() -> WorkingHours:
    start, end = settings.HEARINGS_WORKING_HOURS
    return WorkingHours(start=time.fromisoformat(start), end=time.fromisoformat(end))


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def at(day: date, clock: time) -> datetime:
    """An aware datetime in the installation's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, clock))
