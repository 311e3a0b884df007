"""Service on the respondent, counterclaims, changed claims and added parties (Law Arts. 30, 31)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    Counterclaim,
    CounterclaimDecision,
    ServiceMethod,
    choice_label,
)
from medarb.arbitration.services.common import (
    today,
)
from medarb.cases import services as case_services
from medarb.cases import workflow
from medarb.cases.models import Case, Claim
from medarb.core.errors import DomainError, ProcedureError
from medarb.procedure import clocks

# --- service, defence, tribunal -------------------------------------------------------------


@transaction.atomic
def serve_respondent(*, case: Case, actor, on: date, method: str, note: str = "", request=None) -> Case:
    """The application copy reached the respondent (Law Art. 30): the 10-day defence period
    runs from that date."""
    how = choice_label(ServiceMethod, method)
    return workflow.fire(
        case=case,
        transition="serve_respondent",
        actor=actor,
        on=on,
        note=_("%(how)s。%(note)s") % {"how": how, "note": note},
        data={"method": method},
        request=request,
    )


@transaction.atomic
def file_counterclaim(
    *,
    case: Case,
    actor,
    description: str,
    amount: Decimal | None = None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Counterclaim:
    """Register a counterclaim filed within the defence period (2017 rules Art. 36)."""
    workflow.check(case=case, transition="file_counterclaim", actor=actor)
    counterclaim = Counterclaim.objects.create(
        case=case, description=description.strip(), amount=amount, filed_on=on or today()
    )
    workflow.fire(
        case=case,
        transition="file_counterclaim",
        actor=actor,
        on=on,
        note=description.strip(),
        data={"counterclaim": counterclaim.pk, "amount": amount},
        request=request,
    )
    return counterclaim


@transaction.atomic
def decide_counterclaim(
    *,
    case: Case,
    actor,
    counterclaim: Counterclaim,
    decision: str,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Counterclaim:
    """Accept (and merge), accept as a separate case, or refuse a counterclaim; a merged
    counterclaim restarts the award clock from its acceptance (Art. 46(4))."""
    workflow.check(case=case, transition="decide_counterclaim", actor=actor)
    on = on or today()
    if counterclaim.case_id != case.pk or counterclaim.decision != CounterclaimDecision.PENDING:
        raise ProcedureError(_("该反申请不属于本案或已审查。"))
    if decision not in CounterclaimDecision.values or decision == CounterclaimDecision.PENDING:
        raise DomainError(_("请选择审查结果。"), field="decision")
    if decision == CounterclaimDecision.NOT_ACCEPTED and not note.strip():
        raise DomainError(_("不予受理反申请的，请写明理由。"), field="note")
    counterclaim.decision, counterclaim.decided_on, counterclaim.reason = decision, on, note.strip()
    counterclaim.save(update_fields=["decision", "decided_on", "reason"])
    workflow.fire(
        case=case,
        transition="decide_counterclaim",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{counterclaim.get_decision_display()}。{note}".strip(),
        data={"counterclaim": counterclaim.pk, "decision": decision},
        request=request,
    )
    if decision == CounterclaimDecision.MERGED:
        clocks.start_deadline(case=case, rule_code="award", start=on)
    return counterclaim


@transaction.atomic
def change_claims(
    *,
    case: Case,
    actor,
    cause: str,
    description: str,
    amount: Decimal | None = None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Claim:
    """Add or change a claim before the evidence period ends: the award clock restarts from
    the acceptance of the change and the respondent gets a new defence period (Art. 46(3))."""
    workflow.check(case=case, transition="change_claims", actor=actor)
    on = on or today()
    claim = case_services.add_claim(
        actor=actor,
        case=case,
        data=case_services.ClaimInput(cause=cause, description=description, amount=amount),
        request=request,
    )
    served = case.status in ("defence_period", "evidence_period")
    workflow.fire(
        case=case,
        transition="change_claims",
        actor=actor,
        on=on,
        note=f"{claim.description}。{note}".strip(),
        data={"claim": claim.pk},
        request=request,
    )
    if served:
        clocks.start_deadline(case=case, rule_code="defence", start=on)
    return claim


@transaction.atomic
def add_party(
    *,
    case: Case,
    actor,
    side: str,
    kind: str,
    name: str,
    is_organisation: bool = False,
    id_number: str = "",
    uscc: str = "",
    phone: str = "",
    address: str = "",
    industry: str = "",
    employer_type: str = "",
    on: date | None = None,
    note: str = "",
    request=None,
):
    """Add a party or third party: the award clock restarts from the decision (Art. 46(1))."""
    workflow.check(case=case, transition="add_party", actor=actor)
    party = case_services.add_party(
        actor=actor,
        case=case,
        request=request,
        data=case_services.PartyInput(
            side=side,
            kind=kind,
            name=name,
            is_organisation=is_organisation,
            id_number=id_number,
            uscc=uscc,
            phone=phone,
            address=address,
            industry=industry,
            employer_type=employer_type,
        ),
    )
    workflow.fire(
        case=case,
        transition="add_party",
        actor=actor,
        on=on,
        note=f"{party.name}。{note}".strip(),
        data={"party": party.pk},
        request=request,
    )
    return party
