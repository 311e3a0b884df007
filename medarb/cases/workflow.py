"""Firing the transitions of a declared procedure on a case.

`fire` is the one place a case changes state: it checks who may act, the current state and
the guards, asks the chair where the law wants approval, moves the case, runs the clocks
(`procedure.clocks`), turns the to-dos over (`procedure.todos`, `procedure.approvals`) and writes the timeline and
the audit log. Domain acts with their own data are services (e.g.
`arbitration.services.accept_case`) that do their part and call `fire` in the same
transaction; `perform` is the door used by the case page, the API and approvals: it binds
the transition's form, then calls its service (or plain `fire`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases import policy
from medarb.cases.models import Case, CaseShare, ShareAccess
from medarb.cases.services import add_timeline, record_act
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.i18n import official_language
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships
from medarb.procedure import approvals, clocks, todos
from medarb.procedure.declaration import PREVIOUS, STAY, Procedure, Transition, procedure_for
from medarb.procedure.models import Approval, ApprovalState, Deadline, DeadlineState
from medarb.procedure.rules import PARTY_PERIODS

APPROVER_ROLE = Role.CHAIR
STATE_TASK = todos.STATE_TASK  # Task.kind of the to-dos opened for a state's waiting roles


@dataclass(frozen=True)
class Action:
    transition: Transition
    allowed: bool
    reason: str | None


class ActionInvalid(DomainError):
    """The act's form did not validate; `form` carries the field errors for re-display."""

    def __init__(self, form):
        messages = [
            f"{form.fields[name].label}：{e}" if name in form.fields else str(e)
            for name, errors in form.errors.items()
            for e in errors
        ]
        super().__init__("；".join(messages) or _("提交的内容有误。"))
        self.form = form


# --- who may act ---------------------------------------------------------------------------


def _roles_in(user, unit_id: int) -> set[str]:
    return {m.role for m in active_memberships(user) if m.unit_id == unit_id}


def _shared_roles(user, case: Case) -> set[str]:
    """The roles the user holds in the units (or as the person) a write share of the case goes to."""
    write_shares = CaseShare.objects.active().filter(case=case, access=ShareAccess.WRITE)
    shares = list(write_shares.values_list("user_id", "unit_id"))
    if not shares:
        return set()
    memberships = active_memberships(user)
    if any(user_id == user.pk for user_id, _unit in shares):
        return {m.role for m in memberships}
    units = {unit_id for _user, unit_id in shares}
    return {m.role for m in memberships if m.unit_id in units}


def holds_role(user, case: Case, roles: frozenset[str], *, shared: set[str] | None = None) -> bool:
    """The user holds one of `roles` in the case's unit; or the case is shared for handling with
    the user (or their unit) and they hold one of `roles` there."""
    if _roles_in(user, case.unit_id) & roles:
        return True
    return bool((_shared_roles(user, case) if shared is None else shared) & roles)


def _role_labels(roles: frozenset[str]) -> str:
    return "、".join(str(Role(r).label) if r in Role.values else r for r in sorted(roles))


def _check_actor(actor, case: Case, transition: Transition) -> None:
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您对该案件没有办理权限。"))
    if not holds_role(actor, case, transition.roles):
        raise NotAllowed(
            _("“%(act)s”只能由%(roles)s办理。")
            % {"act": transition.label, "roles": _role_labels(transition.roles)}
        )


def _check_state(procedure: Procedure, case: Case, transition: Transition) -> None:
    if case.status not in transition.sources:
        raise ProcedureError(
            _("当前状态为“%(state)s”，不能“%(act)s”。")
            % {"state": procedure.label_of(case.status), "act": transition.label}
        )
    if transition.target == PREVIOUS:
        _previous_state(case)  # a return needs a recorded state to return to


_added_guards: dict[str, list] = {}


def register_guard(transition_code: str, guard) -> None:
    """Add a guard to every procedure's transition of that code, from a higher app's ready()
    (e.g. the archives: "归档" only once the archivist has accepted the dossier)."""
    _added_guards.setdefault(transition_code, []).append(guard)


def _refusal(case: Case, transition: Transition, actor) -> tuple[str, bool] | None:
    refusal = transition.refusal(case, actor)
    if refusal:
        return refusal
    for guard in _added_guards.get(transition.code, ()):
        if reason := guard(case, actor):
            return str(reason), bool(getattr(guard, "about_actor", False))
    return None


def _check_guards(case: Case, transition: Transition, actor) -> None:
    """A guard about the person acting refuses with NotAllowed, one about the case with
    ProcedureError (the state of the file does not allow the act yet)."""
    refusal = _refusal(case, transition, actor)
    if refusal:
        reason, about_actor = refusal
        raise (NotAllowed if about_actor else ProcedureError)(reason)


def _transition(case: Case, code: str) -> tuple[Procedure, Transition]:
    procedure = procedure_for(case.kind)
    try:
        return procedure, procedure.transition(code)
    except LookupError:
        raise ProcedureError(_("该程序没有“%(code)s”这一操作。") % {"code": code}) from None


def pending_approval(case: Case, transition_code: str):
    return (
        Approval.objects.filter(case=case, transition_code=transition_code, state=ApprovalState.PENDING)
        .order_by("-id")
        .first()
    )


def available_actions(*, case: Case, user) -> list[Action]:
    """Every transition from the case's state that the user's roles could fire; `allowed` is
    False with the reason when a guard (or a pending approval) blocks it."""
    if not policy.can_write_case(user, case):
        return []
    try:
        procedure = procedure_for(case.kind)
    except LookupError:
        return []
    actions = []
    pending = set(
        Approval.objects.filter(case=case, state=ApprovalState.PENDING).values_list(
            "transition_code", flat=True
        )
    )
    shared = _shared_roles(user, case)
    for transition in procedure.transitions_from(case.status):
        if not holds_role(user, case, transition.roles, shared=shared):
            continue
        if transition.code in pending:
            actions.append(Action(transition, False, _("已报请审批，等待主任决定。")))
            continue
        refusal = _refusal(case, transition, user)
        reason = refusal[0] if refusal else None
        if reason is None and transition.target == PREVIOUS:
            try:
                _previous_state(case)
            except ProcedureError as exc:
                reason = str(exc)
        actions.append(Action(transition, reason is None, reason))
    return actions


# --- firing ----------------------------------------------------------------------------------


def _previous_state(case: Case) -> str:
    """The state the case left when it entered its current state (for PREVIOUS targets)."""
    entry = (
        case.timeline.filter(kind="transition", data__to=case.status)
        .exclude(data__from=case.status)
        .order_by("-at", "-id")
        .first()
    )
    if entry is None or not entry.data.get("from"):
        raise ProcedureError(_("找不到案件进入当前状态之前的状态，无法恢复。"))
    return entry.data["from"]


def _jsonable(value):
    """A value as JSON can hold it: models by primary key, dates as ISO text, money as text."""
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [_jsonable(v) for v in value]
    try:
        return DjangoJSONEncoder().default(value)
    except TypeError:
        return str(value)


def _clean_for_json(data: Mapping) -> dict:
    return {str(key): _jsonable(value) for key, value in data.items() if key != "approval"}


def _expand(codes: tuple[str, ...], case: Case, *, states: set[str]) -> list[str]:
    if "*" not in codes:
        return list(codes)
    return [d.code for d in clocks.deadlines_for(case) if d.state in states]


def run_clocks(case: Case, transition: Transition, *, on: date, closing: bool) -> None:
    """What an act does to the clocks: stops, pauses, resumes and starts the periods it names
    (a closing act stops them all). Demo seeding replays it along a seeded case's path."""
    stops = ("*",) if closing else transition.stops
    for code in _expand(stops, case, states={"running", "paused"}):
        clocks.stop_deadline(case=case, rule_code=code, on=on, met=True)
    if transition.pauses:
        codes = None if "*" in transition.pauses else transition.pauses
        clocks.pause_deadlines(case=case, on=on, rule_codes=codes)
    if transition.resumes:
        codes = None if "*" in transition.resumes else transition.resumes
        clocks.resume_deadlines(case=case, on=on, rule_codes=codes)
    if transition.starts and not closing:
        start = transition.clock_start(case, on) if transition.clock_start else on
        for code in transition.starts:
            clocks.start_deadline(case=case, rule_code=code, start=start)


def _turn_tasks(case: Case, procedure: Procedure, *, moved: bool) -> None:
    if not moved:
        return
    todos.close_tasks(case=case, kinds=[STATE_TASK])
    _open_state_tasks(case, procedure)


def reset_state_tasks(*, case: Case) -> None:
    """Close the case's state to-dos and open those of the state it is in now: for a case put
    into a state without firing a transition (demo seeding)."""
    todos.close_tasks(case=case, kinds=[STATE_TASK], cancel=True)
    _open_state_tasks(case, procedure_for(case.kind))


def _open_state_tasks(case: Case, procedure: Procedure, *, arrived_by: str = "") -> None:
    """A to-do for each role the case's state waits for, in the unit that owns the case."""
    state = procedure.states[case.status]
    if state.is_closed or not state.waits_for:
        return
    # The to-do answers to the commission's clock due first (not a party's period), and
    # follows its pauses and extensions.
    deadline = (
        Deadline.objects.filter(case=case, state=DeadlineState.RUNNING)
        .exclude(rule_code__in=PARTY_PERIODS)
        .order_by("due_on", "id")
        .first()
    )
    title = _("%(number)s：%(state)s") % {"number": case.display_number, "state": state.label}
    if arrived_by:
        title = _("%(title)s（%(channel)s）") % {"title": title, "channel": arrived_by}
    for role in sorted(state.waits_for):
        todos.open_task(case=case, unit=case.unit, role=role, kind=STATE_TASK, title=title, deadline=deadline)


@official_language()  # to-dos are records, in the commission's language
def arrive(*, case: Case, actor) -> None:
    """A case has just arrived — registered at a window, applied for online, referred from a
    lower level, handed over from mediation, or registered through the API: its procedure opens
    what it keeps beside the case (`Procedure.on_arrival`), and the case lands on the to-do list
    of the roles its first state waits for in the receiving unit."""
    procedure = procedure_for(case.kind)
    if procedure.on_arrival is not None:
        procedure.on_arrival(case=case, actor=actor)
    _open_state_tasks(case, procedure, arrived_by=str(case.get_channel_display()))


def _approved(approval, case: Case, transition: Transition) -> bool:
    return (
        approval is not None
        and approval.case_id == case.pk
        and approval.transition_code == transition.code
        and approval.state == ApprovalState.APPROVED
    )


def _request_approval(*, case, transition, actor, on, note, data, request):
    if pending_approval(case, transition.code):
        raise ProcedureError(_("“%(act)s”已报请审批，请等待主任决定。") % {"act": transition.label})
    approval = approvals.request_approval(
        case=case,
        unit=case.unit,
        kind=transition.approval_kind,
        transition_code=transition.code,
        requested_by=actor,
        payload={"data": _clean_for_json(data or {}), "note": note, "on": on.isoformat()},
    )
    record_act(
        case=case,
        actor=actor,
        kind="approval_requested",
        title=gettext_lazy("已报请审批：%(act)s"),
        params={"act": transition.label},
        detail=note,
        article=transition.article,
        internal=True,
        obj=approval,
        action=AuditAction.CREATE,
        summary=f"request approval {case.kind}.{transition.code}",
        request=request,
        transition=transition.code,
        approval=approval.pk,
    )
    return approval


def defer_for_approval(
    *,
    case: Case,
    transition: str,
    actor,
    approval=None,
    on: date | None = None,
    note: str = "",
    data=None,
    request=None,
) -> bool:
    """For services of acts the chair must approve: True when the act was sent for approval
    (the service then does nothing more), False when it may go ahead now."""
    _, declared = _transition(case, transition)
    if not declared.needs_approval or _approved(approval, case, declared):
        return False
    if APPROVER_ROLE in _roles_in(actor, case.unit_id):
        return False
    check(case=case, transition=transition, actor=actor)
    _request_approval(
        case=case,
        transition=declared,
        actor=actor,
        on=on or timezone.localdate(),
        note=note,
        data=data or {},
        request=request,
    )
    return True


_after_fire: list[Callable[..., None]] = []


def after_fire(callback: Callable[..., None]) -> Callable[..., None]:
    """Register `callback(case=, transition=, actor=, on=, data=)`, run inside the firing
    transaction (e.g. to queue a notice); apps register in their ready()."""
    _after_fire.append(callback)
    return callback


@transaction.atomic
def fire(
    *,
    case: Case,
    transition: str,
    actor,
    on: date | None = None,
    note: str = "",
    data: dict | None = None,
    request=None,
    guards_checked: bool = False,
) -> Case:
    """Fire one declared transition; refuses (changing nothing) when the actor, the state or a
    guard does not allow it. Transitions that need approval are sent to the chair instead.

    A service that ran `check(...)` before recording its own part (which may change what a
    guard sees, e.g. "a pending counterclaim") passes `guards_checked=True`."""
    procedure, declared = _transition(case, transition)
    on = on or timezone.localdate()
    data = dict(data or {})
    # Lock the row: two people firing at once must not both move the case from one state.
    locked = Case.objects.select_for_update().only("status", "closed_on").get(pk=case.pk)
    case.status, case.closed_on = locked.status, locked.closed_on

    _check_actor(actor, case, declared)
    _check_state(procedure, case, declared)
    if not guards_checked:
        _check_guards(case, declared, actor)

    approval = data.pop("approval", None)
    close_reason = data.pop("close_reason", None)  # when the service knows better (award kind)
    decided_by = None
    if declared.needs_approval:
        if _approved(approval, case, declared):
            decided_by = approval.decided_by
        elif APPROVER_ROLE in _roles_in(actor, case.unit_id):
            decided_by = actor  # the chair decides herself; nobody to ask
        else:
            _request_approval(
                case=case, transition=declared, actor=actor, on=on, note=note, data=data, request=request
            )
            return case

    _move(
        case,
        procedure,
        declared,
        actor=actor,
        on=on,
        note=note,
        data=data,
        request=request,
        approval=approval,
        decided_by=decided_by,
        close_reason=close_reason,
    )
    return case


@official_language()  # the timeline, to-dos, audit and papers are records, whatever the screen shows
def _move(case, procedure, declared, *, actor, on, note, data, request, approval, decided_by, close_reason):
    """The write half of `fire`: move the state, run the clocks and to-dos, record, issue."""
    source = case.status
    if declared.target == STAY:
        target = source
    elif declared.target == PREVIOUS:
        target = _previous_state(case)
    else:
        target = declared.target
    closing = procedure.states[target].is_closed and not procedure.states[source].is_closed
    fields = ["updated_at"]
    if target != source:
        case.status = target
        fields.append("status")
    if closing:
        case.closed_on = on
        case.close_reason = close_reason or declared.close_reason or target
        fields += ["closed_on", "close_reason"]
    case.save(update_fields=fields)

    run_clocks(case, declared, on=on, closing=closing)
    _turn_tasks(case, procedure, moved=target != source)

    detail = note
    if decided_by is not None and decided_by != actor:
        detail = (_("经%(who)s批准。") % {"who": decided_by}) + (f" {note}" if note else "")
    record_act(
        case=case,
        actor=actor,
        kind="transition",
        title=declared.label,
        detail=detail,
        article=declared.article,
        internal=declared.internal,
        summary=f"{case.kind}.{declared.code}: {source} → {target}",
        audit_data={"on": on, "note": note, "approval": approval.pk if approval is not None else None},
        request=request,
        transition=declared.code,
        on=on.isoformat(),
        data=_clean_for_json(data),
        approval=approval.pk if approval is not None else None,
        **{"from": source, "to": target},
    )
    for callback in _after_fire:
        callback(case=case, transition=declared, actor=actor, on=on, data=data)


# --- the door for pages, the API and approvals -----------------------------------------------


def check(*, case: Case, transition: str, actor) -> Transition:
    """Refuse early (before any form is shown or validated) when the act cannot be fired."""
    procedure, declared = _transition(case, transition)
    _check_actor(actor, case, declared)
    _check_state(procedure, case, declared)
    _check_guards(case, declared, actor)
    if declared.needs_approval and pending_approval(case, declared.code):
        raise ProcedureError(_("“%(act)s”已报请审批，请等待主任决定。") % {"act": declared.label})
    return declared


def may_fire(*, case: Case, transition: str, actor) -> bool:
    """Whether `check` lets the actor fire the transition now (for a button outside the
    procedure panel, e.g. sealing on the agreement page)."""
    try:
        check(case=case, transition=transition, actor=actor)
    except DomainError:
        return False
    return True


def as_form_data(data) -> MultiValueDict:
    """Request data (a QueryDict, a JSON object, a stored approval payload) as form data."""
    if isinstance(data, MultiValueDict):
        return data
    out = MultiValueDict()
    for key, value in (data or {}).items():
        out.setlist(
            key,
            [str(v) if not isinstance(v, bool) else v for v in value] if isinstance(value, list) else [value],
        )
    return out


def bind_form(transition: Transition, case: Case, data=None):
    form_class = transition.form_class()
    if form_class is None:
        return None
    return form_class(as_form_data(data) if data is not None else None, case=case)


@transaction.atomic
def perform(*, case: Case, transition: str, actor, data=None, request=None, approval=None) -> Case:
    """Validate the act's form and carry it out through its service (or plain `fire`)."""
    declared = check(case=case, transition=transition, actor=actor)
    form = bind_form(declared, case, data or {})
    cleaned: dict = {}
    if form is not None:
        if not form.is_valid():
            raise ActionInvalid(form)
        cleaned = dict(form.cleaned_data)
    else:
        raw = as_form_data(data or {})
        cleaned = {"note": str(raw.get("note", ""))[:1000]}
    service = declared.service_function()
    if service is not None:
        extra = {"approval": approval} if approval is not None else {}
        return service(case=case, actor=actor, request=request, **extra, **cleaned)
    on = cleaned.pop("on", None)
    note = cleaned.pop("note", "") or ""
    if approval is not None:
        cleaned["approval"] = approval
    return fire(
        case=case, transition=declared.code, actor=actor, on=on, note=note, data=cleaned, request=request
    )


def _on_approval_decided(approval, *args, **kwargs) -> None:
    """Approved: carry out the act as requested, in the chair's transaction (so a refusal —
    the case moved on meanwhile — leaves the approval undecided). Returned: note it."""
    case = Case.objects.get(pk=approval.case_id)
    if approval.state == ApprovalState.APPROVED:
        payload = approval.payload or {}
        data = {k: v for k, v in (payload.get("data") or {}).items() if v is not None}
        data.setdefault("on", payload.get("on"))
        data.setdefault("note", payload.get("note", ""))
        perform(
            case=case,
            transition=approval.transition_code,
            actor=approval.requested_by,
            data=data,
            approval=approval,
        )
    else:
        try:
            label = procedure_for(case.kind).transition(approval.transition_code).label
        except LookupError:
            label = approval.transition_code
        with official_language():
            title = _("审批退回：%(act)s") % {"act": label}
        add_timeline(
            case=case,
            actor=approval.decided_by,
            kind="approval_returned",
            title=title,
            detail=approval.comment,
            internal=True,
            transition=approval.transition_code,
            approval=approval.pk,
        )


approvals.on_approval_decided(_on_approval_decided)
