"""The one place mediation talks to the procedure engine (cases.workflow, procedure.clocks).

Every state change of a mediation case goes through `fire`, which is the engine's
`cases.workflow.fire`; deadlines through `procedure.clocks`.
"""

from datetime import date

from medarb.cases.models import Case

LIMIT_RULE = "mediation_limit"
EXTENSION_RULE = "mediation_extension"


def fire(
    *,
    case: Case,
    transition: str,
    actor,
    on: date | None = None,
    note: str = "",
    data: dict | None = None,
    request=None,
) -> Case:
    from medarb.cases.workflow import fire as engine_fire

    return engine_fire(
        case=case, transition=transition, actor=actor, on=on, note=note, data=data, request=request
    )


def check(*, case: Case, transition: str, actor) -> None:
    """Refuse, before anything is written, an act the declaration does not let `actor` fire now
    (who may act, the state, the guards): the engine's `cases.workflow.check`."""
    from medarb.cases.workflow import check as engine_check

    engine_check(case=case, transition=transition, actor=actor)


def start_limit(*, case: Case, start: date):
    from medarb.procedure.clocks import start_deadline

    return start_deadline(case=case, rule_code=LIMIT_RULE, start=start)


def extend_limit(*, case: Case, days: int):
    from medarb.procedure.clocks import extend_deadline

    return extend_deadline(case=case, rule_code=LIMIT_RULE, days=days)


def deadlines(case: Case) -> list:
    from medarb.procedure.clocks import deadlines_for

    return deadlines_for(case)


def period(code: str, case: Case):
    """The statutory period `code` as the case's unit counts it (procedure.rules, 本委规则)."""
    from medarb.procedure.rules import rule

    return rule(code, case.unit_path)


def period_end(code: str, start: date, case: Case) -> date:
    """The last day of the period `code` counted from `start`, as the case's unit counts it."""
    from medarb.procedure.calendar import due_date

    return due_date(code, start, case.unit_path)


def add_natural_days(start: date, days: int) -> date:
    """A natural-day period through the procedure calendar (start excluded, rolled forward)."""
    from medarb.procedure.calendar import add_period

    return add_period(start, days, "natural")
