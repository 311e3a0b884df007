"""Between levels: referral of a case and guidance requests."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases import policy
from medarb.cases.models import Case, CaseKind, Channel, Claim, Party, ShareAccess, ShareReason
from medarb.cases.scope import clean_scope
from medarb.cases.services import add_timeline, record_act, revoke_share, share_case
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.mediation import engine
from medarb.mediation.models import (
    CaseLink,
    LinkKind,
    Material,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from medarb.mediation.scope import SCOPE_ITEMS
from medarb.mediation.services.common import close_file, require_write
from medarb.orgs.models import Unit, UnitKind
from medarb.orgs.selectors import active_memberships


def copy_case(*, source: Case, unit: Unit, kind: str, actor, received_on: date) -> Case:
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
    # The receiving unit gets what any arrival gets: the procedure's file and clock, a to-do.
    from medarb.cases.workflow import arrive

    arrive(case=case, actor=actor)
    return case


def mediation_ancestor(unit: Unit, *, kinds: tuple[str, ...]) -> Unit | None:
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
    require_write(actor, case)
    engine.check(case=case, transition="refer", actor=actor)
    if to_unit.pk not in {u.pk for u in referral_targets(case.unit)}:
        raise DomainError(_("只能移送给上级调解组织。"), field="to_unit")
    if not reason.strip():
        raise DomainError(_("请说明移送理由。"), field="reason")
    new_case = copy_case(source=case, unit=to_unit, kind=CaseKind.MEDIATION, actor=actor, received_on=on)
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
    record_act(
        case=new_case,
        actor=actor,
        kind="registered",
        title=gettext_lazy("收到 %(u)s 移送的调解案件 %(n)s"),
        params={"u": case.unit.name, "n": case.display_number},
        article="《劳动争议调解仲裁法》第十条",
        action=AuditAction.CREATE,
        summary=f"referral from case {case.pk}",
        request=request,
    )
    close_file(case, Outcome.REFERRED, on, reason.strip())
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
    return clean_scope(
        scope,
        named=SCOPE_ITEMS,
        kind="material",
        ids=set(case.mediation_materials.values_list("pk", flat=True)),
        invalid=_("共享内容无效：%(i)s"),
        empty=_("请选择要提供的材料。"),
    )


@transaction.atomic
def request_guidance(
    *, case: Case, actor, to_unit: Unit, question: str, scope: list[str], request=None
) -> Referral:
    """Ask the district (or any unit above) for guidance, sharing exactly the chosen materials."""
    require_write(actor, case)
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
    record_act(
        case=referral.case,
        actor=actor,
        kind="guidance_answered",
        title=gettext_lazy("%(u)s 的指导意见"),
        params={"u": referral.to_unit.name},
        detail=referral.answer,
        obj=referral,
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
        require_write(actor, referral.case)
    referral.status = ReferralStatus.REVOKED
    referral.save(update_fields=["status"])
    add_timeline(
        case=referral.case, actor=actor, kind="guidance_revoked", title=_("撤销指导请求"), internal=True
    )
    return referral
