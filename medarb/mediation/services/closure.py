"""Failure and withdrawal of a mediation."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.cases.models import Case
from medarb.core.errors import DomainError
from medarb.mediation import engine
from medarb.mediation.models import (
    AgreementStatus,
    Outcome,
)
from medarb.mediation.selectors import current_agreement
from medarb.mediation.services.common import close_file, require_write


@transaction.atomic
def fail_mediation(*, case: Case, actor, on: date, reason: str, request=None) -> Case:
    """Record that mediation failed, with the reason; the parties may arbitrate (人民调解法 26)."""
    require_write(actor, case)
    if not reason.strip():
        raise DomainError(_("请说明调解不成的原因。"), field="reason")
    agreement = current_agreement(case)
    if agreement is not None and agreement.status == AgreementStatus.SIGNING:
        agreement.status = AgreementStatus.VOID
        agreement.save(update_fields=["status"])
    close_file(case, Outcome.FAILED, on, reason.strip())
    return engine.fire(case=case, transition="fail", actor=actor, on=on, note=reason.strip(), request=request)


@transaction.atomic
def withdraw_mediation(*, case: Case, actor, on: date, reason: str = "", request=None) -> Case:
    """The applicant withdraws (a party may end the mediation: 人民调解法 Art. 23)."""
    require_write(actor, case)
    close_file(case, Outcome.WITHDRAWN, on, reason.strip())
    return engine.fire(
        case=case, transition="withdraw", actor=actor, on=on, note=reason.strip(), request=request
    )
