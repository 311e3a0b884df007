"""Acts across the procedure: suspension, resumption, extension, the simplified track (2017 rules)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    SimplifiedGround,
    Suspension,
    choice_label,
)
from medarb.arbitration.services.common import (
    today,
    track_for,
)
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.procedure import clocks

# --- across the procedure -------------------------------------------------------------------


@transaction.atomic
def suspend_case(
    *, case: Case, actor, ground: str, on: date | None = None, note: str = "", approval=None, request=None
) -> Case:
    """Suspend the proceedings (2017 rules Art. 47); the chair approves; clocks pause."""
    if workflow.defer_for_approval(
        case=case,
        transition="suspend",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"ground": ground, "on": on, "note": note},
        request=request,
    ):
        return case
    on = on or today()
    suspension = Suspension.objects.create(case=case, ground=ground, detail=note.strip(), started_on=on)
    return workflow.fire(
        case=case,
        transition="suspend",
        actor=actor,
        on=on,
        note=f"{suspension.get_ground_display()}。{note}".strip(),
        data={"ground": ground, "approval": approval},
        request=request,
    )


@transaction.atomic
def resume_case(
    *, case: Case, actor, on: date | None = None, note: str = "", approval=None, request=None
) -> Case:
    """Resume after suspension: the clocks get back the days that were left."""
    if workflow.defer_for_approval(
        case=case,
        transition="resume",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"on": on, "note": note},
        request=request,
    ):
        return case
    on = on or today()
    Suspension.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    return workflow.fire(
        case=case,
        transition="resume",
        actor=actor,
        on=on,
        note=note,
        data={"approval": approval},
        request=request,
    )


@transaction.atomic
def extend_time_limit(
    *, case: Case, actor, days: int, note: str, on: date | None = None, approval=None, request=None
) -> Case:
    """Extend the award time limit by at most 15 days with the chair's approval (Law Art. 43)."""
    if workflow.defer_for_approval(
        case=case,
        transition="extend",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"days": days, "on": on, "note": note},
        request=request,
    ):
        return case
    deadline = clocks.extend_deadline(case=case, rule_code="award", days=days)
    return workflow.fire(
        case=case,
        transition="extend",
        actor=actor,
        on=on,
        note=_("延长%(days)s日，审理期限至%(due)s。%(why)s")
        % {"days": days, "due": f"{deadline.due_on:%Y-%m-%d}", "why": note},
        data={"days": days, "approval": approval},
        request=request,
    )


@transaction.atomic
def apply_simplified(
    *, case: Case, actor, ground: str, on: date | None = None, note: str = "", request=None
) -> Case:
    """Handle the case by the simplified procedure (2017 rules Arts. 56–61)."""
    workflow.check(case=case, transition="apply_simplified", actor=actor)
    track = track_for(case)
    track.simplified, track.simplified_ground = True, ground
    track.save(update_fields=["simplified", "simplified_ground"])
    return workflow.fire(
        case=case,
        transition="apply_simplified",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{choice_label(SimplifiedGround, ground)}。{note}".strip(),
        data={"ground": ground},
        request=request,
    )


@transaction.atomic
def convert_to_ordinary(*, case: Case, actor, note: str, on: date | None = None, request=None) -> Case:
    """Back to the ordinary procedure; the time limit still counts from acceptance (Art. 61)."""
    workflow.check(case=case, transition="convert_to_ordinary", actor=actor)
    track = track_for(case)
    track.simplified = False
    track.save(update_fields=["simplified"])
    return workflow.fire(
        case=case,
        transition="convert_to_ordinary",
        actor=actor,
        on=on,
        note=note,
        request=request,
        guards_checked=True,
    )
