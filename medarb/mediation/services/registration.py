"""Registration and acceptance of a mediation application (DOMAIN.md §3)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases.models import Case, CaseKind, Channel
from medarb.cases.services import CaseInput, allocate_case_number, register_case
from medarb.core.errors import DomainError, ProcedureError
from medarb.mediation import engine
from medarb.mediation.engine import EXTENSION_RULE
from medarb.mediation.models import (
    ExtensionAgreement,
    MediationFile,
    Outcome,
)
from medarb.mediation.services.common import (
    close_file,
    locked_file,
    recount,
    require_write,
)
from medarb.orgs.models import Membership, Role


@dataclass
class OralRecord:
    """The structured record of an oral application (Law Art. 12)."""

    statement: str
    place: str = ""
    recorded_at: datetime | None = None
    confirmed: bool = False


@transaction.atomic
def register_mediation(
    *, actor, data: CaseInput, oral: OralRecord | None = None, mediator=None, request=None
) -> Case:
    """Register a written, oral or online application for mediation (Law Art. 12); the
    15-day limit runs from the organisation's receipt (Law Art. 14)."""
    if data.kind != CaseKind.MEDIATION:
        raise DomainError(_("请选择调解类别。"), field="kind")
    if data.channel == Channel.ORAL:
        if oral is None or not oral.statement.strip():
            raise DomainError(
                _("口头申请须当场记录申请人陈述的纠纷事项、理由和时间。"), field="oral_statement"
            )
        if not oral.confirmed:
            raise DomainError(_("口头申请笔录须经申请人确认。"), field="oral_confirmed")
    # The case core's registration; the file and the clock come with the arrival (open_file).
    case = register_case(actor=actor, data=data, request=request)
    if mediator is not None or oral is not None:
        mfile = locked_file(case)
        mfile.mediator = mediator or mfile.mediator
        if oral is not None:
            mfile.oral_statement = oral.statement.strip()
            mfile.oral_place = oral.place
            mfile.oral_recorded_at = oral.recorded_at or timezone.now()
            mfile.oral_confirmed = oral.confirmed
        mfile.save(
            update_fields=["mediator", "oral_statement", "oral_place", "oral_recorded_at", "oral_confirmed"]
        )
    return case


def open_file(*, case: Case, actor) -> MediationFile:
    """What every mediation case gets when it arrives, whichever door it came in by (window,
    online, referral from a lower level, API): its file at the receiving organisation and the
    15-day limit from receipt (Law Art. 14). `Procedure.on_arrival` of mediation."""
    unit = case.unit
    registers_own_case = Membership.objects.filter(
        user=actor, unit=unit, role=Role.MEDIATOR, is_active=True
    ).exists()
    mfile = MediationFile.objects.create(
        case=case,
        unit=unit,
        unit_path=unit.path,
        level=unit.mediation_level,
        registered_on=case.received_on,
        mediator=actor if registers_own_case else None,
    )
    recount(mfile)
    engine.start_limit(case=case, start=case.received_on)
    return mfile


@transaction.atomic
def accept_mediation(*, case: Case, actor, decided_on: date, mediator=None, request=None) -> Case:
    """Accept the application (人民调解法 Art. 17; 企业规定: both parties agree to mediate) and
    number the case in the unit's mediation series."""
    require_write(actor, case)
    engine.check(case=case, transition="accept", actor=actor)
    if decided_on < case.received_on:
        raise DomainError(_("受理日期不能早于收件日期。"), field="decided_on")
    mfile = locked_file(case)
    if mediator is not None:
        if not Membership.objects.filter(
            user=mediator, unit=case.unit, role=Role.MEDIATOR, is_active=True
        ).exists():
            raise DomainError(_("承办调解员须是本调解组织的调解员。"), field="mediator")
        mfile.mediator = mediator
    mfile.decided_by = actor
    mfile.decided_on = decided_on
    mfile.save(update_fields=["mediator", "decided_by", "decided_on"])
    if not case.accepted_on:
        case.accepted_on = decided_on
        case.save(update_fields=["accepted_on", "updated_at"])
    # Its own number series per unit (CaseNumberFormat of kind mediation, like arbitration's).
    allocate_case_number(case=case, on=decided_on)
    return engine.fire(case=case, transition="accept", actor=actor, on=decided_on, request=request)


@transaction.atomic
def refuse_mediation(*, case: Case, actor, decided_on: date, reason: str, request=None) -> Case:
    """Refuse with a reason, recorded and told to the applicant (人民调解法 Art. 17)."""
    require_write(actor, case)
    engine.check(case=case, transition="refuse", actor=actor)
    if not reason.strip():
        raise DomainError(_("不予受理须说明理由。"), field="reason")
    mfile = locked_file(case)
    mfile.decided_by = actor
    mfile.decided_on = decided_on
    mfile.refusal_reason = reason.strip()
    mfile.save(update_fields=["decided_by", "decided_on", "refusal_reason"])
    close_file(case, Outcome.REFUSED, decided_on, reason.strip())
    return engine.fire(
        case=case, transition="refuse", actor=actor, on=decided_on, note=reason.strip(), request=request
    )


@transaction.atomic
def extend_mediation(
    *,
    case: Case,
    actor,
    days: int,
    applicant_agrees: bool,
    respondent_agrees: bool,
    agreed_on: date,
    note: str = "",
    request=None,
) -> ExtensionAgreement:
    """Extend the 15-day limit, only with both parties' agreement (人社厅发〔2024〕4号)."""
    require_write(actor, case)
    if not (applicant_agrees and respondent_agrees):
        raise ProcedureError(_("延长调解期限须经双方当事人同意。"))
    used = case.mediation_extensions.aggregate(total=Sum("days"))["total"] or 0
    cap = engine.period(EXTENSION_RULE, case).days
    if days < 1 or used + days > cap:
        raise DomainError(
            _("延长期限最多 %(max)s 日（已延长 %(used)s 日）。") % {"max": cap, "used": used},
            field="days",
        )
    extension = ExtensionAgreement.objects.create(
        case=case,
        days=days,
        applicant_agrees=True,
        respondent_agrees=True,
        agreed_on=agreed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    engine.extend_limit(case=case, days=days)
    engine.fire(
        case=case,
        transition="extend",
        actor=actor,
        on=agreed_on,
        note=_("双方同意延长 %(d)s 日。%(n)s") % {"d": days, "n": note.strip()},
        request=request,
    )
    return extension
