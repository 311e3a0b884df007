"""Queries for the procedure panel and the workflow API."""

from django.utils import timezone

from medarb.cases import policy
from medarb.cases.models import Case
from medarb.cases.workflow import available_actions
from medarb.procedure import clocks
from medarb.procedure.approvals import may_decide
from medarb.procedure.declaration import procedure_for
from medarb.procedure.diagram import render_svg
from medarb.procedure.models import Approval, ApprovalState, Task, TaskState


def workflow_state(*, user, case: Case) -> dict:
    """State, the actions the user may fire, and the running deadlines (page and API)."""
    try:
        procedure = procedure_for(case.kind)
    except LookupError:
        return {}
    return {
        "procedure": procedure,
        "state": procedure.states.get(case.status),
        "actions": available_actions(case=case, user=user),
        "deadlines": clocks.deadlines_for(case, today=timezone.localdate()),
    }


def workflow_panel(*, user, case: Case, can_write: bool) -> dict | None:
    data = workflow_state(user=user, case=case)
    if not data:
        return None
    staff = policy.is_staff(user)
    approvals = []
    if staff:
        approvals = [
            {"approval": a, "may_decide": may_decide(user, a)}
            for a in Approval.objects.filter(case=case, state=ApprovalState.PENDING).select_related(
                "requested_by"
            )
        ]
    tribunal = None
    if case.kind == "arbitration":
        from medarb.arbitration.models import Tribunal

        tribunal = Tribunal.objects.filter(case=case).select_related("presiding", "clerk").first()
    return {
        **data,
        "case": case,
        "can_write": can_write,
        "staff": staff,
        "diagram": render_svg(data["procedure"], current=case.status),
        "tasks": list(Task.objects.filter(case=case, state=TaskState.OPEN).order_by("due_on", "id"))
        if staff
        else [],
        "approvals": approvals,
        "tribunal": tribunal,
        "tribunal_members": list(tribunal.members.all()) if tribunal else [],
    }


def award_review(case: Case) -> dict | None:
    """What the chair reads before she signs off or returns an award: the draft on her desk,
    line by line, and its PDF as it will be issued (the act page shows it above the form)."""
    from django.urls import reverse

    from medarb.arbitration.models import Award, AwardState

    award = Award.objects.filter(case=case, state=AwardState.SUBMITTED).order_by("-id").first()
    if award is None:
        return None
    return {
        "template": "arbitration/_award_review.html",
        "award": award,
        # Amounts as the award prints them (`papers._award_text`): 15,000.00.
        "items": [
            {
                "item": item,
                "claimed": f"{item.claimed:,.2f}" if item.claimed is not None else "",
                "awarded": f"{item.awarded:,.2f}" if item.awarded else "",
            }
            for item in award.items.order_by("id")
        ],
        "preview_url": reverse("workflow:award_preview", args=[case.pk]),
    }
