"""To-dos (待办): opened by the engine for a role in a unit or for one person, closed when done."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import active_memberships
from medarb.procedure.declaration import Procedure, registered
from medarb.procedure.models import (
    Deadline,
    Flag,
    Task,
    TaskState,
)

STATE_TASK = "state"  # Task.kind of the to-dos the engine opens for a state's waiting roles


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


def assigned_to(user, procedure: Procedure, *, field: str = "pk") -> Q:
    """The cases of `procedure` assigned to `user`, as a condition on `field` (a case id): those
    its declaration names (`assigned_cases`, e.g. the tribunals she sits on) and those with an
    open to-do assigned to her."""
    condition = Q(
        **{f"{field}__in": Task.objects.filter(assignee=user, state=TaskState.OPEN).values("case_id")}
    )
    if procedure.assigned_cases is not None:
        condition |= Q(**{f"{field}__in": procedure.assigned_cases(user)})
    return condition


def tasks_for(user) -> QuerySet[Task]:
    """Open to-dos for the roles the user holds in their units, or assigned to them. A role that
    waits only on its assigned cases (`Procedure.assigned_roles`) sees a state's to-do only on
    those."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    condition = Q(assignee=user)
    for membership in active_memberships(user):
        role_wide = Q(unit_id=membership.unit_id, role=membership.role, assignee__isnull=True)
        for procedure in registered().values():
            if membership.role in procedure.assigned_roles:
                role_wide &= (
                    ~Q(kind=STATE_TASK)
                    | ~Q(case__kind=procedure.kind)
                    | assigned_to(user, procedure, field="case_id")
                )
        condition |= role_wide
    return (
        Task.objects.filter(condition, state=TaskState.OPEN)
        .select_related("case", "unit", "assignee", "deadline")
        .order_by("due_on", "id")
    )
