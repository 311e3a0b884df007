"""To-dos (待办), approvals (审批) and the daily deadline sweep.

Approvals are decided here; what an approval releases (firing the held transition) belongs
to the case layer above, which registers a callback with `on_approval_decided`, because
the procedure app may not import cases. Callbacks run inside the deciding transaction: a
refusal by the transition rolls the decision back too.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships
from medarb.procedure.calendar import add_period
from medarb.procedure.models import (
    Approval,
    ApprovalKind,
    ApprovalState,
    Deadline,
    DeadlineState,
    Flag,
    Task,
    TaskState,
)
from medarb.procedure.rules import DayType

log = logging.getLogger(__name__)

# Working days ahead within which a to-do or clock counts as "due soon".
DUE_SOON_WORKING_DAYS = 3
APPROVAL_TASK_KIND = "approval"


# --- to-dos -----------------------------------------------------------------------------


@transaction.atomic
def open_task(
    *,
    case,
    unit: Unit,
    role: str,
    kind: str,
    title: str,
    due_on: date | None = None,
    assignee=None,
    deadline: Deadline | None = None,
) -> Task:
    """Put a to-do on the list of `role` in `unit` (or of one `assignee`).

    With `deadline`, the to-do follows that clock: its due date moves with pauses and
    extensions, and `due_on` defaults to the clock's due date.
    """
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if due_on is None and deadline is not None:
        due_on = deadline.due_on
    return Task.objects.create(
        case=case,
        unit=unit,
        role=role,
        kind=kind,
        title=title,
        due_on=due_on,
        assignee=assignee,
        deadline=deadline,
    )


@transaction.atomic
def close_tasks(*, case, kinds: Iterable[str] | None = None, cancel: bool = False) -> int:
    """Mark the case's open to-dos (of `kinds`, or all) done, or cancelled; returns the count."""
    qs = Task.objects.filter(case=case, state=TaskState.OPEN)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.update(
        state=TaskState.CANCELLED if cancel else TaskState.DONE, done_at=timezone.now(), flag=Flag.NONE
    )


def tasks_for(user) -> QuerySet[Task]:
    """Open to-dos for the roles the user holds in their units, or assigned to them."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    condition = Q(assignee=user)
    for membership in active_memberships(user):
        condition |= Q(unit_id=membership.unit_id, role=membership.role, assignee__isnull=True)
    return (
        Task.objects.filter(condition, state=TaskState.OPEN)
        .select_related("case", "unit", "assignee")
        .order_by("due_on", "id")
    )


# --- approvals --------------------------------------------------------------------------

ApprovalCallback = Callable[..., None]
_callbacks: list[ApprovalCallback] = []


def on_approval_decided(callback: ApprovalCallback) -> ApprovalCallback:
    """Register `callback(approval=..., actor=...)`, called after every decision (usable as a decorator)."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


@transaction.atomic
def request_approval(
    *,
    case,
    unit: Unit,
    kind: str,
    transition_code: str,
    requested_by,
    payload: dict,
    approver_role: str = Role.CHAIR,
) -> Approval:
    """Ask the chair (主任) to approve an act (Law 43 extension, Art. 45, 47 …); opens the chair's to-do."""
    if kind not in ApprovalKind.values:
        raise DomainError("审批事项类型不正确。", field="kind")
    if Approval.objects.filter(
        case=case, transition_code=transition_code, state=ApprovalState.PENDING
    ).exists():
        raise ProcedureError("该事项已有待审批的申请，请等待审批结果。")
    label = ApprovalKind(kind).label
    task = open_task(
        case=case, unit=unit, role=approver_role, kind=APPROVAL_TASK_KIND, title=f"审批：{label}"
    )
    approval = Approval.objects.create(
        case=case,
        unit=unit,
        kind=kind,
        transition_code=transition_code,
        payload=payload,
        requested_by=requested_by,
        requested_at=timezone.now(),
        approver_role=approver_role,
        task=task,
    )
    record(
        actor=requested_by,
        action=AuditAction.CREATE,
        obj=approval,
        case_id=case.pk,
        summary=f"提请审批：{label}",
        data={"transition": transition_code, "payload": payload},
    )
    return approval


def may_decide(user, approval: Approval) -> bool:
    return Membership.objects.filter(
        user=user, unit_id=approval.unit_id, role=approval.approver_role, is_active=True
    ).exists()


@transaction.atomic
def decide_approval(*, approval: Approval, actor, approve: bool, comment: str) -> Approval:
    """The chair approves or returns a request, with comments; then the registered hooks run."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if not may_decide(actor, approval):
        raise NotAllowed(f"只有本单位的{Role(approval.approver_role).label}可以审批此事项。")
    if approval.state != ApprovalState.PENDING:
        raise ProcedureError("该申请已审批，不能重复审批。")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise DomainError("退回时请填写审批意见。", field="comment")
    approval.state = ApprovalState.APPROVED if approve else ApprovalState.RETURNED
    approval.decided_by, approval.decided_at, approval.comment = actor, timezone.now(), comment
    approval.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    if approval.task_id:
        Task.objects.filter(pk=approval.task_id, state=TaskState.OPEN).update(
            state=TaskState.DONE, done_at=approval.decided_at, flag=Flag.NONE
        )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=approval,
        case_id=approval.case_id,
        summary=f"{approval.get_kind_display()}：{approval.get_state_display()}",
        data={"comment": comment, "transition": approval.transition_code},
    )
    for callback in list(_callbacks):
        callback(approval=approval, actor=actor)
    return approval


def pending_approvals(user) -> QuerySet[Approval]:
    """Pending requests the user may decide."""
    units = [m.unit_id for m in active_memberships(user)]
    roles = {m.role for m in active_memberships(user)}
    return (
        Approval.objects.filter(state=ApprovalState.PENDING, unit_id__in=units, approver_role__in=roles)
        .select_related("case", "requested_by")
        .order_by("requested_at")
    )


# --- the sweep --------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    today: date
    due_soon_until: date
    deadlines_due_soon: int
    deadlines_overdue: int
    tasks_due_soon: int
    tasks_overdue: int
    cleared: int


def _flag(qs: QuerySet, flag: str) -> int:
    """Set `flag` on the rows of qs that do not carry it yet; one UPDATE."""
    return qs.exclude(flag=flag).update(flag=flag)


@transaction.atomic
def sweep_deadlines(*, today: date) -> SweepResult:
    """Flag running clocks and open to-dos due within 3 working days, and overdue ones.

    Set-based: a few UPDATE statements whatever the number of cases. Counts are the rows
    that carry each flag after the sweep.
    """
    soon = add_period(today, DUE_SOON_WORKING_DAYS, DayType.WORKING)
    running = Deadline.objects.filter(state=DeadlineState.RUNNING)
    cleared = _flag(Deadline.objects.exclude(state=DeadlineState.RUNNING), Flag.NONE)
    cleared += _flag(running.filter(Q(due_on__gt=soon) | Q(due_on__isnull=True)), Flag.NONE)
    _flag(running.filter(due_on__lt=today), Flag.OVERDUE)
    _flag(running.filter(due_on__gte=today, due_on__lte=soon), Flag.DUE_SOON)

    open_tasks = Task.objects.filter(state=TaskState.OPEN)
    # A to-do tied to a paused clock waits with it.
    waiting = open_tasks.filter(deadline__state=DeadlineState.PAUSED)
    live = open_tasks.exclude(deadline__state=DeadlineState.PAUSED)
    cleared += _flag(Task.objects.exclude(state=TaskState.OPEN), Flag.NONE)
    cleared += _flag(waiting, Flag.NONE)
    cleared += _flag(live.filter(Q(due_on__gt=soon) | Q(due_on__isnull=True)), Flag.NONE)
    _flag(live.filter(due_on__lt=today), Flag.OVERDUE)
    _flag(live.filter(due_on__gte=today, due_on__lte=soon), Flag.DUE_SOON)

    return SweepResult(
        today=today,
        due_soon_until=soon,
        deadlines_due_soon=running.filter(flag=Flag.DUE_SOON).count(),
        deadlines_overdue=running.filter(flag=Flag.OVERDUE).count(),
        tasks_due_soon=open_tasks.filter(flag=Flag.DUE_SOON).count(),
        tasks_overdue=open_tasks.filter(flag=Flag.OVERDUE).count(),
        cleared=cleared,
    )


# Huey's scheduler runs on UTC: 22:00 UTC is 06:00 in Asia/Shanghai.
@db_periodic_task(crontab(hour="22", minute="0"))
def sweep_deadlines_daily() -> None:
    result = sweep_deadlines(today=timezone.localdate())
    log.info("deadline sweep %s", result)
