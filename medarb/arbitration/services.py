"""The legal acts of the arbitration procedure. Each does its own part (a record, a number,
a clock) and then fires its declared transition through `cases.workflow.fire`, all in one
transaction: a refusal anywhere leaves nothing behind."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.arbitration.models import (
    ArbitrationTrack,
    Award,
    AwardItem,
    AwardKind,
    AwardState,
    Counterclaim,
    CounterclaimDecision,
    MediationStatement,
    RecusalDecision,
    RecusalRequest,
    Suspension,
    Tribunal,
    TribunalKind,
)
from medarb.cases import services as case_services
from medarb.cases import workflow
from medarb.cases.models import Case, Claim, PartyKind
from medarb.core.errors import DomainError, ProcedureError
from medarb.orgs.models import Membership, PoolKind, PoolStatus, Role
from medarb.procedure import calendar, clocks
from medarb.procedure.rules import rule

REPRESENTATIVES_MIN, REPRESENTATIVES_MAX = 3, 5  # Law Art. 7; 2017 rules Art. 5


def special_tribunal_threshold() -> int:
    """Workers from which a collective dispute needs a special tribunal (legacy 30+ local rule;
    0 = the 2017 national rules, which have no special tribunal)."""
    return int(getattr(settings, "ARBITRATION_SPECIAL_TRIBUNAL_WORKERS", 0) or 0)


def collective_representatives_ok(case: Case) -> bool:
    if not case.is_collective:
        return True
    count = case.parties.filter(kind=PartyKind.REPRESENTATIVE).count()
    return REPRESENTATIVES_MIN <= count <= REPRESENTATIVES_MAX


def _track(case: Case) -> ArbitrationTrack:
    track, _ = ArbitrationTrack.objects.get_or_create(case=case)
    return track


def _today() -> date:
    return timezone.localdate()


# --- filing and acceptance ------------------------------------------------------------------


@transaction.atomic
def request_correction(
    *,
    case: Case,
    actor,
    items: list[str],
    on: date | None = None,
    reply_by: date | None = None,
    note: str = "",
    request=None,
) -> Case:
    """Ask for the missing materials in one notice (2017 rules Art. 46(2)); the acceptance
    clock restarts from the date of correction."""
    workflow.check(case=case, transition="request_correction", actor=actor)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise DomainError(_("请列明需要补正的材料。"), field="items")
    listing = "；".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    detail = _("需补正：%(items)s") % {"items": listing}
    if reply_by:
        detail += _("（请于%(d)s前补正）") % {"d": f"{reply_by:%Y-%m-%d}"}
    if note:
        detail += f" {note}"
    return workflow.fire(
        case=case,
        transition="request_correction",
        actor=actor,
        on=on,
        note=detail,
        data={"items": items, "reply_by": reply_by},
        request=request,
    )


@transaction.atomic
def accept_case(*, case: Case, actor, on: date | None = None, note: str = "", request=None) -> Case:
    """Accept the application (Law Art. 29): number the case and start the 45-day award clock,
    the 5-day service and tribunal clocks. Collective disputes are handled with priority."""
    workflow.check(case=case, transition="accept", actor=actor)
    on = on or _today()
    case_services.allocate_case_number(case=case, on=on)
    case.accepted_on = on
    case.save(update_fields=["accepted_on", "updated_at"])
    if case.is_collective:
        track = _track(case)
        track.priority = True
        track.save(update_fields=["priority"])
    return workflow.fire(case=case, transition="accept", actor=actor, on=on, note=note, request=request)


@transaction.atomic
def refuse_case(
    *, case: Case, actor, ground: str, note: str, on: date | None = None, approval=None, request=None
) -> Case:
    """Refuse the application in writing with reasons (Law Art. 29); the chair approves."""
    data = {"ground": ground, "note": note, "on": on}
    if workflow.defer_for_approval(
        case=case,
        transition="refuse",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data=data,
        request=request,
    ):
        return case
    from medarb.arbitration.forms import REFUSAL_GROUNDS

    label = dict(REFUSAL_GROUNDS).get(ground, ground)
    return workflow.fire(
        case=case,
        transition="refuse",
        actor=actor,
        on=on,
        note=f"{label}：{note}",
        data={"ground": ground, "reasons": note, "approval": approval},
        request=request,
    )


@transaction.atomic
def transfer_case(
    *, case: Case, actor, to_commission: str, note: str, on: date | None = None, request=None
) -> Case:
    """Transfer to the competent commission (2017 rules Arts. 9–10)."""
    return workflow.fire(
        case=case,
        transition="transfer",
        actor=actor,
        on=on,
        note=_("移送%(to)s：%(why)s") % {"to": to_commission, "why": note},
        data={"to_commission": to_commission},
        request=request,
    )


# --- service, defence, tribunal -------------------------------------------------------------


@transaction.atomic
def serve_respondent(*, case: Case, actor, on: date, method: str, note: str = "", request=None) -> Case:
    """The application copy reached the respondent (Law Art. 30): the 10-day defence period
    runs from that date."""
    from medarb.arbitration.forms import SERVICE_METHODS

    how = dict(SERVICE_METHODS).get(method, method)
    return workflow.fire(
        case=case,
        transition="serve_respondent",
        actor=actor,
        on=on,
        note=_("%(how)s。%(note)s") % {"how": how, "note": note},
        data={"method": method},
        request=request,
    )


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
    on = on or _today()
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
def file_counterclaim(
    *,
    case: Case,
    actor,
    description: str,
    amount: Decimal | None = None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Counterclaim:
    """Register a counterclaim filed within the defence period (2017 rules Art. 36)."""
    workflow.check(case=case, transition="file_counterclaim", actor=actor)
    counterclaim = Counterclaim.objects.create(
        case=case, description=description.strip(), amount=amount, filed_on=on or _today()
    )
    workflow.fire(
        case=case,
        transition="file_counterclaim",
        actor=actor,
        on=on,
        note=description.strip(),
        data={"counterclaim": counterclaim.pk, "amount": amount},
        request=request,
    )
    return counterclaim


@transaction.atomic
def decide_counterclaim(
    *,
    case: Case,
    actor,
    counterclaim: Counterclaim,
    decision: str,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Counterclaim:
    """Accept (and merge), accept as a separate case, or refuse a counterclaim; a merged
    counterclaim restarts the award clock from its acceptance (Art. 46(4))."""
    workflow.check(case=case, transition="decide_counterclaim", actor=actor)
    on = on or _today()
    if counterclaim.case_id != case.pk or counterclaim.decision != CounterclaimDecision.PENDING:
        raise ProcedureError(_("该反申请不属于本案或已审查。"))
    if decision not in CounterclaimDecision.values or decision == CounterclaimDecision.PENDING:
        raise DomainError(_("请选择审查结果。"), field="decision")
    if decision == CounterclaimDecision.NOT_ACCEPTED and not note.strip():
        raise DomainError(_("不予受理反申请的，请写明理由。"), field="note")
    counterclaim.decision, counterclaim.decided_on, counterclaim.reason = decision, on, note.strip()
    counterclaim.save(update_fields=["decision", "decided_on", "reason"])
    workflow.fire(
        case=case,
        transition="decide_counterclaim",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{counterclaim.get_decision_display()}。{note}".strip(),
        data={"counterclaim": counterclaim.pk, "decision": decision},
        request=request,
    )
    if decision == CounterclaimDecision.MERGED:
        clocks.start_deadline(case=case, rule_code="award", start=on)
    return counterclaim


@transaction.atomic
def change_claims(
    *,
    case: Case,
    actor,
    cause: str,
    description: str,
    amount: Decimal | None = None,
    on: date | None = None,
    note: str = "",
    request=None,
) -> Claim:
    """Add or change a claim before the evidence period ends: the award clock restarts from
    the acceptance of the change and the respondent gets a new defence period (Art. 46(3))."""
    workflow.check(case=case, transition="change_claims", actor=actor)
    on = on or _today()
    claim = case_services.add_claim(
        actor=actor,
        case=case,
        data=case_services.ClaimInput(cause=cause, description=description, amount=amount),
        request=request,
    )
    served = case.status in ("defence_period", "evidence_period")
    workflow.fire(
        case=case,
        transition="change_claims",
        actor=actor,
        on=on,
        note=f"{claim.description}。{note}".strip(),
        data={"claim": claim.pk},
        request=request,
    )
    if served:
        clocks.start_deadline(case=case, rule_code="defence", start=on)
    return claim


@transaction.atomic
def add_party(
    *,
    case: Case,
    actor,
    side: str,
    kind: str,
    name: str,
    is_organisation: bool = False,
    id_number: str = "",
    uscc: str = "",
    phone: str = "",
    address: str = "",
    on: date | None = None,
    note: str = "",
    request=None,
):
    """Add a party or third party: the award clock restarts from the decision (Art. 46(1))."""
    workflow.check(case=case, transition="add_party", actor=actor)
    party = case_services.add_party(
        actor=actor,
        case=case,
        request=request,
        data=case_services.PartyInput(
            side=side,
            kind=kind,
            name=name,
            is_organisation=is_organisation,
            id_number=id_number,
            uscc=uscc,
            phone=phone,
            address=address,
        ),
    )
    workflow.fire(
        case=case,
        transition="add_party",
        actor=actor,
        on=on,
        note=f"{party.name}。{note}".strip(),
        data={"party": party.pk},
        request=request,
    )
    return party


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
        filed_on=on or _today(),
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
    on = on or _today()
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


# --- hearing --------------------------------------------------------------------------------


def _hearings_installed() -> bool:
    # The scheduler is a feature app above arbitration; it is used when installed, never imported
    # at module level, so arbitration keeps working without it.
    return apps.is_installed("medarb.hearings")


def current_hearing(case: Case):
    """The scheduled hearing (a hearings Sitting when the scheduler is installed) and its start."""
    if _hearings_installed():
        from medarb.hearings.models import Sitting, SittingKind, SittingState

        sitting = (
            Sitting.objects.filter(case=case, kind=SittingKind.HEARING, state=SittingState.SCHEDULED)
            .order_by("-starts_at")
            .first()
        )
        if sitting is not None:
            return sitting, sitting.starts_at
    entry = (
        case.timeline.filter(kind="transition", data__transition__in=["schedule_hearing", "postpone_hearing"])
        .order_by("-at", "-id")
        .first()
    )
    if entry is None:
        return None, None
    starts = (entry.data.get("data") or {}).get("starts_at") or (entry.data.get("data") or {}).get(
        "new_starts_at"
    )
    return None, datetime.fromisoformat(starts) if starts else None


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
    on = on or _today()
    check_hearing_notice(
        hearing_day=timezone.localtime(starts_at).date(),
        notice_on=on,
        waiver_reason=notice_waiver_reason,
        unit=case.unit_path,
    )
    tribunal = Tribunal.objects.get(case=case)
    if _hearings_installed():
        from medarb.hearings.services import schedule_sitting

        schedule_sitting(
            case=case,
            actor=actor,
            kind="hearing",
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
    on = on or _today()
    sitting, starts = current_hearing(case)
    if starts is not None and requested_by != "tribunal":
        r = rule("postponement_request", case.unit_path)
        latest = calendar.due_date("postponement_request", timezone.localtime(starts).date(), case.unit_path)
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
        from medarb.hearings.services import reschedule_sitting

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
    sitting, _starts = current_hearing(case)
    if sitting is not None:
        from medarb.hearings.services import record_sitting_held

        record_sitting_held(sitting=sitting, actor=actor, note=note, request=request)
    text = "" if respondent_present else _("被申请人经书面通知无正当理由未到庭，缺席审理。")
    return workflow.fire(
        case=case,
        transition="open_hearing",
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
    return case.timeline.filter(
        kind="transition", data__transition="open_hearing", data__data__default=True
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
        issued_on=on or _today(),
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
    on = on or _today()
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
    from medarb.arbitration.forms import SERVICE_METHODS

    workflow.check(case=case, transition="serve_award", actor=actor)
    award = current_award(case, AwardState.SIGNED_OFF)
    award.state, award.served_on = AwardState.SERVED, on
    award.save(update_fields=["state", "served_on"])
    close_reason = {AwardKind.FINAL: "award_final", AwardKind.MIXED: "award_mixed"}.get(
        award.kind, "award_nonfinal"
    )
    how = dict(SERVICE_METHODS).get(method, method)
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


# --- across the procedure -------------------------------------------------------------------


@transaction.atomic
def suspend_case(
    *, case: Case, actor, ground: str, on: date | None = None, note: str = "", approval=None, request=None
) -> Case:
    """Suspend the proceedings (2017 rules Art. 47); the chair approves; clocks pause."""
    if workflow.defer_for_approval(
        case=case,
        transition="suspend",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"ground": ground, "on": on, "note": note},
        request=request,
    ):
        return case
    on = on or _today()
    suspension = Suspension.objects.create(case=case, ground=ground, detail=note.strip(), started_on=on)
    return workflow.fire(
        case=case,
        transition="suspend",
        actor=actor,
        on=on,
        note=f"{suspension.get_ground_display()}。{note}".strip(),
        data={"ground": ground, "approval": approval},
        request=request,
    )


@transaction.atomic
def resume_case(
    *, case: Case, actor, on: date | None = None, note: str = "", approval=None, request=None
) -> Case:
    """Resume after suspension: the clocks get back the days that were left."""
    if workflow.defer_for_approval(
        case=case,
        transition="resume",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"on": on, "note": note},
        request=request,
    ):
        return case
    on = on or _today()
    Suspension.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    return workflow.fire(
        case=case,
        transition="resume",
        actor=actor,
        on=on,
        note=note,
        data={"approval": approval},
        request=request,
    )


@transaction.atomic
def extend_time_limit(
    *, case: Case, actor, days: int, note: str, on: date | None = None, approval=None, request=None
) -> Case:
    """Extend the award time limit by at most 15 days with the chair's approval (Law Art. 43)."""
    if workflow.defer_for_approval(
        case=case,
        transition="extend",
        actor=actor,
        approval=approval,
        on=on,
        note=note,
        data={"days": days, "on": on, "note": note},
        request=request,
    ):
        return case
    deadline = clocks.extend_deadline(case=case, rule_code="award", days=days)
    return workflow.fire(
        case=case,
        transition="extend",
        actor=actor,
        on=on,
        note=_("延长%(days)s日，审理期限至%(due)s。%(why)s")
        % {"days": days, "due": f"{deadline.due_on:%Y-%m-%d}", "why": note},
        data={"days": days, "approval": approval},
        request=request,
    )


@transaction.atomic
def apply_simplified(
    *, case: Case, actor, ground: str, on: date | None = None, note: str = "", request=None
) -> Case:
    """Handle the case by the simplified procedure (2017 rules Arts. 56–61)."""
    from medarb.arbitration.forms import SIMPLIFIED_GROUNDS

    workflow.check(case=case, transition="apply_simplified", actor=actor)
    track = _track(case)
    track.simplified, track.simplified_ground = True, ground
    track.save(update_fields=["simplified", "simplified_ground"])
    return workflow.fire(
        case=case,
        transition="apply_simplified",
        guards_checked=True,
        actor=actor,
        on=on,
        note=f"{dict(SIMPLIFIED_GROUNDS).get(ground, ground)}。{note}".strip(),
        data={"ground": ground},
        request=request,
    )


@transaction.atomic
def convert_to_ordinary(*, case: Case, actor, note: str, on: date | None = None, request=None) -> Case:
    """Back to the ordinary procedure; the time limit still counts from acceptance (Art. 61)."""
    workflow.check(case=case, transition="convert_to_ordinary", actor=actor)
    track = _track(case)
    track.simplified = False
    track.save(update_fields=["simplified"])
    return workflow.fire(
        case=case,
        transition="convert_to_ordinary",
        actor=actor,
        on=on,
        note=note,
        request=request,
        guards_checked=True,
    )
