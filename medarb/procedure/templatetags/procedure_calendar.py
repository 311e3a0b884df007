"""Badges beside a due date: `{{ day|provisional_badge }}` "假期安排未公布" for a date in a year
whose holiday arrangement is not known yet (see `procedure.calendar`), and
`{{ deadline|local_rule_badge }}` "本委规则" for a clock counted by the commission's own rule."""

from datetime import date, datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from medarb.procedure.calendar import PROVISIONAL, is_provisional
from medarb.procedure.clocks import counts_by_local_rule
from medarb.procedure.rules import DayType

register = template.Library()


@register.filter
def provisional_badge(value) -> str:
    """The badge when `value` (a date or datetime) lies in a provisional year, else nothing."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date) or not is_provisional(value):
        return ""
    return format_html(
        '<span class="badge text-bg-warning" title="{}" data-testid="provisional">{}</span>',
        gettext("按法定节假日暂定，以国务院公布的安排为准"),
        PROVISIONAL,
    )


@register.filter
def local_rule_badge(deadline) -> str:
    """The badge when the to-do's clock (a Deadline, or None) runs by the commission's own rule."""
    if deadline is None or not counts_by_local_rule(deadline):
        return ""
    return format_html(
        '<span class="badge text-bg-warning" title="{}" data-testid="local-rule">{}</span>',
        gettext("按本委规则计为%(n)s%(unit)s")
        % {
            "n": deadline.days,
            "unit": gettext("个工作日") if deadline.day_type == DayType.WORKING else gettext("日"),
        },
        gettext("本委规则"),
    )
