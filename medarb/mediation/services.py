"""The legal acts of mediation (DOMAIN.md §3): registration, acceptance, sessions, the
agreement and its signatures, failure, withdrawal, performance, referral between levels,
guidance requests, handover to arbitration and the routes that follow an agreement.

Each act validates, records, and changes the case's state only through the engine
(`medarb.mediation.engine.fire`), in one transaction.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case, CaseKind, Channel, Claim, Party, PartySide, ShareAccess, ShareReason
from medarb.cases.services import CaseInput, add_timeline, register_case, revoke_share, share_case
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.files import sniff, store_bytes
from medarb.documents import signature_pad
from medarb.mediation import engine
from medarb.mediation.models import (
    Agreement,
    AgreementSignature,
    AgreementStatus,
    AgreementTerm,
    CaseLink,
    CaucusNote,
    ExtensionAgreement,
    FollowUpRoute,
    LinkKind,
    Material,
    MediationFile,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
    RouteKind,
    RouteResult,
    Session,
    SessionOutcome,
    SessionStatus,
    SignerRole,
)
from medarb.mediation.scope import SCOPE_ITEMS, material_item
from medarb.mediation.selectors import current_agreement
from medarb.orgs.models import Membership, Role, Room, Unit, UnitKind
from medarb.orgs.selectors import active_memberships

MAX_EXTENSION_DAYS = 15  # 人社厅发〔2024〕4号: extendable once by at most 15 days
REVIEW_DAYS = 15  # Art. 74: joint application for arbitral review within 15 days of effect
CONFIRMATION_DAYS = 30  # 人民调解法 Art. 33: judicial confirmation within 30 days
PAYMENT_ORDER_CAUSES = ("wages.", "social_insurance.work_injury", "termination.")
SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MIN_BYTES = 200  # an empty canvas exported as PNG is smaller than any real stroke


# --- who decides --------------------------------------------------------------------


def is_unit_head(user, unit: Unit) -> bool:
    """The head of a mediation organisation: its chair; a unit without a chair lets its
    mediators decide (the mediator in charge)."""
    roles = {m.role for m in active_memberships(user) if m.unit_id == unit.pk}
    if Role.CHAIR in roles:
        return True
    has_chair = Membership.objects.filter(unit=unit, role=Role.CHAIR, is_active=True).exists()
    return not has_chair and Role.MEDIATOR in roles


def _require_head(actor, case: Case) -> None:
    if not is_unit_head(actor, case.unit):
        raise NotAllowed(_("受理、不予受理、移送和协议签章由调解组织负责人决定。"))


def _require_write(actor, case: Case) -> None:
    if case.kind != CaseKind.MEDIATION:
        raise DomainError(_("这不是调解案件。"))
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您对该案件只有查阅权限。"))


def _file(case: Case) -> MediationFile:
    return MediationFile.objects.select_for_update().get(case=case)


def _close_file(case: Case, outcome: str, on: date, reason: str = "") -> None:
    mfile = _file(case)
    mfile.outcome = outcome
    mfile.outcome_on = on
    mfile.outcome_reason = reason
    mfile.duration_days = max((on - mfile.registered_on).days, 0)
    mfile.save(update_fields=["outcome", "outcome_on", "outcome_reason", "duration_days"])
    _recount(mfile)


def _recount(mfile: MediationFile) -> None:
    """Keep the statistics rollup of the file's unit and registration day current."""
    from medarb.mediation.stats import refresh_day

    refresh_day(unit_id=mfile.unit_id, day=mfile.registered_on)


# --- registration -------------------------------------------------------------------


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
    case = register_case(actor=actor, data=data, request=request)
    unit = case.unit
    mfile = MediationFile.objects.create(
        case=case,
        unit=unit,
        unit_path=unit.path,
        level=unit.mediation_level,
        registered_on=case.received_on,
        mediator=mediator
        or (actor if any(m.role == Role.MEDIATOR for m in active_memberships(actor)) else None),
        oral_statement=oral.statement.strip() if oral else "",
        oral_place=oral.place if oral else "",
        oral_recorded_at=(oral.recorded_at or timezone.now()) if oral else None,
        oral_confirmed=bool(oral and oral.confirmed),
    )
    _recount(mfile)
    engine.start_limit(case=case, start=case.received_on)
    return case


@transaction.atomic
def accept_mediation(*, case: Case, actor, decided_on: date, mediator=None, request=None) -> Case:
    """Accept the application (人民调解法 Art. 17; 企业规定: both parties agree to mediate)."""
    _require_write(actor, case)
    _require_head(actor, case)
    if decided_on < case.received_on:
        raise DomainError(_("受理日期不能早于收件日期。"), field="decided_on")
    mfile = _file(case)
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
    return engine.fire(case=case, transition="accept", actor=actor, on=decided_on, request=request)


@transaction.atomic
def refuse_mediation(*, case: Case, actor, decided_on: date, reason: str, request=None) -> Case:
    """Refuse with a reason, recorded and told to the applicant (人民调解法 Art. 17)."""
    _require_write(actor, case)
    _require_head(actor, case)
    if not reason.strip():
        raise DomainError(_("不予受理须说明理由。"), field="reason")
    mfile = _file(case)
    mfile.decided_by = actor
    mfile.decided_on = decided_on
    mfile.refusal_reason = reason.strip()
    mfile.save(update_fields=["decided_by", "decided_on", "refusal_reason"])
    _close_file(case, Outcome.REFUSED, decided_on, reason.strip())
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
    _require_write(actor, case)
    if not (applicant_agrees and respondent_agrees):
        raise ProcedureError(_("延长调解期限须经双方当事人同意。"))
    used = case.mediation_extensions.aggregate(total=Sum("days"))["total"] or 0
    if days < 1 or used + days > MAX_EXTENSION_DAYS:
        raise DomainError(
            _("延长期限最多 %(max)s 日（已延长 %(used)s 日）。") % {"max": MAX_EXTENSION_DAYS, "used": used},
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


# --- sessions -----------------------------------------------------------------------


@transaction.atomic
def schedule_session(
    *,
    case: Case,
    actor,
    starts_at: datetime,
    minutes: int = 60,
    room: Room | None = None,
    place: str = "",
    mediator=None,
    request=None,
) -> Session:
    """Schedule a mediation session in the unit's room (人民调解法 Arts. 19–22)."""
    _require_write(actor, case)
    if case.status not in ("accepted", "in_session"):
        raise ProcedureError(_("当前状态为“%(s)s”，不能安排调解。") % {"s": case.status_label})
    if room is None and not place.strip():
        raise DomainError(_("请选择调解室或填写地点。"), field="room")
    if not 15 <= minutes <= 480:
        raise DomainError(_("时长应在 15 至 480 分钟之间。"), field="minutes")
    mediator = mediator or actor
    # The shared scheduler refuses clashes of room, mediator or party with hearings and
    # other sessions, naming the clashing entry.
    from medarb.hearings.models import SittingKind
    from medarb.hearings.services import schedule_sitting

    sitting = schedule_sitting(
        case=case,
        actor=actor,
        kind=SittingKind.MEDIATION_SESSION,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        members=[mediator],
        is_public=False,
        notes=place.strip(),
        request=request,
    )
    seq = (Session.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    session = Session.objects.create(
        case=case,
        seq=seq,
        starts_at=starts_at,
        minutes=minutes,
        room=room,
        place=place.strip(),
        mediator=mediator,
        sitting_id=sitting.pk,
    )
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    where = room.name if room else place.strip()
    if case.status == "accepted":
        engine.fire(
            case=case, transition="open_session", actor=actor, note=f"{when} {where}", request=request
        )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=session,
        case_id=case.pk,
        summary="schedule_session",
        request=request,
    )
    return session


@transaction.atomic
def record_session(
    *,
    session: Session,
    actor,
    attendees: list[Party],
    other_attendees: str = "",
    applicant_position: str,
    respondent_position: str,
    proposals: str = "",
    outcome: str,
    outcome_note: str = "",
    request=None,
) -> Session:
    """The session record: who attended, each side's position, proposals, outcome."""
    case = session.case
    _require_write(actor, case)
    if session.status == SessionStatus.CANCELLED:
        raise ProcedureError(_("该次调解已取消。"))
    if outcome not in SessionOutcome.values:
        raise DomainError(_("请选择本次调解的结果。"), field="outcome")
    if not applicant_position.strip() and not respondent_position.strip():
        raise DomainError(_("请记录双方的意见。"), field="applicant_position")
    if any(p.case_id != case.pk for p in attendees):
        raise DomainError(_("到场人员须是本案当事人。"), field="attendees")
    session.status = SessionStatus.HELD
    session.other_attendees = other_attendees.strip()
    session.applicant_position = applicant_position.strip()
    session.respondent_position = respondent_position.strip()
    session.proposals = proposals.strip()
    session.outcome = outcome
    session.outcome_note = outcome_note.strip()
    session.recorded_by = actor
    session.recorded_at = timezone.now()
    session.save(
        update_fields=[
            "status",
            "other_attendees",
            "applicant_position",
            "respondent_position",
            "proposals",
            "outcome",
            "outcome_note",
            "recorded_by",
            "recorded_at",
        ]
    )
    session.attendees.set(attendees)
    _mark_sitting_held(session, actor=actor, request=request)
    add_timeline(
        case=case,
        actor=actor,
        kind="mediation_session_record",
        title=_("第%(n)s次调解笔录：%(o)s") % {"n": session.seq, "o": session.get_outcome_display()},
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=session,
        case_id=case.pk,
        summary="record_session",
        request=request,
    )
    return session


def _mark_sitting_held(session: Session, *, actor, request) -> None:
    from medarb.hearings.models import Sitting, SittingState
    from medarb.hearings.services import record_sitting_held

    sitting = Sitting.objects.filter(pk=session.sitting_id, state=SittingState.SCHEDULED).first()
    if sitting is not None and sitting.starts_at <= timezone.now():
        record_sitting_held(sitting=sitting, actor=actor, request=request)


@transaction.atomic
def add_caucus_note(
    *, case: Case, actor, side: str, text: str, session: Session | None = None, request=None
) -> CaucusNote:
    """A note of a separate talk with one side; only its author will ever read it."""
    _require_write(actor, case)
    if not any(m.role == Role.MEDIATOR for m in active_memberships(actor)):
        raise NotAllowed(_("背靠背笔记只能由调解员记录。"))
    if side not in (PartySide.APPLICANT, PartySide.RESPONDENT):
        raise DomainError(_("请选择谈话对象。"), field="side")
    if not text.strip():
        raise DomainError(_("笔记内容不能为空。"), field="text")
    if session is not None and session.case_id != case.pk:
        raise DomainError(_("调解会不属于本案。"), field="session")
    note = CaucusNote.objects.create(case=case, session=session, author=actor, side=side, text=text.strip())
    # Audited as an event, never with its content.
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        case_id=case.pk,
        summary="caucus note",
        request=request,
    )
    return note


@transaction.atomic
def add_material(
    *, case: Case, actor, data: bytes, name: str, title: str, kind: str, side: str = "", request=None
) -> Material:
    """Keep a file of the case (application, evidence …) by its hash."""
    _require_write(actor, case)
    sniffed = sniff(data)
    if sniffed is None:
        raise DomainError(_("不支持该文件类型。请上传 PDF、JPG、PNG 或 Word 文件。"), field="file")
    stored = store_bytes(data=data, name=name, content_type=sniffed.content_type, actor=actor)
    material = Material.objects.create(
        case=case, kind=kind, title=title.strip() or name, file=stored, submitted_by_side=side, added_by=actor
    )
    add_timeline(case=case, actor=actor, kind="material", title=_("收到材料：%(t)s") % {"t": material.title})
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=material,
        case_id=case.pk,
        summary="add_material",
        data={"sha256": stored.sha256},
        request=request,
    )
    return material


# --- the agreement ------------------------------------------------------------------


@dataclass
class TermInput:
    description: str
    due_on: date
    method: str
    amount: Decimal | None = None
    obligor_side: str = PartySide.RESPONDENT


@dataclass
class AgreementInput:
    matters: str
    terms: list[TermInput] = field(default_factory=list)
    other_terms: str = ""
    performance_text: str = ""


def _agreement_text(case: Case, data: AgreementInput) -> str:
    """The canonical text the parties sign; its SHA-256 is what each signature cites."""
    lines = [f"调解协议书 {case.display_number}", f"调解组织：{case.unit.name}"]
    for party in case.parties.filter(principal__isnull=True).order_by("side", "id"):
        lines.append(f"{party.get_side_display()}：{party.name}")
    lines.append("纠纷主要事实、争议事项：")
    lines.append(data.matters.strip())
    lines.append("经调解，双方自愿达成如下协议：")
    for number, term in enumerate(data.terms, start=1):
        amount = f"人民币{term.amount}元" if term.amount is not None else ""
        side = dict(PartySide.choices).get(term.obligor_side, term.obligor_side)
        lines.append(
            f"{number}. {side}{term.description}{amount}，于{term.due_on:%Y年%m月%d日}前以"
            f"{dict(_method_choices()).get(term.method, term.method)}方式履行。"
        )
    if data.other_terms.strip():
        lines.append(data.other_terms.strip())
    if data.performance_text.strip():
        lines.append(f"履行方式、时限：{data.performance_text.strip()}")
    lines.append("本协议自双方当事人签名、调解员签名并加盖调解组织印章之日起生效，对双方具有约束力。")
    return "\n".join(lines)


def _method_choices():
    from medarb.mediation.models import PerformanceMethod

    return PerformanceMethod.choices


@transaction.atomic
def draft_agreement(*, case: Case, actor, data: AgreementInput, request=None) -> Agreement:
    """Generate the mediation agreement from the case with its terms (人民调解法 Art. 28–29)."""
    from medarb.mediation.models import PerformanceMethod

    _require_write(actor, case)
    if not data.matters.strip():
        raise DomainError(_("请填写纠纷主要事实和争议事项。"), field="matters")
    if not data.terms and not data.other_terms.strip():
        raise DomainError(_("协议至少需要一项内容。"), field="terms")
    for term in data.terms:
        if not term.description.strip():
            raise DomainError(_("请填写每项协议的内容。"), field="terms")
        if term.amount is not None and term.amount < 0:
            raise DomainError(_("金额不能为负数。"), field="terms")
        if term.method not in PerformanceMethod.values:
            raise DomainError(_("请选择履行方式。"), field="terms")
        if term.due_on < timezone.localdate():
            raise DomainError(_("履行期限不能早于今天。"), field="terms")
    existing = current_agreement(case)
    if existing is not None and existing.status == AgreementStatus.SIGNING:
        existing.status = AgreementStatus.VOID
        existing.save(update_fields=["status"])
        engine.fire(
            case=case,
            transition="redraft_agreement",
            actor=actor,
            note=_("协议重新制作，原签名作废。"),
            request=request,
        )
    text = _agreement_text(case, data)
    agreement = Agreement.objects.create(
        case=case,
        status=AgreementStatus.SIGNING,
        matters=data.matters.strip(),
        terms_text=data.other_terms.strip(),
        performance_text=data.performance_text.strip(),
        text=text,
        text_hash=hashlib.sha256(text.encode()).hexdigest(),
        drafted_by=actor,
    )
    for position, term in enumerate(data.terms):
        AgreementTerm.objects.create(
            agreement=agreement,
            position=position,
            obligor_side=term.obligor_side,
            description=term.description.strip(),
            amount=term.amount,
            due_on=term.due_on,
            method=term.method,
        )
    engine.fire(case=case, transition="draft_agreement", actor=actor, request=request)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=agreement,
        case_id=case.pk,
        summary="draft_agreement",
        data={"text_hash": agreement.text_hash},
        request=request,
    )
    return agreement


def decode_signature_image(value: str | bytes) -> bytes:
    """The PNG drawn on the signature pad (a data: URL or raw bytes), or a DomainError."""
    if isinstance(value, str):
        prefix = "data:image/png;base64,"
        if not value.startswith(prefix):
            raise DomainError(_("签名图像无效，请重新签名。"), field="signature")
        try:
            value = base64.b64decode(value[len(prefix) :], validate=True)
        except (binascii.Error, ValueError):
            raise DomainError(_("签名图像无效，请重新签名。"), field="signature") from None
    if len(value) > SIGNATURE_MAX_BYTES:
        raise DomainError(_("签名图像过大。"), field="signature")
    if not value.startswith(b"\x89PNG\r\n\x1a\n"):
        raise DomainError(_("签名图像无效，请重新签名。"), field="signature")
    if len(value) < SIGNATURE_MIN_BYTES:
        raise DomainError(_("签名为空，请在签名区书写后再提交。"), field="signature")
    return value


@transaction.atomic
def sign_agreement(
    *, agreement: Agreement, actor, role: str, image: str | bytes, party: Party | None = None, request=None
) -> AgreementSignature:
    """One signature on screen, witnessed by the mediator: image, signer, time, text hash."""
    case = agreement.case
    _require_write(actor, case)
    if agreement.status != AgreementStatus.SIGNING:
        raise ProcedureError(_("该协议不在签署阶段。"))
    if role not in SignerRole.values:
        raise DomainError(_("签名人身份无效。"), field="role")
    if role == SignerRole.MEDIATOR:
        if not any(m.role == Role.MEDIATOR and m.unit_id == case.unit_id for m in active_memberships(actor)):
            raise NotAllowed(_("调解员签名须由本调解组织的调解员本人完成。"))
        party, name = None, str(actor)
    else:
        if party is None or party.case_id != case.pk or party.side != role or party.principal_id is not None:
            raise DomainError(_("请选择本案的%(r)s。") % {"r": SignerRole(role).label}, field="party")
        name = party.name
    png = signature_pad.decode_signature_image(image)
    if AgreementSignature.objects.filter(agreement=agreement, role=role, party=party).exists():
        raise DomainError(_("%(n)s 已签名。") % {"n": name}, field="party")
    stored = store_bytes(
        data=png, name=f"signature-{agreement.pk}-{role}.png", content_type="image/png", actor=actor
    )
    signature = AgreementSignature.objects.create(
        agreement=agreement,
        role=role,
        party=party,
        signer_name=name,
        image=stored,
        text_hash=agreement.text_hash,
        signed_at=timezone.now(),
        witnessed_by=actor,
        ip=request.META.get("REMOTE_ADDR") if request else None,
    )
    add_timeline(
        case=case, actor=actor, kind="agreement_signed", title=_("%(n)s 在调解协议上签名") % {"n": name}
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=signature,
        case_id=case.pk,
        summary=f"sign agreement as {role}",
        data={"text_hash": agreement.text_hash, "image_sha256": stored.sha256},
        request=request,
    )
    return signature


@transaction.atomic
def seal_agreement(*, agreement: Agreement, actor, on: date, request=None) -> Agreement:
    """Seal by the unit once everyone signed: the agreement takes effect (Law Art. 14)."""
    from medarb.mediation.documents import render_agreement_pdf

    case = agreement.case
    _require_write(actor, case)
    _require_head(actor, case)
    if agreement.status != AgreementStatus.SIGNING:
        raise ProcedureError(_("该协议不在签署阶段。"))
    if on < timezone.localdate(agreement.drafted_at) or on > timezone.localdate():
        raise DomainError(_("生效日期应在协议制作之日与今天之间。"), field="on")
    engine.fire(case=case, transition="seal_agreement", actor=actor, on=on, request=request)
    agreement.status = AgreementStatus.EFFECTIVE
    agreement.sealed_by = actor
    agreement.sealed_at = timezone.now()
    agreement.effective_on = on
    pdf = render_agreement_pdf(agreement)
    agreement.pdf = store_bytes(
        data=pdf, name=f"调解协议书-{case.pk}.pdf", content_type="application/pdf", actor=actor
    )
    agreement.save(update_fields=["status", "sealed_by", "sealed_at", "effective_on", "pdf"])
    total = agreement.terms.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    _close_file(case, Outcome.AGREEMENT, on)
    MediationFile.objects.filter(case=case).update(amount_agreed=total)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=agreement,
        case_id=case.pk,
        summary="seal_agreement",
        data={"text_hash": agreement.text_hash, "pdf_sha256": agreement.pdf.sha256},
        request=request,
    )
    return agreement


@transaction.atomic
def seal_current_agreement(*, case: Case, actor, on: date, request=None) -> Agreement:
    """The case page's door to `seal_agreement` for the agreement being signed."""
    agreement = current_agreement(case)
    if agreement is None:
        raise ProcedureError(_("尚无调解协议。"))
    return seal_agreement(agreement=agreement, actor=actor, on=on, request=request)


@transaction.atomic
def redraft_agreement(*, case: Case, actor, note: str = "", request=None) -> Case:
    """A party backs out before everyone signed: the draft and its signatures are void."""
    _require_write(actor, case)
    agreement = current_agreement(case)
    if agreement is not None and agreement.status == AgreementStatus.SIGNING:
        agreement.status = AgreementStatus.VOID
        agreement.save(update_fields=["status"])
    return engine.fire(
        case=case,
        transition="redraft_agreement",
        actor=actor,
        note=note or _("协议作废，重新调解。"),
        request=request,
    )


# --- performance --------------------------------------------------------------------


@transaction.atomic
def record_performance(*, term: AgreementTerm, actor, performed_on: date, request=None) -> AgreementTerm:
    """A term was performed; when all are, the case closes as mediated."""
    case = term.agreement.case
    _require_write(actor, case)
    if term.agreement.status != AgreementStatus.EFFECTIVE:
        raise ProcedureError(_("协议尚未生效。"))
    if term.performed_on:
        raise DomainError(_("该项已登记履行。"))
    if performed_on > timezone.localdate():
        raise DomainError(_("履行日期不能晚于今天。"), field="performed_on")
    term.performed_on = performed_on
    term.save(update_fields=["performed_on"])
    add_timeline(
        case=case,
        actor=actor,
        kind="term_performed",
        title=_("协议事项已履行：%(d)s") % {"d": term.description},
    )
    if case.status == "performance" and not term.agreement.terms.filter(performed_on__isnull=True).exists():
        engine.fire(case=case, transition="performed", actor=actor, on=performed_on, request=request)
    return term


def send_performance_reminders(*, today: date) -> int:
    """Remind the parties of terms falling due within 3 days; flag overdue ones to the mediator."""
    from medarb.core.sms import send_sms

    soon = engine.add_natural_days(today, 3)
    due = (
        AgreementTerm.objects.filter(
            agreement__status=AgreementStatus.EFFECTIVE,
            agreement__case__status="performance",
            performed_on__isnull=True,
            due_on__lte=soon,
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("agreement__case")
    )
    sent = 0
    for term in due:
        case = term.agreement.case
        with transaction.atomic():
            overdue = term.due_on < today
            title = (
                _("协议事项逾期未履行：%(d)s（期限 %(due)s）")
                if overdue
                else _("协议事项即将到期：%(d)s（期限 %(due)s）")
            ) % {"d": term.description, "due": term.due_on.isoformat()}
            add_timeline(case=case, actor=None, kind="performance_reminder", title=title)
            for party in case.parties.filter(principal__isnull=True).exclude(phone=""):
                send_sms(
                    phone=party.phone,
                    template="SMS_MEDIATION_PERFORMANCE",
                    params={"due": term.due_on.isoformat()},
                )
            term.reminded_on = today
            term.save(update_fields=["reminded_on"])
        sent += 1
    return sent


@transaction.atomic
def record_breach(*, case: Case, actor, term: AgreementTerm, on: date, request=None) -> Case:
    """The obligor did not perform: one click hands the case to arbitration (Law Art. 15)."""
    _require_write(actor, case)
    if term.agreement.case_id != case.pk:
        raise DomainError(_("该协议事项不属于本案。"), field="term")
    if case.status != "performance":
        raise ProcedureError(_("当前状态为“%(s)s”，不能登记不履行。") % {"s": case.status_label})
    if term.performed_on:
        raise DomainError(_("该项已履行。"))
    if on < term.due_on:
        raise DomainError(
            _("履行期限（%(d)s）届满前不能认定不履行。") % {"d": term.due_on.isoformat()}, field="on"
        )
    term.breached_on = on
    term.save(update_fields=["breached_on"])
    return hand_over_to_arbitration(case=case, actor=actor, on=on, request=request, breach=True)


# --- failure, withdrawal ------------------------------------------------------------


@transaction.atomic
def fail_mediation(*, case: Case, actor, on: date, reason: str, request=None) -> Case:
    """Record that mediation failed, with the reason; the parties may arbitrate (人民调解法 26)."""
    _require_write(actor, case)
    if not reason.strip():
        raise DomainError(_("请说明调解不成的原因。"), field="reason")
    agreement = current_agreement(case)
    if agreement is not None and agreement.status == AgreementStatus.SIGNING:
        agreement.status = AgreementStatus.VOID
        agreement.save(update_fields=["status"])
    _close_file(case, Outcome.FAILED, on, reason.strip())
    return engine.fire(case=case, transition="fail", actor=actor, on=on, note=reason.strip(), request=request)


@transaction.atomic
def withdraw_mediation(*, case: Case, actor, on: date, reason: str = "", request=None) -> Case:
    """The applicant withdraws (a party may end the mediation: 人民调解法 Art. 23)."""
    _require_write(actor, case)
    _close_file(case, Outcome.WITHDRAWN, on, reason.strip())
    return engine.fire(
        case=case, transition="withdraw", actor=actor, on=on, note=reason.strip(), request=request
    )


# --- between levels -----------------------------------------------------------------


def _copy_case(*, source: Case, unit: Unit, kind: str, actor, received_on: date) -> Case:
    """A new case at `unit` carrying the parties (verbatim, with agents) and claims of `source`.

    Copying rather than re-registering keeps the encrypted identifiers and their blind
    indexes as they were checked at the first registration.
    """
    from medarb.procedure.declaration import procedure_for

    case = Case.objects.create(
        kind=kind,
        unit=unit,
        unit_path=unit.path,
        status=procedure_for(kind).initial,
        channel=Channel.REFERRAL,
        primary_cause=source.primary_cause,
        facts=source.facts,
        is_collective=source.is_collective,
        worker_count=source.worker_count,
        claimed_total=source.claimed_total,
        party_names=source.party_names,
        received_on=received_on,
        created_by=actor,
    )
    copies: dict[int, Party] = {}
    for party in source.parties.order_by("principal_id", "id"):
        principal_id = party.principal_id
        original = party.pk
        party.pk = None
        party.id = None
        party.case = case
        party.principal = copies.get(principal_id) if principal_id else None
        party._state.adding = True
        party.save(force_insert=True)
        copies[original] = party
    Claim.objects.bulk_create(
        Claim(
            case=case,
            cause=c.cause,
            description=c.description,
            amount=c.amount,
            period_start=c.period_start,
            period_end=c.period_end,
            position=c.position,
        )
        for c in source.claims.all()
    )
    return case


def _mediation_ancestor(unit: Unit, *, kinds: tuple[str, ...]) -> Unit | None:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=ids, kind__in=kinds, is_active=True)}
    for pk in reversed(ids):
        if pk in ancestors:
            return ancestors[pk]
    return None


def referral_targets(unit: Unit) -> list[Unit]:
    """Where a unit may refer a case up: its mediation ancestors, nearest first."""
    order = [UnitKind.COMMUNITY, UnitKind.STREET, UnitKind.COMMISSION]
    if unit.kind not in (UnitKind.ENTERPRISE, UnitKind.COMMUNITY, UnitKind.STREET):
        return []
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    units = Unit.objects.filter(pk__in=ids, kind__in=order, is_active=True)
    return sorted(units, key=lambda u: -u.depth)


@transaction.atomic
def refer_case(*, case: Case, actor, to_unit: Unit, reason: str, on: date, request=None) -> Case:
    """Hand the case to a mediation organisation above (e.g. an enterprise committee to its
    street); the receiving unit registers it anew, linked to this one."""
    _require_write(actor, case)
    _require_head(actor, case)
    if to_unit.pk not in {u.pk for u in referral_targets(case.unit)}:
        raise DomainError(_("只能移送给上级调解组织。"), field="to_unit")
    if not reason.strip():
        raise DomainError(_("请说明移送理由。"), field="reason")
    new_case = _copy_case(source=case, unit=to_unit, kind=CaseKind.MEDIATION, actor=actor, received_on=on)
    _recount(
        MediationFile.objects.create(
            case=new_case,
            unit=to_unit,
            unit_path=to_unit.path,
            level=to_unit.mediation_level,
            registered_on=on,
        )
    )
    engine.start_limit(case=new_case, start=on)
    _carry_materials(source=case, target=new_case)
    CaseLink.objects.create(
        from_case=case,
        to_case=new_case,
        kind=LinkKind.REFERRAL,
        created_by=actor,
        data={"reason": reason.strip()},
    )
    Referral.objects.create(
        case=case,
        kind=ReferralKind.REFER,
        from_unit=case.unit,
        to_unit=to_unit,
        question=reason.strip(),
        status=ReferralStatus.DONE,
        created_by=actor,
    )
    add_timeline(
        case=new_case,
        actor=actor,
        kind="registered",
        title=_("收到 %(u)s 移送的调解案件 %(n)s") % {"u": case.unit.name, "n": case.display_number},
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=new_case,
        case_id=new_case.pk,
        summary=f"referral from case {case.pk}",
        request=request,
    )
    _close_file(case, Outcome.REFERRED, on, reason.strip())
    engine.fire(
        case=case,
        transition="refer",
        actor=actor,
        on=on,
        note=_("移送 %(u)s：%(r)s") % {"u": to_unit.name, "r": reason.strip()},
        request=request,
    )
    return new_case


def _carry_materials(*, source: Case, target: Case) -> list[dict]:
    carried = []
    for material in source.mediation_materials.select_related("file"):
        Material.objects.create(
            case=target,
            kind=material.kind,
            title=material.title,
            file=material.file,
            submitted_by_side=material.submitted_by_side,
            added_by=material.added_by,
        )
        carried.append(
            {
                "title": material.title,
                "kind": material.kind,
                "sha256": material.file.sha256,
                "file_id": material.file_id,
            }
        )
    return carried


def _validate_scope(case: Case, scope: list[str]) -> list[str]:
    material_ids = set(case.mediation_materials.values_list("pk", flat=True))
    cleaned = []
    for item in scope:
        if item in SCOPE_ITEMS:
            cleaned.append(item)
        elif item.startswith("material:") and item[9:].isdigit() and int(item[9:]) in material_ids:
            cleaned.append(material_item(int(item[9:])))
        else:
            raise DomainError(_("共享内容无效：%(i)s") % {"i": item}, field="scope")
    if not cleaned:
        raise DomainError(_("请选择要提供的材料。"), field="scope")
    return sorted(set(cleaned))


@transaction.atomic
def request_guidance(
    *, case: Case, actor, to_unit: Unit, question: str, scope: list[str], request=None
) -> Referral:
    """Ask the district (or any unit above) for guidance, sharing exactly the chosen materials."""
    _require_write(actor, case)
    if not question.strip():
        raise DomainError(_("请填写请求指导的问题。"), field="question")
    if to_unit.pk not in {u.pk for u in referral_targets(case.unit)}:
        raise DomainError(_("只能向上级调解组织或仲裁院请求指导。"), field="to_unit")
    cleaned = _validate_scope(case, scope)
    share = share_case(
        actor=actor,
        case=case,
        reason=ShareReason.GUIDANCE,
        unit=to_unit,
        access=ShareAccess.READ,
        scope=cleaned,
        note=question.strip()[:255],
        request=request,
    )
    referral = Referral.objects.create(
        case=case,
        kind=ReferralKind.GUIDANCE,
        from_unit=case.unit,
        to_unit=to_unit,
        share=share,
        question=question.strip(),
        created_by=actor,
    )
    add_timeline(
        case=case, actor=actor, kind="guidance_requested", title=_("向 %(u)s 请求指导") % {"u": to_unit.name}
    )
    return referral


@transaction.atomic
def answer_guidance(*, referral: Referral, actor, answer: str, request=None) -> Referral:
    """The guiding unit answers; the answer joins the case's timeline."""
    if referral.status != ReferralStatus.OPEN or referral.kind != ReferralKind.GUIDANCE:
        raise ProcedureError(_("该指导请求已处理或已撤销。"))
    if not any(
        m.unit_id == referral.to_unit_id and m.role in policy.HANDLING_ROLES
        for m in active_memberships(actor)
    ):
        raise NotAllowed(_("只有被请求单位的办案人员可以答复。"))
    if not answer.strip():
        raise DomainError(_("请填写指导意见。"), field="answer")
    referral.answer = answer.strip()
    referral.status = ReferralStatus.ANSWERED
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    referral.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    add_timeline(
        case=referral.case,
        actor=actor,
        kind="guidance_answered",
        title=_("%(u)s 的指导意见") % {"u": referral.to_unit.name},
        detail=referral.answer,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        case_id=referral.case_id,
        summary="answer guidance",
        request=request,
    )
    return referral


@transaction.atomic
def revoke_guidance(*, referral: Referral, actor, request=None) -> Referral:
    """Withdraw the request and the share it made: the other unit sees nothing any more."""
    if referral.share is not None and referral.share.revoked_at is None:
        revoke_share(actor=actor, share=referral.share, request=request)
    else:
        _require_write(actor, referral.case)
    referral.status = ReferralStatus.REVOKED
    referral.save(update_fields=["status"])
    add_timeline(
        case=referral.case, actor=actor, kind="guidance_revoked", title=_("撤销指导请求"), internal=True
    )
    return referral


# --- handover to arbitration --------------------------------------------------------


def commission_for(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.COMMISSION:
        return unit
    return _mediation_ancestor(unit, kinds=(UnitKind.COMMISSION,))


@transaction.atomic
def hand_over_to_arbitration(*, case: Case, actor, on: date, request=None, breach: bool = False) -> Case:
    """Turn a failed (or unperformed) mediation into an arbitration application at the
    district commission, carrying parties, claims and evidence, linked both ways (Law 14, 15)."""
    _require_write(actor, case)
    commission = commission_for(case.unit)
    if commission is None:
        raise DomainError(_("找不到本调解组织所属的仲裁院。"))
    transition = "breach" if breach else "hand_over"
    # Checked first so that an out-of-order handover creates nothing.
    from medarb.procedure.declaration import procedure_for

    declared = procedure_for(case.kind).transitions[transition]
    if case.status not in declared.sources:
        raise ProcedureError(
            _("当前状态为“%(s)s”，不能%(t)s。") % {"s": case.status_label, "t": declared.label}
        )
    arbitration = _copy_case(
        source=case, unit=commission, kind=CaseKind.ARBITRATION, actor=actor, received_on=on
    )
    evidence = [
        {"title": m.title, "kind": m.kind, "sha256": m.file.sha256, "file_id": m.file_id}
        for m in case.mediation_materials.select_related("file")
    ]
    agreement = current_agreement(case)
    if agreement is not None and agreement.pdf_id:
        evidence.append(
            {
                "title": "调解协议书",
                "kind": "agreement",
                "sha256": agreement.pdf.sha256,
                "file_id": agreement.pdf_id,
            }
        )
    link = CaseLink.objects.create(
        from_case=case,
        to_case=arbitration,
        kind=LinkKind.BREACH if breach else LinkKind.HANDOVER,
        created_by=actor,
        data={"evidence": evidence},
    )
    add_timeline(
        case=arbitration,
        actor=actor,
        kind="registered",
        title=_("调解转仲裁：来自 %(u)s 调解案件 %(n)s") % {"u": case.unit.name, "n": case.display_number},
        detail="；".join(e["title"] for e in evidence),
        article="《劳动争议调解仲裁法》第十五条" if breach else "《劳动争议调解仲裁法》第十四条",
        link_id=link.pk,
        evidence=evidence,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=arbitration,
        case_id=arbitration.pk,
        summary=f"handover from mediation case {case.pk}",
        data={"evidence": evidence},
        request=request,
    )
    mfile = _file(case)
    if mfile.outcome == Outcome.PENDING:  # the limit ran out without an agreement (Law Art. 14)
        mfile.outcome = Outcome.FAILED
        mfile.outcome_on = on
        mfile.outcome_reason = _("调解期限内未达成协议，转仲裁。")
        mfile.duration_days = max((on - mfile.registered_on).days, 0)
    mfile.handed_over = True
    mfile.save(update_fields=["outcome", "outcome_on", "outcome_reason", "duration_days", "handed_over"])
    _recount(mfile)
    engine.fire(
        case=case,
        transition=transition,
        actor=actor,
        on=on,
        note=_("已转 %(u)s，仲裁收件 %(n)s") % {"u": commission.name, "n": arbitration.display_number},
        request=request,
    )
    return arbitration


# --- what follows an agreement ------------------------------------------------------


@transaction.atomic
def record_route(
    *, case: Case, actor, kind: str, body: str, filed_on: date, note: str = "", request=None
) -> FollowUpRoute:
    """Record an application for arbitral review (Art. 74–78), judicial confirmation
    (人民调解法 Art. 33) or a payment order (Law Art. 16) on an effective agreement."""
    _require_write(actor, case)
    agreement = current_agreement(case)
    if agreement is None or agreement.status != AgreementStatus.EFFECTIVE:
        raise ProcedureError(_("只有已生效的调解协议才能申请审查确认、司法确认或支付令。"))
    if kind not in RouteKind.values:
        raise DomainError(_("请选择途径。"), field="kind")
    if not body.strip():
        raise DomainError(_("请填写受理机关。"), field="body")
    if filed_on < agreement.effective_on:
        raise DomainError(_("申请日期不能早于协议生效日期。"), field="filed_on")
    if kind == RouteKind.ARBITRAL_REVIEW:
        last = engine.add_natural_days(agreement.effective_on, REVIEW_DAYS)
        if filed_on > last:
            raise DomainError(
                _("仲裁审查须在协议生效之日起十五日内共同申请（截至 %(d)s）。") % {"d": last},
                field="filed_on",
            )
    elif kind == RouteKind.JUDICIAL_CONFIRMATION:
        last = engine.add_natural_days(agreement.effective_on, CONFIRMATION_DAYS)
        if filed_on > last:
            raise DomainError(
                _("司法确认须在协议生效之日起三十日内共同申请（截至 %(d)s）。") % {"d": last},
                field="filed_on",
            )
    elif not case.claims.filter(
        Q(cause__startswith="wages.")
        | Q(cause="social_insurance.work_injury")
        | Q(cause__startswith="termination.")
    ).exists():
        raise DomainError(
            _("支付令仅适用于拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金的协议。"), field="kind"
        )
    route = FollowUpRoute.objects.create(
        case=case,
        agreement=agreement,
        kind=kind,
        body=body.strip(),
        filed_on=filed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    add_timeline(
        case=case,
        actor=actor,
        kind="mediation_route",
        title=_("申请%(k)s：%(b)s") % {"k": route.get_kind_display(), "b": route.body},
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=route,
        case_id=case.pk,
        summary=f"route {kind}",
        request=request,
    )
    return route


@transaction.atomic
def decide_route(
    *, route: FollowUpRoute, actor, result: str, decided_on: date, reference: str = "", request=None
) -> FollowUpRoute:
    _require_write(actor, route.case)
    if result not in (RouteResult.CONFIRMED, RouteResult.REJECTED):
        raise DomainError(_("请选择结果。"), field="result")
    if decided_on < route.filed_on:
        raise DomainError(_("结果日期不能早于申请日期。"), field="decided_on")
    route.result = result
    route.decided_on = decided_on
    route.reference = reference.strip()
    route.save(update_fields=["result", "decided_on", "reference"])
    add_timeline(
        case=route.case,
        actor=actor,
        kind="mediation_route",
        title=_("%(k)s结果：%(r)s") % {"k": route.get_kind_display(), "r": route.get_result_display()},
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=route,
        case_id=route.case_id,
        summary="route decided",
        request=request,
    )
    return route
