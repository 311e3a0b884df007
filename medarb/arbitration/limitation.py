"""The one-year limitation period for applying to arbitration (Law Art. 27), as a warning.

The period runs from the day a party knew or should have known of the infringement; it can
be interrupted or suspended (Art. 27(2), (3)), and wages owed while the employment lasts are
not limited until it ends, then for a year (Art. 27(4)). Whether a claim is barred is the
commission's finding, so the platform only warns, with the article, when the dates given
put the claim more than a year back.
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from medarb.arbitration.calculator import add_months

LIMITATION_MONTHS = 12  # Law Art. 27(1): 劳动争议申请仲裁的时效期间为一年
ARTICLE = "《劳动争议调解仲裁法》第二十七条"


def is_past(day: date, *, today: date) -> bool:
    """More than a year has passed since `day`."""
    return add_months(day, LIMITATION_MONTHS) < today


def for_termination(ended_on: date | None, *, today: date) -> str:
    """Claims arising from the end of the employment (compensation, damages, wages owed)."""
    if ended_on is None or not is_past(ended_on, today=today):
        return ""
    return _(
        "劳动关系于%(d)s解除或终止，至今已超过一年：申请仲裁的时效期间为一年（%(article)s），"
        "可能已超过仲裁时效。时效有中断、中止情形的（如曾向对方主张权利、对方同意履行、"
        "因不可抗力不能申请），请在事实与理由中写明；是否超过时效由仲裁委认定。"
    ) % {"d": f"{ended_on:%Y-%m-%d}", "article": ARTICLE}


def for_double_wages(first: date, last: date, *, today: date) -> str:
    """The double-wage difference accrues month by month from `first` to `last`."""
    if is_past(last, today=today):
        return _(
            "二倍工资差额的期间至%(last)s止，至今已超过一年：可能已超过一年的仲裁时效（%(article)s）。"
            "是否超过时效由仲裁委认定，有中断、中止情形的请写明。"
        ) % {"last": f"{last:%Y-%m-%d}", "article": ARTICLE}
    if is_past(first, today=today):
        cutoff = add_months(today, -LIMITATION_MONTHS) + timedelta(days=1)
        return _("二倍工资差额中%(cutoff)s以前的部分已超过一年，可能已超过仲裁时效（%(article)s）。") % {
            "cutoff": f"{cutoff:%Y-%m-%d}",
            "article": ARTICLE,
        }
    return ""


def double_wage_period(started_on: date, until: date) -> tuple[date, date] | None:
    """The days a double-wage difference can run (the 2nd to the 12th month of employment,
    to `until` at the latest), or None when there are none."""
    first = add_months(started_on, 1)
    last = min(add_months(started_on, 12) - timedelta(days=1), until)
    return (first, last) if last >= first else None
