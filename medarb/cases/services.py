"""Use cases on the case core: registration, parties, claims, shares, numbering, timeline."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.employers import EmployerType, Industry
from medarb.cases.models import (
    Case,
    CaseNumberFormat,
    CaseNumberSequence,
    CaseShare,
    Channel,
    Claim,
    Party,
    PartyKind,
    PartySide,
    ShareAccess,
    TimelineEntry,
)
from medarb.core.crypto import blind_index
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.i18n import official_language
from medarb.core.validators import parse_phone, parse_resident_id, parse_uscc
from medarb.orgs.models import Unit
from medarb.procedure.declaration import procedure_for

COLLECTIVE_THRESHOLD = 10  # Law Art. 7: ten or more workers with a common claim

DEFAULT_NUMBER_TEMPLATES = {
    "arbitration": "{abbr}劳人仲案字〔{year}〕第{seq}号",
    "mediation": "{abbr}劳人调字〔{year}〕第{seq}号",
}


@dataclass
class PartyInput:
    side: str
    kind: str
    name: str
    is_organisation: bool = False
    id_number: str = ""
    uscc: str = ""
    phone: str = ""
    address: str = ""
    occupation: str = ""
    legal_representative: str = ""
    industry: str = ""  # organisations only: a section of GB/T 4754 (employers.Industry)
    employer_type: str = ""  # organisations only: employers.EmployerType
    principal_index: int | None = None  # for agents: position of the principal in the same list


@dataclass
class ClaimInput:
    cause: str
    description: str
    amount: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None


@dataclass
class CaseInput:
    kind: str
    unit: Unit
    received_on: date
    primary_cause: str
    facts: str = ""
    channel: str = Channel.WINDOW
    worker_count: int = 1
    threatens_collective_action: bool = False
    parties: list[PartyInput] = field(default_factory=list)
    claims: list[ClaimInput] = field(default_factory=list)


def add_timeline(
    *,
    case: Case,
    actor,
    kind: str,
    title: str,
    detail: str = "",
    article: str = "",
    internal: bool = False,
    **data,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        title=title,
        detail=detail,
        article=article,
        is_internal=internal,
        data=data,
    )


def record_act(
    *,
    case: Case,
    actor,
    kind: str,
    title,
    params: dict | None = None,
    detail: str = "",
    article: str = "",
    internal: bool = False,
    obj=None,
    action: AuditAction = AuditAction.UPDATE,
    summary: str = "",
    audit_data: dict | None = None,
    request=None,
    **timeline_data,
) -> TimelineEntry:
    """One act on the record: its timeline entry, written in the commission's language whatever
    the actor reads (`title` a lazy translation, filled with `params`), and its audit entry
    (on `obj`, the case by default), side by side in the caller's transaction."""
    with official_language():
        text = str(title) % params if params else str(title)
    entry = add_timeline(
        case=case,
        actor=actor,
        kind=kind,
        title=text,
        detail=detail,
        article=article,
        internal=internal,
        **timeline_data,
    )
    record(
        actor=actor,
        action=action,
        obj=case if obj is None else obj,
        case_id=case.pk,
        summary=summary or kind,
        data=audit_data,
        request=request,
    )
    return entry


def _clean_party(data: PartyInput) -> dict:
    """Validate one party's identifiers; errors name the field in Chinese."""
    fields = {
        "side": data.side,
        "kind": data.kind,
        "name": data.name.strip(),
        "is_organisation": data.is_organisation,
        "address": data.address.strip(),
        "occupation": data.occupation.strip(),
        "legal_representative": data.legal_representative.strip(),
    }
    if not fields["name"]:
        raise ValidationError({"name": _("请填写当事人姓名或名称。")})
    if data.side not in PartySide.values or data.kind not in PartyKind.values:
        raise ValidationError({"kind": _("当事人身份无效。")})
    if data.is_organisation:
        if data.uscc:
            fields["uscc"] = parse_uscc(data.uscc)
        if data.industry and data.industry not in Industry.values:
            raise ValidationError({"industry": _("所属行业无效。")})
        if data.employer_type and data.employer_type not in EmployerType.values:
            raise ValidationError({"employer_type": _("单位类型无效。")})
        fields |= {"industry": data.industry, "employer_type": data.employer_type}
    elif data.industry or data.employer_type:
        raise ValidationError({"industry": _("自然人当事人不填所属行业和单位类型。")})
    elif data.id_number:
        resident = parse_resident_id(data.id_number)
        fields |= {
            "id_number": resident.number,
            "id_index": blind_index(resident.number),
            "birth_date": resident.birth_date,
            "gender": "male" if resident.is_male else "female",
        }
    if data.phone:
        phone = parse_phone(data.phone)
        fields |= {"phone": phone, "phone_index": blind_index(phone)}
    return fields


def _refresh_denormalised(case: Case) -> None:
    names = " ".join(case.parties.order_by("side", "id").values_list("name", flat=True))
    total = case.claims.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    workers = case.parties.filter(kind=PartyKind.WORKER).count()
    case.party_names = names[:500]
    case.claimed_total = total
    if workers > case.worker_count:
        case.worker_count = workers
    case.is_collective = case.worker_count >= COLLECTIVE_THRESHOLD
    case.save(update_fields=["party_names", "claimed_total", "worker_count", "is_collective", "updated_at"])


@transaction.atomic
def register_case(*, actor, data: CaseInput, request=None) -> Case:
    """Register an application received at the window, online or orally (Law Art. 28)."""
    if not policy.can_register_at(actor, data.unit):
        raise NotAllowed(_("您没有在该单位登记案件的权限。"))
    return _create_case(actor=actor, data=data, request=request)


@transaction.atomic
def submit_online_application(*, applicant, data: CaseInput, request=None) -> Case:
    """A worker or employer applies through the portal; the case waits in the filing queue.
    The applicant becomes the account of the applicant party."""
    data.channel = Channel.ONLINE
    case = _create_case(actor=applicant, data=data, request=request)
    first_applicant = case.parties.filter(side=PartySide.APPLICANT).order_by("id").first()
    Party.objects.filter(pk=first_applicant.pk).update(user=applicant)
    return case


def _create_case(*, actor, data: CaseInput, request=None) -> Case:
    if not data.unit.mediation_level:
        raise DomainError(_("该单位不受理调解或仲裁案件。"), field="unit")
    if data.kind == "arbitration" and data.unit.kind != "commission":
        raise DomainError(_("仲裁案件只能由仲裁院登记。"), field="unit")
    if data.received_on > timezone.localdate():
        raise DomainError(_("收件日期不能晚于今天。"), field="received_on")
    if not any(p.side == PartySide.APPLICANT for p in data.parties):
        raise DomainError(_("至少需要一名申请人。"), field="parties")
    if not any(p.side == PartySide.RESPONDENT for p in data.parties):
        raise DomainError(_("至少需要一名被申请人。"), field="parties")
    if not data.claims:
        raise DomainError(_("至少需要一项请求。"), field="claims")
    cleaned = [_clean_party(p) for p in data.parties]
    procedure = procedure_for(data.kind)
    case = Case.objects.create(
        kind=data.kind,
        unit=data.unit,
        unit_path=data.unit.path,
        status=procedure.initial,
        channel=data.channel,
        primary_cause=data.primary_cause,
        facts=data.facts,
        worker_count=max(data.worker_count, 1),
        threatens_collective_action=data.threatens_collective_action,
        received_on=data.received_on,
        created_by=actor,
    )
    created: list[Party] = []
    for source, fields in zip(data.parties, cleaned, strict=True):
        principal = created[source.principal_index] if source.principal_index is not None else None
        created.append(Party.objects.create(case=case, principal=principal, **fields))
    for position, claim in enumerate(data.claims):
        _create_claim(case=case, data=claim, position=position)
    _refresh_denormalised(case)
    record_act(
        case=case,
        actor=actor,
        kind="registered",
        title=gettext_lazy("收件登记（%(channel)s）"),
        params={"channel": Channel(case.channel).label},
        # Arbitration: the written application (Art. 28); mediation: written or oral (Art. 12).
        article="《劳动争议调解仲裁法》第二十八条"
        if data.kind == "arbitration"
        else "《劳动争议调解仲裁法》第十二条",
        action=AuditAction.CREATE,
        summary="register_case",
        audit_data={"channel": data.channel, "threatens_collective_action": data.threatens_collective_action},
        request=request,
    )
    from medarb.cases.workflow import arrive  # the engine reads this module's helpers

    arrive(case=case, actor=actor)
    return case


def _create_claim(*, case: Case, data: ClaimInput, position: int) -> Claim:
    if not data.description.strip():
        raise ValidationError({"description": _("请填写请求内容。")})
    if data.amount is not None and data.amount < 0:
        raise ValidationError({"amount": _("金额不能为负数。")})
    if data.period_start and data.period_end and data.period_start > data.period_end:
        raise ValidationError({"period_end": _("期间止不能早于期间起。")})
    return Claim.objects.create(
        case=case,
        cause=data.cause,
        description=data.description.strip(),
        amount=data.amount,
        period_start=data.period_start,
        period_end=data.period_end,
        position=position,
    )


def _require_write(actor, case: Case) -> None:
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您对该案件只有查阅权限。"))


@transaction.atomic
def add_party(*, actor, case: Case, data: PartyInput, principal: Party | None = None, request=None) -> Party:
    """Add a party or agent (an added party restarts the award clock: Art. 46(1))."""
    _require_write(actor, case)
    party = Party.objects.create(case=case, principal=principal, **_clean_party(data))
    _refresh_denormalised(case)
    record_act(
        case=case,
        actor=actor,
        kind="party_added",
        title=gettext_lazy("追加当事人：%(name)s"),
        params={"name": party.name},
        obj=party,
        action=AuditAction.CREATE,
        summary="add_party",
        request=request,
    )
    return party


@transaction.atomic
def update_party(*, actor, party: Party, data: PartyInput, request=None) -> Party:
    _require_write(actor, party.case)
    fields = _clean_party(data)
    for name, value in fields.items():
        setattr(party, name, value)
    party.save(update_fields=list(fields))
    _refresh_denormalised(party.case)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=party,
        case_id=party.case_id,
        summary="update_party",
        data={"fields": sorted(set(fields) - {"id_number", "phone", "id_index", "phone_index"})},
        request=request,
    )
    return party


@transaction.atomic
def add_claim(*, actor, case: Case, data: ClaimInput, request=None) -> Claim:
    _require_write(actor, case)
    claim = _create_claim(case=case, data=data, position=case.claims.count())
    _refresh_denormalised(case)
    record_act(
        case=case,
        actor=actor,
        kind="claim_added",
        title=gettext_lazy("增加请求：%(d)s"),
        params={"d": claim.description},
        obj=claim,
        action=AuditAction.CREATE,
        summary="add_claim",
        request=request,
    )
    return claim


@transaction.atomic
def share_case(
    *,
    actor,
    case: Case,
    reason: str,
    unit: Unit | None = None,
    user=None,
    access: str = ShareAccess.READ,
    scope: list[str] | None = None,
    note: str = "",
    expires_at=None,
    request=None,
) -> CaseShare:
    """Grant one case to a unit or person outside the tree (referral, guidance, joint review …)."""
    if not policy.can_share_case(actor, case):
        raise NotAllowed(_("只有案件承办单位的办案人员可以共享案件。"))
    if (unit is None) == (user is None):
        raise DomainError(_("请选择共享对象：一个单位或一名人员。"))
    share = CaseShare.objects.create(
        case=case,
        unit=unit,
        user=user,
        reason=reason,
        access=access,
        scope=scope or [],
        note=note,
        granted_by=actor,
        expires_at=expires_at,
    )
    target = unit.name if unit else str(user)
    record_act(
        case=case,
        actor=actor,
        kind="shared",
        title=gettext_lazy("共享给 %(t)s"),
        params={"t": target},
        internal=True,
        obj=share,
        action=AuditAction.SHARE,
        summary=f"share {reason} {access} → {target}",
        audit_data={"scope": share.scope},
        request=request,
    )
    return share


@transaction.atomic
def revoke_share(*, actor, share: CaseShare, request=None) -> CaseShare:
    if not policy.can_share_case(actor, share.case):
        raise NotAllowed(_("只有案件承办单位的办案人员可以撤销共享。"))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action=AuditAction.SHARE,
        obj=share,
        case_id=share.case_id,
        summary="revoke share",
        request=request,
    )
    return share


@transaction.atomic
def allocate_case_number(*, case: Case, on: date) -> str:
    """Give the case the next number of its unit, kind and year (gap-free: the sequence row
    is locked and rolls back with the caller's transaction)."""
    if case.number:
        return case.number
    unit = case.unit
    sequence, _ = CaseNumberSequence.objects.select_for_update().get_or_create(
        unit=unit, kind=case.kind, year=on.year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    fmt = CaseNumberFormat.objects.filter(unit=unit, kind=case.kind).first()
    template = fmt.template if fmt else DEFAULT_NUMBER_TEMPLATES[case.kind]
    seq = str(sequence.last).zfill(fmt.seq_width if fmt else 0)
    case.number = template.format(
        abbr=unit.case_prefix or unit.short_name or unit.name, year=on.year, seq=seq
    )
    case.save(update_fields=["number", "updated_at"])
    return case.number


def record_case_read(*, user, case: Case, request=None, what: str = "case page") -> None:
    """Staff reads of case data are audited; parties reading their own case are not."""
    if policy.is_staff(user):
        record(actor=user, action=AuditAction.READ, obj=case, case_id=case.pk, summary=what, request=request)
