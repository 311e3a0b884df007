"""The award: finality, drafting, return, sign-off and service (Law Arts. 43–50)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    Award,
    AwardItem,
    AwardKind,
    AwardState,
    ServiceMethod,
    choice_label,
)
from medarb.arbitration.services.common import today
from medarb.arbitration.services.hearing import heard_by_default
from medarb.cases import workflow
from medarb.cases.models import Case, Claim
from medarb.core.errors import DomainError

# --- award ----------------------------------------------------------------------------------


def determine_finality(case: Case, items: list[tuple[Claim, Decimal | None]], on: date):
    """Per claim, whether the award is final (Law Art. 47), with the reason for the award."""
    from medarb.arbitration.final_award import ClaimItem, determine_for_region

    return determine_for_region(
        # A claim not upheld is decided at nil, which is within the final-award limit.
        [
            ClaimItem(cause=claim.cause, amount=amount or Decimal("0"), label=claim.description)
            for claim, amount in items
        ],
        region_code=case.unit.region_code or "",
        on=on,
    )


@transaction.atomic
def submit_award(
    *,
    case: Case,
    actor,
    findings: str,
    majority_opinion: str,
    items: list[tuple[Claim, Decimal | None]],
    dissent: str = "",
    partial: bool = False,
    advance_enforcement: bool = False,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Award:
    """Draft the award item by item (majority decides, dissent recorded: Law Art. 45) and
    submit it to the chair for sign-off; each item carries whether it is final and why."""
    workflow.check(case=case, transition="submit_award", actor=actor)
    on = on or today()
    claims = {c.pk: c for c in case.claims.all()}
    if not items or any(claim.pk not in claims for claim, _amount in items):
        raise DomainError(_("请逐项填写本案各项请求的裁决结果。"), field="items")
    report = determine_finality(case, items, on)
    kind = {"AWARD_FINAL": AwardKind.FINAL, "AWARD_MIXED": AwardKind.MIXED}.get(
        report.outcome, AwardKind.NON_FINAL
    )
    Award.objects.filter(case=case, state=AwardState.SUBMITTED).update(state=AwardState.DRAFT)
    award = Award.objects.create(
        case=case,
        kind=kind,
        partial=partial,
        advance_enforcement=advance_enforcement,
        is_default=heard_by_default(case),
        findings=findings.strip(),
        majority_opinion=majority_opinion.strip(),
        dissent=dissent.strip(),
        state=AwardState.SUBMITTED,
        drafted_by=actor,
        drafted_at=timezone.now(),
    )
    AwardItem.objects.bulk_create(
        AwardItem(
            award=award,
            claim=claim,
            cause=claim.cause,
            description=claim.description,
            claimed=claim.amount,
            awarded=amount,
            upheld=amount is not None and amount > 0,
            is_final=decision.is_final,
            final_reason=decision.reason[:300],
        )
        for (claim, amount), decision in zip(items, report.decisions, strict=True)
    )
    workflow.fire(
        case=case,
        transition="submit_award",
        actor=actor,
        on=on,
        note=f"{award.get_kind_display()}。{report.summary}{note}",
        data={"award": award.pk, "kind": kind},
        request=request,
    )
    return award


def current_award(case: Case, state: str | None = None) -> Award | None:
    qs = Award.objects.filter(case=case)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-id").first()


@transaction.atomic
def return_award(*, case: Case, actor, note: str, on: date | None = None, request=None) -> Case:
    """The chair returns the draft award with comments."""
    workflow.check(case=case, transition="return_award", actor=actor)
    Award.objects.filter(case=case, state=AwardState.SUBMITTED).update(state=AwardState.DRAFT)
    return workflow.fire(
        case=case,
        guards_checked=True,
        transition="return_award",
        actor=actor,
        on=on,
        note=note,
        request=request,
    )


@transaction.atomic
def sign_off_award(*, case: Case, actor, on: date | None = None, note: str = "", request=None) -> Award:
    """The chair signs off the award (签发, Law Art. 46)."""
    workflow.check(case=case, transition="sign_off_award", actor=actor)
    award = current_award(case, AwardState.SUBMITTED)
    award.state, award.signed_off_by, award.signed_off_at = AwardState.SIGNED_OFF, actor, timezone.now()
    award.save(update_fields=["state", "signed_off_by", "signed_off_at"])
    workflow.fire(
        case=case,
        transition="sign_off_award",
        guards_checked=True,
        actor=actor,
        on=on,
        note=note,
        data={"award": award.pk},
        request=request,
    )
    return award


@transaction.atomic
def serve_award(*, case: Case, actor, on: date, method: str, note: str = "", request=None) -> Award:
    """The award is served on the parties and the case closes (Law Arts. 47–50)."""
    workflow.check(case=case, transition="serve_award", actor=actor)
    award = current_award(case, AwardState.SIGNED_OFF)
    award.state, award.served_on = AwardState.SERVED, on
    award.save(update_fields=["state", "served_on"])
    close_reason = {AwardKind.FINAL: "award_final", AwardKind.MIXED: "award_mixed"}.get(
        award.kind, "award_nonfinal"
    )
    how = choice_label(ServiceMethod, method)
    workflow.fire(
        case=case,
        transition="serve_award",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{how}。{note}".strip(),
        data={"award": award.pk, "method": method, "close_reason": close_reason},
        request=request,
    )
    # Closing stopped every clock; the periods to challenge the award run from service.
    from medarb.arbitration.papers import restart_award_clocks

    restart_award_clocks(case=case, on=on)
    return award
