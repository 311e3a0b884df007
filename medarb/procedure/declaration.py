"""The vocabulary in which a procedure is declared once: states and transitions.

A procedure (arbitration, mediation) is a `Procedure` value built in its own app's
`procedure.py` and registered at start-up. The case page's action buttons, permission
checks, timeline entries, to-dos, deadlines and the procedure diagram are all read off it.

Firing a transition lives in `medarb.cases.workflow` (it needs the case); this module only
describes. A guard is called as `guard(case, actor)` — it sees the case and the person acting —
and returns None when the transition may fire, else the reason (Chinese, for people) why it
may not; build them with `requires(...)` (a test of the case) or `requires_actor(...)` (a test
of the case and the actor, e.g. "only the head of the organisation"). The roles of a
transition are the outer gate; a guard that names the actor is the finer rule, declared here
so that the action buttons and the engine give the same answer.

Labels, descriptions and reasons are lazy translations (`gettext_lazy`): pages show them in
the reader's language. What is stored (timeline entries, to-dos) is written in the
commission's language (`medarb.core.i18n.official`), never in whatever the actor reads.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

# Special targets: `STAY` keeps the current state (acts that change data and clocks but not
# the stage, e.g. composing the tribunal, an extension); `PREVIOUS` returns to the state the
# case was in before it entered the source state (resumption after suspension).
STAY = "@stay"
PREVIOUS = "@previous"
SPECIAL_TARGETS = frozenset({STAY, PREVIOUS})

Guard = Callable[..., str | None]


@dataclass(frozen=True)
class State:
    code: str
    label: str  # a lazy translation in the declarations; str() it before joining or storing
    is_closed: bool = False
    # Roles whose to-do list shows a case waiting in this state.
    waits_for: frozenset[str] = frozenset()
    article: str = ""
    description: str = ""  # for staff: what happens in this state and by when
    for_parties: str = ""  # for the parties, addressed to them: where their case stands, what next


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    article: str = ""
    # Each guard returns None when the transition may fire, else the reason it may not.
    guards: tuple[Guard, ...] = ()
    starts: tuple[str, ...] = ()  # deadline rule codes (a running one of the same rule restarts)
    stops: tuple[str, ...] = ()  # "*" stops every running deadline of the case
    pauses: tuple[str, ...] = ()  # "*" pauses every running deadline
    resumes: tuple[str, ...] = ()  # "*" resumes every paused deadline
    needs_approval: bool = False
    approval_kind: str = "other"  # procedure.models Approval.kind
    # Where started clocks count from, when not from the act's date (e.g. T0 = receipt).
    clock_start: Callable[..., date] | None = field(default=None, hash=False, compare=False)
    # `form` is a Django form class taking (data, case=...) whose cleaned_data are the
    # keyword arguments of `service(case=, actor=, request=, approval=, **cleaned_data)`;
    # the declaration imports both directly (it is loaded in its app's ready()).
    form: type | None = field(default=None, compare=False)
    service: Callable[..., object] | None = field(default=None, compare=False)
    close_reason: str = ""  # recorded on the case when the target is a closed state
    description: str = ""
    button: str = "primary"  # primary | secondary | danger — how the action button looks
    internal: bool = False  # timeline entry hidden from parties
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def stays(self) -> bool:
        return self.target == STAY

    def form_class(self):
        return self.form

    def service_function(self):
        return self.service

    def check_guards(self, case, actor=None) -> str | None:
        """The first guard's refusal, or None when every guard lets `actor` fire the transition."""
        refusal = self.refusal(case, actor)
        return refusal[0] if refusal else None

    def refusal(self, case, actor=None) -> tuple[str, bool] | None:
        """(reason, about_actor) of the first guard that refuses, or None."""
        for guard in self.guards:
            reason = guard(case, actor)
            if reason:
                return str(reason), bool(getattr(guard, "about_actor", False))
        return None


def requires(predicate: Callable[..., bool], reason: str) -> Guard:
    """A guard from a predicate on the case and the refusal to give when it is false."""

    def guard(case, actor=None) -> str | None:
        return None if predicate(case) else reason

    guard.__doc__ = reason
    guard.reason = reason  # type: ignore[attr-defined]  (shown on the procedure page)
    return guard


def requires_actor(predicate: Callable[..., bool], reason: str) -> Guard:
    """A guard from a predicate on the case and the person acting, and the refusal to give when
    it is false. Without an actor (the procedure page describing the rule) it lets pass."""

    def guard(case, actor=None) -> str | None:
        return None if actor is None or predicate(case, actor) else reason

    guard.__doc__ = reason
    guard.reason = reason  # type: ignore[attr-defined]
    guard.about_actor = True  # type: ignore[attr-defined]  (a refusal is NotAllowed, not a state error)
    return guard


def guard_reason(guard: Guard) -> str:
    reason = getattr(guard, "reason", None)
    return str(reason) if reason else (guard.__doc__ or "").strip() or guard.__name__


class Procedure:
    def __init__(
        self,
        *,
        kind: str,
        label: str,
        states: Iterable[State],
        transitions: Iterable[Transition],
        on_arrival: Callable[..., None] | None = None,
        assigned_roles: frozenset[str] = frozenset(),
        assigned_cases: Callable[..., object] | None = None,
        papers: frozenset[str] = frozenset(),
        paper_prefill: Callable[..., dict] | None = None,
    ):
        self.kind = kind
        # The case papers (document template codes) a case of this procedure is issued: the
        # issue form offers only these and `documents.issue_document` refuses the others.
        self.papers = frozenset(papers)
        # What the issue form of a paper starts from (`paper_prefill(case)` → `extra` values:
        # the tribunal, the sitting's time and room…), so that a clerk types only what is new.
        self.paper_prefill = paper_prefill
        self.label = label
        # Roles that wait only on the cases they are assigned to (an arbitrator: the tribunals
        # she sits on), not on every case of their unit: `assigned_cases(user)` is a queryset
        # of those case ids; to-dos assigned to the person count as well (procedure.todos).
        self.assigned_roles = frozenset(assigned_roles)
        self.assigned_cases = assigned_cases
        # What the procedure keeps beside a case that has just arrived, whichever door it came
        # in by (window, online, referral, handover, API): `on_arrival(case=, actor=)`, run by
        # `cases.workflow.arrive` in the registering transaction (mediation: its file and clock).
        self.on_arrival = on_arrival
        self.states = {state.code: state for state in states}
        self.transitions: dict[str, Transition] = {}
        self.initial = next(iter(self.states))
        for transition in transitions:
            self.add(transition)

    def add(self, transition: Transition) -> Transition:
        """Declare one more transition (apps may extend a procedure in their ready())."""
        targets = set() if transition.target in SPECIAL_TARGETS else {transition.target}
        unknown = {*transition.sources, *targets} - self.states.keys()
        if unknown:
            raise ValueError(f"{self.kind}.{transition.code} names unknown states {sorted(unknown)}")
        if transition.code in self.transitions:
            raise ValueError(f"{self.kind}.{transition.code} is declared twice")
        self.transitions[transition.code] = transition
        return transition

    def state(self, code: str) -> State:
        return self.states[code]

    def issues(self, template_code: str) -> bool:
        return template_code in self.papers

    def label_of(self, code: str) -> str:
        """The state's name in the active language (labels are lazy translations)."""
        state = self.states.get(code)
        return str(state.label) if state else code

    def transition(self, code: str) -> Transition:
        try:
            return self.transitions[code]
        except KeyError:
            raise LookupError(f"{self.kind} declares no transition {code!r}") from None

    def transitions_from(self, code: str) -> list[Transition]:
        return [t for t in self.transitions.values() if code in t.sources]

    def transitions_into(self, code: str) -> list[Transition]:
        return [t for t in self.transitions.values() if t.target == code]

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
