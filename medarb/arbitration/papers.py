"""The papers the law attaches to the arbitration acts, and the periods that run from their service.

Issuing: one table, `PAPERS`, maps each act (transition code) to the standard documents it
produces; `issue_papers` runs as a `workflow.after_fire` hook, inside the act's transaction,
so a paper that cannot be made refuses the act and a refused act issues nothing.

Service: `on_served` (a `delivery.hooks` callback) starts the periods that run from the
recorded service date — the defence period (Law 30), the time to sue (Law 48, 50) and to
apply for revocation of a final award (Law 49) — and records when a mediation statement
took effect (Law 42: once both sides have signed for it).

Both are registered in `ArbitrationConfig.ready()`.
"""

from collections.abc import Callable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from medarb.cases.models import Case, PartyKind, PartySide
from medarb.cases.services import add_timeline, record_act
from medarb.core.errors import DomainError
from medarb.core.i18n import official_language
from medarb.procedure import clocks
from medarb.procedure.models import Deadline, DeadlineState

KIND = "arbitration"
AWARD_TEMPLATES = ("award_final", "award_non_final")
RESPONDENT_PAPERS = ("notice_to_respond", "application")
# The highest court's interpretation (I) Art. 20: one award with final and non-final items is
# treated as non-final when challenged, so a mixed award uses the non-final wording.
AWARD_TEMPLATE_BY_KIND = {"final": "award_final", "non_final": "award_non_final", "mixed": "award_non_final"}


# The papers of an arbitration case (a mediation organisation's agreement is not one of them).
CASE_PAPERS = frozenset({
    "application", "correction_notice", "acceptance_notice", "non_acceptance_notice",
    "notice_to_respond", "evidence_notice", "tribunal_notice", "hearing_notice",
    "hearing_transcript", "mediation_statement", "award_final", "award_non_final",
    "withdrawal_decision", "proof_of_service", "power_of_attorney",
})  # fmt: skip


# --- what each template needs from the act ---------------------------------------------------


def _names(users) -> str:
    return "、".join(str(u) for u in users if u is not None)


def _tribunal_context(case: Case) -> dict:
    from medarb.arbitration.models import Tribunal

    tribunal = Tribunal.objects.filter(case=case).prefetch_related("members").first()
    if tribunal is None:
        return {}
    return {"arbitrators": _names(tribunal.members.all()), "clerk": str(tribunal.clerk or "")}


def paper_prefill(case: Case) -> dict:
    """What a paper issued by hand starts from: the tribunal and the hearing to come (else the
    last held), so the clerk types only what is new (`Procedure.paper_prefill`)."""
    from medarb.hearings.models import SittingKind
    from medarb.hearings.selectors import paper_values, sitting_for_papers

    values = _tribunal_context(case)
    sitting = sitting_for_papers(case, kind=SittingKind.HEARING)
    if sitting is not None:
        values |= paper_values(sitting)
        if "arbitrators" not in values:
            values |= {"arbitrators": _names(sitting.members.all()), "clerk": str(sitting.clerk or "")}
    return values


def _refusal(case: Case, data: dict, on: date) -> dict:
    from medarb.arbitration.models import RefusalGround, choice_label

    ground = choice_label(RefusalGround, data.get("ground") or "")
    reasons = str(data.get("reasons") or "").strip().rstrip("。")
    text = f"{ground}（{reasons}）" if ground and reasons else ground or reasons
    return {"reason": f"{text}，" if text else ""}


def _correction(case: Case, data: dict, on: date) -> dict:
    # request_correction records the clerk's lines as a list; an approval replay may hold the
    # date as its ISO string.
    items = data.get("items") or []
    if isinstance(items, str):
        items = items.splitlines()
    reply_by = data.get("reply_by")
    if isinstance(reply_by, str):
        reply_by = date.fromisoformat(reply_by) if reply_by else None
    return {"missing_items": [str(i).strip() for i in items if str(i).strip()], "reply_by": reply_by}


def _tribunal(case: Case, data: dict, on: date) -> dict:
    # compose_tribunal fires before it stores the tribunal: the act's data names the members.
    members = [data.get("presiding"), *(data.get("members") or [])]
    return {"arbitrators": _names(members), "clerk": str(data.get("clerk") or "")}


def _hearing_notice(time_field: str, place_unknown: str) -> Callable[[Case, dict, date], dict]:
    """The hearing notice's time and place from the act's data; `place_unknown` stands in when
    no room is recorded (a remote hearing; a postponement without the hearings app)."""

    def context(case: Case, data: dict, on: date) -> dict:
        starts_at, room = data.get(time_field), data.get("room")
        return {
            "hearing_time": timezone.localtime(starts_at) if isinstance(starts_at, datetime) else starts_at,
            "room": str(room) if room is not None else _(place_unknown),
        }

    return context


def _award_text(award) -> str:
    lines = []
    for n, item in enumerate(award.items.order_by("id"), start=1):
        if item.upheld:
            outcome = (
                _("支持 %(amount)s 元") % {"amount": f"{item.awarded:,.2f}"} if item.awarded else _("支持")
            )
        else:
            outcome = _("不予支持")
        lines.append(f"{n}. {item.description}：{outcome}。")
    return "\n".join(lines)


def _award(case: Case, data: dict, on: date) -> dict:
    from medarb.arbitration.models import Award

    award = Award.objects.get(pk=data["award"], case=case)
    return {
        "findings": award.findings,
        "reasoning": award.majority_opinion,
        "award_text": _award_text(award),
        **_tribunal_context(case),
    }


def _statement(case: Case, data: dict, on: date) -> dict:
    from medarb.arbitration.models import MediationStatement

    statement = MediationStatement.objects.get(pk=data["statement"], case=case)
    return {"agreement_text": statement.terms, **_tribunal_context(case)}


def _withdrawal(case: Case, data: dict, on: date) -> dict:
    return {"withdrawn_on": on}


def _nothing(case: Case, data: dict, on: date) -> dict:
    return {}


def _award_template(case: Case, data: dict) -> str:
    from medarb.arbitration.models import Award

    return AWARD_TEMPLATE_BY_KIND[Award.objects.values_list("kind", flat=True).get(pk=data["award"])]


Paper = tuple[str | Callable[[Case, dict], str], Callable[[Case, dict, date], dict]]

# The act → the papers the law attaches to it.
PAPERS: dict[str, tuple[Paper, ...]] = {
    "request_correction": (("correction_notice", _correction),),
    "accept": (
        ("acceptance_notice", _nothing),
        ("notice_to_respond", _nothing),
        ("evidence_notice", _nothing),
    ),
    "refuse": (("non_acceptance_notice", _refusal),),
    "compose_tribunal": (("tribunal_notice", _tribunal),),
    "schedule_hearing": (("hearing_notice", _hearing_notice("starts_at", gettext_noop("网上（远程视频）"))),),
    "postpone_hearing": (("hearing_notice", _hearing_notice("new_starts_at", gettext_noop("原通知地点"))),),
    "issue_mediation_statement": (("mediation_statement", _statement),),
    "sign_off_award": ((_award_template, _award),),
    "withdraw": (("withdrawal_decision", _withdrawal),),
}


def issues_papers(case: Case, transition) -> bool:
    """Firing this act issues (and seals) papers now: its button says so while it runs."""
    return case.kind == KIND and transition.code in PAPERS and not transition.needs_approval


def preview_award(*, case: Case, award) -> bytes:
    """The award as `sign_off_award` will issue it, as an unsealed draft (样稿) for the chair to
    read before she signs it off."""
    from medarb.documents.services import preview_document

    data = {"award": award.pk}
    with official_language():
        context = _award(case, data, timezone.localdate())
    return preview_document(case=case, template_code=_award_template(case, data), context=context)


def sealable(unit) -> str | None:
    """None when the unit can seal; else why not (no certificate and demo PKI switched off)."""
    from medarb.documents import pki

    try:
        pki.unit_credentials(unit)
    except DomainError as problem:
        return str(problem)
    return None


def issue_papers(*, case: Case, transition, actor, on: date, data: dict, **kwargs) -> list:
    """`workflow.after_fire` hook: issue the papers of the act just fired."""
    if case.kind != KIND or transition.code not in PAPERS:
        return []
    from medarb.documents.services import issue_document

    unsealed = sealable(case.unit)
    issued = []
    for template, context in PAPERS[transition.code]:
        # Runs inside `workflow.fire`'s record phase: the wording is in the commission's language.
        code = template(case, data) if callable(template) else template
        document = issue_document(
            case=case,
            template_code=code,
            actor=actor,
            context=context(case, data, on),
            sign=unsealed is None,
            meta={"transition": transition.code, **({"unsealed": unsealed} if unsealed else {})},
        )
        issued.append(document)
    if unsealed and issued:
        # A dev database without certificates: the act goes ahead, and the case says plainly
        # that these papers carry no seal and must be re-issued before service.
        add_timeline(
            case=case,
            actor=actor,
            kind="papers_unsealed",
            title=_("文书未加盖电子签章"),
            detail=_("%(titles)s未加盖电子签章（%(why)s），请配置证书后重新出具再送达。")
            % {"titles": "、".join(d.title for d in issued), "why": unsealed},
            internal=True,
            documents=[d.pk for d in issued],
        )
    return issued


# --- periods that run from service -----------------------------------------------------------


def _served_on(served_at: datetime) -> date:
    return timezone.localtime(served_at).date() if timezone.is_aware(served_at) else served_at.date()


def _live(case: Case, rule_code: str) -> Deadline | None:
    return Deadline.objects.filter(
        case=case, rule_code=rule_code, state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED]
    ).first()


@official_language()  # the timeline is a record, in the commission's language
def start_from_service(*, case: Case, rule_code: str, served_on: date, actor=None, party=None) -> bool:
    """Start (or move to a later service) the clock of `rule_code`. With several recipients the
    period ends with the last one served, so an earlier service never moves a clock back."""
    live = _live(case, rule_code)
    if live is not None and live.started_on >= served_on:
        return False
    deadline = clocks.start_deadline(case=case, rule_code=rule_code, start=served_on)
    from medarb.procedure.rules import rule

    period = rule(rule_code, case.unit_path)
    add_timeline(
        case=case,
        actor=actor,
        kind="clock_from_service",
        title=_("%(rule)s自送达之日起算") % {"rule": period.title},
        detail=_("%(who)s于%(on)s收到；届满日 %(due)s。")
        % {
            "who": getattr(party, "name", ""),
            "on": f"{served_on:%Y-%m-%d}",
            "due": f"{deadline.due_on:%Y-%m-%d}",
        },
        article=period.article,
        rule=rule_code,
        served_on=served_on.isoformat(),
    )
    return True


def _on_respondent_served(document, served_on: date, party, service) -> None:
    case = document.case
    if case.status == "accepted":
        # The service is the act "送达申请书副本": fire it as the staff member who sent it, so
        # the state, the to-dos and the defence clock move together.
        from medarb.cases import workflow

        actor = getattr(service, "created_by", None)
        if actor is not None:
            try:
                workflow.check(case=case, transition="serve_respondent", actor=actor)
            except DomainError:
                actor = None
        if actor is not None:
            workflow.fire(
                case=case,
                transition="serve_respondent",
                actor=actor,
                on=served_on,
                note=_("电子送达：%(name)s于%(on)s收到%(title)s。")
                % {"name": party.name, "on": f"{served_on:%Y-%m-%d}", "title": document.title},
                data={"method": "electronic", "service": service.pk if service else None},
            )
            return
    if case.status in ("accepted", "defence_period"):
        # Later in the procedure the defence period is over: a late opening changes nothing.
        start_from_service(case=case, rule_code="defence", served_on=served_on, party=party)


def _on_award_served(document, served_on: date, party) -> None:
    case = document.case
    final = document.template_code == "award_final"
    if not final:
        start_from_service(case=case, rule_code="court_suit", served_on=served_on, party=party)
    elif party.kind == PartyKind.EMPLOYER:
        start_from_service(case=case, rule_code="revocation_suit", served_on=served_on, party=party)
    else:  # a final award binds the employer; the worker may still sue (Law 48)
        start_from_service(case=case, rule_code="court_suit", served_on=served_on, party=party)


def restart_award_clocks(*, case: Case, on: date) -> None:
    """After 送达裁决书，结案 closed every clock: the periods to challenge the award run again
    from each recorded service (or from the act's date for a paper served by hand)."""
    from medarb.delivery.models import Service, ServiceStatus

    document = (
        case.documents.filter(template_code__in=AWARD_TEMPLATES, revoked_at__isnull=True)
        .order_by("-id")
        .first()
    )
    services = []
    if document is not None:
        services = list(
            Service.objects.filter(document=document, status=ServiceStatus.SERVED).select_related("party")
        )
    if services:
        for service in services:
            _on_award_served(document, _served_on(service.served_at), service.party)
        return
    from medarb.arbitration.models import Award, AwardKind

    kind = Award.objects.filter(case=case).order_by("-id").values_list("kind", flat=True).first()
    start_from_service(case=case, rule_code="court_suit", served_on=on)
    if kind == AwardKind.FINAL:
        start_from_service(case=case, rule_code="revocation_suit", served_on=on)


def _on_mediation_statement_served(document, served_on: date) -> None:
    from medarb.delivery.models import Service, ServiceStatus

    case = document.case
    served = Service.objects.filter(document=document, status=ServiceStatus.SERVED).select_related("party")
    sides = {s.party.side for s in served}
    if not {PartySide.APPLICANT, PartySide.RESPONDENT} <= sides:
        return
    if case.timeline.filter(kind="mediation_statement_effective", data__document_id=document.pk).exists():
        return
    effective = max(_served_on(s.served_at) for s in served)
    record_act(
        case=case,
        actor=None,
        kind="mediation_statement_effective",
        title=gettext_lazy("调解书经双方当事人签收，发生法律效力"),
        detail=_("生效日期 %(on)s。") % {"on": f"{effective:%Y-%m-%d}"},
        article="《劳动争议调解仲裁法》第四十二条",
        obj=document,
        summary="调解书生效",
        audit_data={"effective_on": effective.isoformat()},
        document_id=document.pk,
        effective_on=effective.isoformat(),
    )


@transaction.atomic
def on_served(document, served_at, *, party, service, channel: str) -> None:
    """`delivery.hooks` callback: start what runs from the recorded service of this paper."""
    case = document.case
    if case.kind != KIND or party is None:
        return
    served_on = _served_on(served_at)
    if document.template_code in RESPONDENT_PAPERS and party.side == PartySide.RESPONDENT:
        _on_respondent_served(document, served_on, party, service)
    elif document.template_code in AWARD_TEMPLATES:
        _on_award_served(document, served_on, party)
    elif document.template_code == "mediation_statement":
        _on_mediation_statement_served(document, served_on)
