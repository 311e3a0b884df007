"""Filing and acceptance: correction, acceptance, refusal, transfer (Law Arts. 28–29)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    RefusalGround,
    choice_label,
)
from medarb.arbitration.services.common import today, track_for
from medarb.cases import services as case_services
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError

# --- filing and acceptance ------------------------------------------------------------------


@transaction.atomic
def request_correction(
    *,
    case: Case,
    actor,
    items: list[str],
    on: date | None = None,
    reply_by: date | None = None,
    note: str = "",
    request=None,
) -> Case:
    """Ask for the missing materials in one notice (2017 rules Art. 46(2)); the acceptance
    clock restarts from the date of correction."""
    workflow.check(case=case, transition="request_correction", actor=actor)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise DomainError(_("请列明需要补正的材料。"), field="items")
    listing = "；".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    detail = _("需补正：%(items)s") % {"items": listing}
    if reply_by:
        detail += _("（请于%(d)s前补正）") % {"d": f"{reply_by:%Y-%m-%d}"}
    if note:
        detail += f" {note}"
    return workflow.fire(
        case=case,
        transition="request_correction",
        actor=actor,
        on=on,
        note=detail,
        data={"items": items, "reply_by": reply_by},
        request=request,
    )


@transaction.atomic
def accept_case(*, case: Case, actor, on: date | None = None, note: str = "", request=None) -> Case:
    """Accept the application (Law Art. 29): number the case and start the 45-day award clock,
    the 5-day service and tribunal clocks. Collective disputes are handled with priority."""
    workflow.check(case=case, transition="accept", actor=actor)
    on = on or today()
    case_services.allocate_case_number(case=case, on=on)
    case.accepted_on = on
    case.save(update_fields=["accepted_on", "updated_at"])
    if case.is_collective:
        track = track_for(case)
        track.priority = True
        track.save(update_fields=["priority"])
    return workflow.fire(case=case, transition="accept", actor=actor, on=on, note=note, request=request)


@transaction.atomic
def refuse_case(
    *, case: Case, actor, ground: str, note: str, on: date | None = None, approval=None, request=None
) -> Case:
    """Refuse the application in writing with reasons (Law Art. 29); the chair approves."""
    data = {"ground": ground, "note": note, "on": on}
    if workflow.defer_for_approval(
        case=case,
        transition="refuse",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data=data,
        request=request,
    ):
        return case
    label = choice_label(RefusalGround, ground)
    return workflow.fire(
        case=case,
        transition="refuse",
        actor=actor,
        on=on,
        note=f"{label}：{note}",
        data={"ground": ground, "reasons": note, "approval": approval},
        request=request,
    )


@transaction.atomic
def transfer_case(
    *, case: Case, actor, to_commission: str, note: str, on: date | None = None, request=None
) -> Case:
    """Transfer to the competent commission (2017 rules Arts. 9–10)."""
    return workflow.fire(
        case=case,
        transition="transfer",
        actor=actor,
        on=on,
        note=_("移送%(to)s：%(why)s") % {"to": to_commission, "why": note},
        data={"to_commission": to_commission},
        request=request,
    )
