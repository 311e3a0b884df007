"""A wave of applications for the early-warning tests, the demo and the bench."""

from datetime import date, timedelta

from medarb.cases.models import Party, PartySide
from medarb.testing import register


def wave(
    *,
    actor,
    unit,
    count: int,
    last_day: date,
    days: int = 10,
    employer: str = "",
    uscc: str = "",
    kind="arbitration",
):
    """`count` applications by different workers against one employer, spread over `days`
    ending on `last_day`; with `employer`/`uscc`, the respondent is renamed to it."""
    cases = []
    for n in range(count):
        received = last_day - timedelta(days=n % days)
        case = register(actor=actor, unit=unit, kind=kind, worker_name=f"工人{n:02d}", received_on=received)
        if employer or uscc:
            Party.objects.filter(case=case, side=PartySide.RESPONDENT).update(
                **({"name": employer} if employer else {}), uscc=uscc
            )
        cases.append(case)
    return cases
