"""`{{ day|provisional_badge }}`: the "假期安排未公布" badge beside a date in a year whose
holiday arrangement is not known yet (see `procedure.calendar`)."""

from datetime import date, datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from medarb.procedure.calendar import PROVISIONAL, is_provisional

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
