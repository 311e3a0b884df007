"""The mediation agreement: drafting, signatures, the seal."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import Case, Party, PartySide
from medarb.cases.services import record_act
from medarb.core.clientip import client_ip
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.files import store_bytes
from medarb.core.i18n import official
from medarb.documents import signature_pad
from medarb.mediation import engine
from medarb.mediation.models import (
    Agreement,
    AgreementSignature,
    AgreementStatus,
    AgreementTerm,
    MediationFile,
    Outcome,
    SignerRole,
)
from medarb.mediation.selectors import current_agreement
from medarb.mediation.services.common import (
    close_file,
    require_write,
)
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships


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

    require_write(actor, case)
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


@transaction.atomic
def sign_agreement(
    *, agreement: Agreement, actor, role: str, image: str | bytes, party: Party | None = None, request=None
) -> AgreementSignature:
    """One signature on screen, witnessed by the mediator: image, signer, time, text hash."""
    case = agreement.case
    require_write(actor, case)
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
        ip=client_ip(request) if request else None,
    )
    record_act(
        case=case,
        actor=actor,
        kind="agreement_signed",
        article="《劳动争议调解仲裁法》第十四条",
        title=gettext_lazy("%(n)s 在调解协议上签名"),
        params={"n": name},
        obj=signature,
        action=AuditAction.CREATE,
        summary=f"{name}（{official(SignerRole(role).label)}）签署调解协议，{actor}见证",
        audit_data={
            "text_hash": agreement.text_hash,
            "image_sha256": stored.sha256,
            "role": role,
            "signer": name,
            "party": party.pk if party else None,
            "witnessed_by": actor.pk,
        },
        request=request,
    )
    return signature


@transaction.atomic
def seal_agreement(*, agreement: Agreement, actor, on: date, request=None) -> Agreement:
    """Seal by the unit once everyone signed: the agreement takes effect (Law Art. 14)."""
    from medarb.mediation.documents import render_agreement_pdf

    case = agreement.case
    require_write(actor, case)
    engine.check(case=case, transition="seal_agreement", actor=actor)
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
    close_file(case, Outcome.AGREEMENT, on)
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
    require_write(actor, case)
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
