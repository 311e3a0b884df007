"""The vocabulary in which a procedure is declared once: states and transitions.

A procedure (arbitration, mediation) is a `Procedure` value built in its own app's
`procedure.py` and registered at start-up. The case page's action buttons, permission
checks, timeline entries, to-dos, deadlines and the procedure diagram are all read off it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class State:
    code: str
    label: str
    is_closed: bool = False
    # Roles whose to-do list shows a case waiting in this state.
    waits_for: frozenset[str] = frozenset()
    article: str = ""


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    article: str = ""
    # Each guard returns None when the transition may fire, else the reason it may not.
    guards: tuple[Callable[..., str | None], ...] = ()
    starts: tuple[str, ...] = ()  # deadline rule codes
    stops: tuple[str, ...] = ()
    pauses: tuple[str, ...] = ()
    resumes: tuple[str, ...] = ()
    needs_approval: bool = False
    extra: dict = field(default_factory=dict, hash=False, compare=False)


class Procedure:
    def __init__(self, *, kind: str, label: str, states: Iterable[State], transitions: Iterable[Transition]):
        self.kind = kind
        self.label = label
        self.states = {state.code: state for state in states}
        self.transitions = {transition.code: transition for transition in transitions}
        self.initial = next(iter(self.states))
        for transition in self.transitions.values():
            unknown = {*transition.sources, transition.target} - self.states.keys()
            if unknown:
                raise ValueError(f"{kind}.{transition.code} names unknown states {sorted(unknown)}")

    def state(self, code: str) -> State:
        return self.states[code]

    def label_of(self, code: str) -> str:
        state = self.states.get(code)
        return state.label if state else code

    def transitions_from(self, code: str) -> list[Transition]:
        return [t for t in self.transitions.values() if code in t.sources]

    @property
    def closed_states(self) -> frozenset[str]:
        return frozenset(code for code, state in self.states.items() if state.is_closed)


_registry: dict[str, Procedure] = {}


def register(procedure: Procedure) -> Procedure:
    _registry[procedure.kind] = procedure
    return procedure


def procedure_for(kind: str) -> Procedure:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"no procedure is declared for case kind {kind!r}") from None


def registered() -> dict[str, Procedure]:
    return dict(_registry)
