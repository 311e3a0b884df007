"""Test support: cases with issued awards, indexed for retrieval."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from medarb.arbitration.models import Award, AwardItem, AwardState
from medarb.cases.models import Case, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, register_case
from medarb.publication import feed
from medarb.testing import EMPLOYER_USCC, WORKER_ID


def case_with_award(
    *,
    actor,
    unit,
    cause: str = "wages.unpaid",
    claims: list[tuple[str, bool]] = (("支付拖欠工资", True),),
    facts: str = "用人单位拖欠工资。",
    findings: str = "申请人在被申请人处工作。",
    reasoning: str = "被申请人应当支付。",
    kind: str = "non_final",
    signed_off: date = date(2025, 6, 1),
    worker: str = "张三",
    worker_address: str = "",
    employer: str = "某电子有限公司",
    issued: bool = True,
    case_kind: str = "arbitration",
) -> Case:
    """An arbitration case with one award (signed off on `signed_off` unless `issued` is False), indexed.
    `claims` are (description, upheld) pairs."""
    case = register_case(
        actor=actor,
        data=CaseInput(
            kind=case_kind,
            unit=unit,
            received_on=signed_off,
            primary_cause=cause,
            facts=facts,
            parties=[
                PartyInput(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.WORKER,
                    name=worker,
                    id_number=WORKER_ID,
                    phone="13800138000",
                    address=worker_address,
                ),
                PartyInput(
                    side=PartySide.RESPONDENT,
                    kind=PartyKind.EMPLOYER,
                    name=employer,
                    is_organisation=True,
                    uscc=EMPLOYER_USCC,
                    legal_representative="王老板",
                ),
            ],
            claims=[ClaimInput(cause=cause, description=d, amount=Decimal("1000")) for d, _up in claims],
        ),
    )
    if case_kind != "arbitration":  # a mediation case: its record only
        feed.index_case(case.pk)
        return case
    award = Award.objects.create(
        case=case,
        kind=kind,
        findings=findings,
        majority_opinion=reasoning,
        state=AwardState.SIGNED_OFF if issued else AwardState.SUBMITTED,
        drafted_by=actor,
        drafted_at=timezone.now(),
        signed_off_at=timezone.make_aware(datetime(signed_off.year, signed_off.month, signed_off.day, 10))
        if issued
        else None,
    )
    for claim, (_description, upheld) in zip(case.claims.order_by("position", "id"), claims, strict=True):
        AwardItem.objects.create(
            award=award,
            claim=claim,
            cause=claim.cause,
            description=claim.description,
            claimed=claim.amount,
            awarded=claim.amount if upheld else None,
            upheld=upheld,
            is_final=kind == "final",
            final_reason="",
        )
    feed.index_case(case.pk)
    return case
