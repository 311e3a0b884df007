"""Approvals (审批).

Approvals are decided here; what an approval releases (firing the held transition) belongs
to the case layer above, which registers a callback with `on_approval_decided`, because
the procedure app may not import cases. Callbacks run inside the deciding transaction: a
refusal by the transition rolls the decision back too.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships
from medarb.procedure.models import (
    Approval,
    ApprovalKind,
    ApprovalState,
    Flag,
    Task,
    TaskState,
)
from medarb.procedure.todos import open_task

APPROVAL_TASK_KIND = "approval"

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
