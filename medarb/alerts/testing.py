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


def collective_rule(*, actor, unit, linked_units=()):
    """The collective-wave rule at its defaults: 10 workers against one employer in 10 days."""
    from medarb.alerts import services
    from medarb.alerts.models import Level, RuleKind

    return services.save_rule(
        actor=actor,
        unit=unit,
        kind=RuleKind.COLLECTIVE_WAVE,
        enabled=True,
        level=Level.SERIOUS,
        threshold=10,
        days=10,
        linked_units=linked_units,
    )
