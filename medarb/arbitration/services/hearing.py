"""The hearing: scheduling in the hearings app, postponement, opening, mediation statements (Law Arts. 35–42)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    MediationStatement,
    PostponementBy,
    Tribunal,
)
from medarb.arbitration.services.common import today
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import ProcedureError
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.hearings.services import record_sitting_held, reschedule_sitting, schedule_sitting
from medarb.procedure import calendar
from medarb.procedure.rules import rule

# --- hearing --------------------------------------------------------------------------------


def current_hearing(case: Case) -> Sitting | None:
    """The hearing scheduled for the case (the hearings app's sitting), latest first."""
    return (
        Sitting.objects.filter(case=case, kind=SittingKind.HEARING, state=SittingState.SCHEDULED)
        .order_by("-starts_at")
        .first()
    )


def check_hearing_notice(*, hearing_day: date, notice_on: date, waiver_reason: str = "", unit=None) -> None:
    """Law Art. 35: the notice reaches the parties at least five (working) days before, as
    the case's unit counts the period (`unit`: a Unit or the case's `unit_path`)."""
    r = rule("hearing_notice", unit)
    latest = calendar.due_date("hearing_notice", hearing_day, unit)
    if notice_on > latest and not waiver_reason.strip():
        raise ProcedureError(
            _(
                "开庭通知应在开庭%(days)s个%(type)s前送达（%(article)s）；本次开庭的通知最迟应于%(latest)s送达。"
                "当事人同意的，请填写不足期限的理由。"
            )
            % {"days": r.days, "type": r.day_type_label, "article": r.article, "latest": f"{latest:%Y-%m-%d}"}
        )


@transaction.atomic
def schedule_hearing(
    *,
    case: Case,
    actor,
    starts_at: datetime,
    ends_at: datetime,
    room=None,
    on: date | None = None,
    notice_waiver_reason: str = "",
    note: str = "",
    request=None,
) -> Case:
    """Schedule the hearing and notify the parties at least five days before (Law Art. 35)."""
    workflow.check(case=case, transition="schedule_hearing", actor=actor)
    on = on or today()
    check_hearing_notice(
        hearing_day=timezone.localtime(starts_at).date(),
        notice_on=on,
        waiver_reason=notice_waiver_reason,
        unit=case.unit_path,
    )
    tribunal = Tribunal.objects.get(case=case)
    schedule_sitting(
        case=case,
        actor=actor,
        kind=SittingKind.HEARING,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        members=list(tribunal.members.all()),
        clerk=tribunal.clerk,
        notice_waiver_reason=notice_waiver_reason,
        request=request,
    )
    where = str(room) if room is not None else _("远程开庭")
    text = _("开庭时间 %(t)s，%(where)s。") % {
        "t": f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
        "where": where,
    }
    if notice_waiver_reason:
        text += _("不足五日通知：%(r)s。") % {"r": notice_waiver_reason}
    return workflow.fire(
        case=case,
        transition="schedule_hearing",
        actor=actor,
        on=on,
        note=f"{text}{note}",
        data={"starts_at": starts_at, "ends_at": ends_at, "room": room},
        request=request,
    )


@transaction.atomic
def postpone_hearing(
    *,
    case: Case,
    actor,
    requested_by: str,
    new_starts_at: datetime,
    new_ends_at: datetime,
    note: str,
    on: date | None = None,
    request=None,
) -> Case:
    """Postpone the hearing: a party's request must come at least three days before it
    (2017 rules Art. 38); the commission decides."""
    workflow.check(case=case, transition="postpone_hearing", actor=actor)
    on = on or today()
    sitting = current_hearing(case)
    if sitting is not None and requested_by != PostponementBy.TRIBUNAL:
        r = rule("postponement_request", case.unit_path)
        latest = calendar.due_date(
            "postponement_request", timezone.localtime(sitting.starts_at).date(), case.unit_path
        )
        if on > latest:
            raise ProcedureError(
                _("延期开庭申请应在开庭%(days)s个%(type)s前提出（%(article)s），最迟%(latest)s。")
                % {
                    "days": r.days,
                    "type": r.day_type_label,
                    "article": r.article,
                    "latest": f"{latest:%Y-%m-%d}",
                }
            )
    if sitting is not None:
        reschedule_sitting(
            sitting=sitting,
            actor=actor,
            starts_at=new_starts_at,
            ends_at=new_ends_at,
            reason=note,
            request=request,
        )
    text = _("改期至 %(t)s：%(why)s") % {
        "t": f"{timezone.localtime(new_starts_at):%Y-%m-%d %H:%M}",
        "why": note,
    }
    return workflow.fire(
        case=case,
        transition="postpone_hearing",
        actor=actor,
        on=on,
        note=text,
        data={
            "requested_by": requested_by,
            "new_starts_at": new_starts_at,
            "room": getattr(sitting, "room", None) if sitting is not None else None,
        },
        request=request,
    )


@transaction.atomic
def open_hearing(
    *,
    case: Case,
    actor,
    applicant_present: bool,
    respondent_present: bool,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Case:
    """Open the hearing (Law Art. 36): an absent respondent is heard by default; an applicant
    absent without good reason is a deemed withdrawal, a separate act."""
    workflow.check(case=case, transition="open_hearing", actor=actor)
    if not applicant_present:
        raise ProcedureError(
            _("申请人未到庭：无正当理由拒不到庭的，请选择“按撤回处理”；有正当理由的，请“延期开庭”。")
        )
    record_sitting_held(
        sitting=current_hearing(case),
        actor=actor,
        note=note,
        respondent_absent=not respondent_present,
        request=request,
    )
    text = "" if respondent_present else _("被申请人经书面通知无正当理由未到庭，缺席审理。")
    return workflow.fire(
        case=case,
        transition="open_hearing",
        guards_checked=True,  # checked above; the sitting is now recorded as held
        actor=actor,
        on=on,
        note=f"{text}{note}",
        data={
            "applicant_present": True,
            "respondent_present": respondent_present,
            "default": not respondent_present,
        },
        request=request,
    )


def heard_by_default(case: Case) -> bool:
    """The respondent stayed away from a hearing held in the case (Law Art. 36), as the
    hearing's own record says."""
    return Sitting.objects.filter(
        case=case, kind=SittingKind.HEARING, state=SittingState.HELD, respondent_absent=True
    ).exists()


@transaction.atomic
def issue_mediation_statement(
    *,
    case: Case,
    actor,
    terms: str,
    applicant_signed_on: date,
    respondent_signed_on: date,
    amount: Decimal | None = None,
    pay_by: date | None = None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> MediationStatement:
    """A mediation statement, effective when both parties have signed for it (Law Art. 42):
    the case closes on the later signature."""
    workflow.check(case=case, transition="issue_mediation_statement", actor=actor)
    effective = max(applicant_signed_on, respondent_signed_on)
    statement = MediationStatement.objects.create(
        case=case,
        terms=terms.strip(),
        amount=amount,
        pay_by=pay_by,
        applicant_signed_on=applicant_signed_on,
        respondent_signed_on=respondent_signed_on,
        issued_by=actor,
        issued_on=on or today(),
    )
    workflow.fire(
        case=case,
        transition="issue_mediation_statement",
        actor=actor,
        on=effective,
        note=_("调解书经双方签收生效（%(d)s）。%(n)s") % {"d": f"{effective:%Y-%m-%d}", "n": note},
        data={"statement": statement.pk, "amount": amount},
        request=request,
    )
    return statement
