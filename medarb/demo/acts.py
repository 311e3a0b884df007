"""The acts a seeded case went through to reach its state, replayed on its clocks.

The demo puts a case straight into a state (`loader._move_to_state`); the periods the acts on
the way would have started (the 45-day hearing limit from acceptance, the defence period, the
mediation limit…) are started here by the same code the acts run (`workflow.run_clocks`), on
dates spread between the case's receipt or acceptance and today, so that every open case has
the running clocks its state implies and every closed one has them stopped.
"""

from collections import deque
from datetime import date, timedelta

from medarb.cases.models import Case
from medarb.cases.workflow import run_clocks
from medarb.procedure.declaration import SPECIAL_TARGETS, Procedure, Transition, procedure_for


def path_to(procedure: Procedure, state: str) -> list[Transition]:
    """The shortest chain of declared acts from the procedure's first state to `state`."""
    came_by: dict[str, tuple[str, Transition] | None] = {procedure.initial: None}
    queue = deque([procedure.initial])
    while queue and state not in came_by:
        current = queue.popleft()
        for transition in procedure.transitions.values():
            target = transition.target
            if current in transition.sources and target not in SPECIAL_TARGETS and target not in came_by:
                came_by[target] = (current, transition)
                queue.append(target)
    path = []
    while came_by.get(state) is not None:
        state, transition = came_by[state]
        path.append(transition)
    return path[::-1]


def replay_clocks(case: Case, *, today: date) -> None:
    """Run the clocks of each act on the path to the case's state, one date per act."""
    procedure = procedure_for(case.kind)
    path = path_to(procedure, case.status)
    if not path:
        return
    first = case.received_on
    last = max(case.closed_on or today, first)
    span = (last - first).days
    for step, transition in enumerate(path, start=1):
        on = first + timedelta(days=span * step // len(path))
        if transition.code == "accept" and case.accepted_on:
            on = case.accepted_on
        closing = procedure.states[transition.target].is_closed
        run_clocks(case, transition, on=min(on, last), closing=closing)
