"""The tribunal: its composition and recusals (Law Arts. 31–34)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    RecusalDecision,
    RecusalRequest,
    Tribunal,
    TribunalKind,
)
from medarb.arbitration.services.common import (
    special_tribunal_threshold,
    today,
)
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError, ProcedureError
from medarb.orgs.models import Membership, PoolKind, PoolStatus, Role


def _eligible_arbitrators(case: Case) -> set[int]:
    from medarb.orgs.models import PoolMember

    pool = PoolMember.objects.filter(pool=PoolKind.ARBITRATOR, status=PoolStatus.ACTIVE).values_list(
        "user_id", flat=True
    )
    unit = Membership.objects.filter(unit=case.unit, role=Role.ARBITRATOR, is_active=True).values_list(
        "user_id", flat=True
    )
    return {*pool, *unit}


def _required_tribunal_kind(case: Case) -> str | None:
    threshold = special_tribunal_threshold()
    if case.is_collective and threshold and case.worker_count >= threshold:
        return TribunalKind.SPECIAL
    if case.is_collective:
        return TribunalKind.THREE
    return None


@transaction.atomic
def compose_tribunal(
    *,
    case: Case,
    actor,
    kind: str,
    presiding,
    members: Iterable = (),
    clerk=None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Tribunal:
    """Compose the tribunal from the pool (Law Art. 31): one sole arbitrator, or three with a
    presiding arbitrator; collective disputes always three (or a special tribunal by local rule)."""
    workflow.check(case=case, transition="compose_tribunal", actor=actor)
    on = on or today()
    others = [m for m in dict.fromkeys(members) if m.pk != presiding.pk]
    required = _required_tribunal_kind(case)
    if required == TribunalKind.SPECIAL and kind != TribunalKind.SPECIAL:
        raise DomainError(
            _("本案劳动者达%(n)s人以上，按本地规则应当组成特别仲裁庭。")
            % {"n": special_tribunal_threshold()},
            field="kind",
        )
    if kind == TribunalKind.SPECIAL and required != TribunalKind.SPECIAL:
        raise DomainError(_("特别仲裁庭只适用于本地规则规定人数以上的集体劳动争议。"), field="kind")
    if required == TribunalKind.THREE and kind != TribunalKind.THREE:
        raise DomainError(_("集体劳动争议应当由三名仲裁员组成仲裁庭。"), field="kind")
    if kind == TribunalKind.SOLE and others:
        raise DomainError(_("独任仲裁只需指定一名仲裁员。"), field="members")
    if kind == TribunalKind.THREE and len(others) != 2:
        raise DomainError(_("三人仲裁庭除首席仲裁员外还需指定两名仲裁员。"), field="members")
    if kind == TribunalKind.SPECIAL and (len(others) < 2 or len(others) % 2 != 0):
        raise DomainError(_("特别仲裁庭由三名以上单数仲裁员组成。"), field="members")
    eligible = _eligible_arbitrators(case)
    strangers = [str(u) for u in [presiding, *others] if u.pk not in eligible]
    if strangers:
        raise DomainError(
            _("%(names)s 不在仲裁员名册中，不能组庭。") % {"names": "、".join(strangers)}, field="members"
        )
    if clerk is not None and clerk.pk in {presiding.pk, *(o.pk for o in others)}:
        raise DomainError(_("书记员不能同时担任本案仲裁员。"), field="clerk")
    names = "、".join(str(u) for u in others)
    summary = _("%(kind)s：首席/独任仲裁员 %(p)s") % {"kind": TribunalKind(kind).label, "p": presiding}
    if names:
        summary += _("，仲裁员 %(m)s") % {"m": names}
    if clerk is not None:
        summary += _("，书记员 %(c)s") % {"c": clerk}
    # Fire first: the guard "no tribunal yet" must see the case as it was.
    workflow.fire(
        case=case,
        transition="compose_tribunal",
        actor=actor,
        on=on,
        note=f"{summary}。{note}".strip(),
        data={"kind": kind, "presiding": presiding, "members": others, "clerk": clerk},
        request=request,
    )
    tribunal = Tribunal.objects.create(
        case=case, kind=kind, presiding=presiding, clerk=clerk, composed_on=on, composed_by=actor
    )
    tribunal.members.set([presiding, *others])
    return tribunal


@transaction.atomic
def file_recusal(
    *,
    case: Case,
    actor,
    challenged,
    applicant_name: str,
    ground: str,
    on: date | None = None,
    note: str = "",
    request=None,
) -> RecusalRequest:
    """Register a request that a tribunal member step aside (Law Art. 33)."""
    workflow.check(case=case, transition="file_recusal", actor=actor)
    tribunal = Tribunal.objects.get(case=case)
    in_tribunal = {tribunal.presiding_id, tribunal.clerk_id, *tribunal.members.values_list("pk", flat=True)}
    if challenged.pk not in in_tribunal:
        raise DomainError(_("被申请回避的人员不是本案仲裁庭成员或书记员。"), field="challenged")
    recusal = RecusalRequest.objects.create(
        case=case,
        challenged=challenged,
        applicant_name=applicant_name.strip(),
        ground=ground,
        reason=note.strip(),
        filed_on=on or today(),
    )
    workflow.fire(
        case=case,
        transition="file_recusal",
        actor=actor,
        on=on,
        note=_("%(who)s申请%(p)s回避：%(g)s")
        % {"who": recusal.applicant_name, "p": challenged, "g": recusal.get_ground_display()},
        data={"recusal": recusal.pk},
        request=request,
    )
    return recusal


@transaction.atomic
def decide_recusal(
    *,
    case: Case,
    actor,
    recusal: RecusalRequest,
    decision: str,
    replacement=None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> RecusalRequest:
    """The chair decides a recusal request (Law Art. 34); an upheld one replaces the person."""
    workflow.check(case=case, transition="decide_recusal", actor=actor)
    on = on or today()
    if recusal.case_id != case.pk or recusal.decision != RecusalDecision.PENDING:
        raise ProcedureError(_("该回避申请不属于本案或已决定。"))
    if decision == RecusalDecision.UPHELD:
        if replacement is None:
            raise DomainError(_("准予回避的，请指定替换人员。"), field="replacement")
        tribunal = Tribunal.objects.select_for_update().get(case=case)
        if tribunal.clerk_id == recusal.challenged_id:
            tribunal.clerk = replacement
            tribunal.save(update_fields=["clerk"])
        else:
            if replacement.pk not in _eligible_arbitrators(case):
                raise DomainError(_("替换人员不在仲裁员名册中。"), field="replacement")
            tribunal.members.remove(recusal.challenged)
            tribunal.members.add(replacement)
            if tribunal.presiding_id == recusal.challenged_id:
                tribunal.presiding = replacement
                tribunal.save(update_fields=["presiding"])
    elif decision != RecusalDecision.REJECTED:
        raise DomainError(_("请选择回避决定。"), field="decision")
    recusal.decision, recusal.decided_on, recusal.decided_by, recusal.replacement = (
        decision,
        on,
        actor,
        replacement,
    )
    recusal.save(update_fields=["decision", "decided_on", "decided_by", "replacement"])
    text = recusal.get_decision_display()
    if replacement is not None and decision == RecusalDecision.UPHELD:
        text += _("，由%(r)s替换%(c)s") % {"r": replacement, "c": recusal.challenged}
    workflow.fire(
        case=case,
        transition="decide_recusal",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{text}。{note}".strip(),
        data={"recusal": recusal.pk, "decision": decision},
        request=request,
    )
    return recusal
