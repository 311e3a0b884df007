"""The legal-aid procedure (法律援助法 Art. 41–49), each period a clock of the procedure engine:

- receipt starts the 7 days to decide (Art. 43, `legal_aid_decision`);
- one notice lists everything missing and pauses that clock until the materials come; an
  applicant who never supplies them by the date set is deemed to have withdrawn;
- approval starts the 3 days to assign (`legal_aid_assignment`); assignment gives the
  lawyer or station staff member the case through a scoped share;
- a period of the case ending within 7 days, or urgent preservation, lets the station give aid
  first and the formalities later (Art. 44);
- refusal is in writing with its reasons; an objection to the justice bureau starts its 5
  days (Art. 49, `legal_aid_objection`).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import Case, CaseShare, Party, ShareAccess, ShareReason
from medarb.cases.services import add_timeline
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import check_upload, store_bytes
from medarb.documents.pdf import render_html
from medarb.documents.rendering import official_date
from medarb.documents.signing import seal_pdf
from medarb.legalaid import eligibility, selectors
from medarb.legalaid.models import AidState, Application, Channel, Matter, Proof
from medarb.procedure import clocks
from medarb.procedure.models import Deadline, DeadlineState

URGENT_DAYS = 7
MAX_INCOME = Decimal("100000000")  # what the field holds; anything near it is a typing error
PROOF_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
ASSIGNEE_SCOPE = ["parties", "claims", "facts", "timeline", "documents"]


def _audit(actor, application: Application, summary: str, *, action=AuditAction.UPDATE, request=None):
    record(
        actor=actor,
        action=action,
        obj=application,
        case_id=application.case_id,
        summary=summary,
        request=request,
    )


def _grant(case: Case, *, unit=None, user=None, scope=None, note: str) -> None:
    """The station (or the assigned person) sees the case through a share, as the law's own
    consequence of the application: granted by the platform, audited with the act."""
    exists = (
        CaseShare.objects.active()
        .filter(case=case, unit=unit, user=user, reason=ShareReason.LEGAL_AID)
        .exists()
    )
    if not exists:
        CaseShare.objects.create(
            case=case,
            unit=unit,
            user=user,
            reason=ShareReason.LEGAL_AID,
            access=ShareAccess.READ,
            scope=scope or [],
            note=note,
        )


def urgency(case: Case, today: date) -> str:
    """Why aid should come first (Art. 44 (一)): a live period of the case ending within 7 days."""
    soon = (
        Deadline.objects.filter(
            case=case,
            state=DeadlineState.RUNNING,
            due_on__gte=today,
            due_on__lt=today + timedelta(days=URGENT_DAYS),
        )
        .order_by("due_on")
        .first()
    )
    if soon is None:
        return ""
    return _("%(rule)s于%(due)s届满，不足七日（第四十四条第一项）") % {
        "rule": soon.get_rule_code_display(),
        "due": f"{soon.due_on:%Y-%m-%d}",
    }


def _proofs(application: Application, uploads, *, actor) -> None:
    for title, upload in uploads:
        try:
            data, sniffed = check_upload(upload, allowed=PROOF_TYPES)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="proofs") from None
        stored = store_bytes(
            data=data, name=upload.name or title, content_type=sniffed.content_type, actor=actor
        )
        Proof.objects.create(
            application=application, title=(title or upload.name or _("证明材料"))[:100], file=stored
        )


@transaction.atomic
def apply(
    *,
    case: Case,
    party: Party,
    actor,
    channel: str,
    matter: str,
    income: Decimal | None = None,
    migrant: bool = False,
    statement: str = "",
    proofs=(),
    request=None,
) -> Application:
    if party.case_id != case.pk or party.principal_id is not None:
        raise DomainError(_("申请人须为本案当事人。"), field="party")
    if not selectors.may_apply(actor, case, party):
        raise NotAllowed(_("只有申请人本人或本案承办人员可以提出或转介法律援助申请。"))
    if matter not in Matter.values:
        raise DomainError(_("请选择援助事项。"), field="matter")
    if channel not in Channel.values:
        raise DomainError(_("未知的申请方式。"), field="channel")
    if income is not None and not (income.is_finite() and 0 <= income < MAX_INCOME):
        raise DomainError(_("请填写实际的家庭人均月收入（元）。"), field="income")
    income = income.quantize(Decimal("0.01")) if income is not None else None
    stations = selectors.stations_for(case)
    if not stations:
        raise DomainError(_("本案所在地没有法律援助工作站。"))
    if Application.objects.filter(
        case=case, party=party, state__in=[AidState.RECEIVED, AidState.INCOMPLETE]
    ).exists():
        raise DomainError(_("该当事人已有一份正在审查的法律援助申请。"))
    today = timezone.localdate()
    why = urgency(case, today)
    application = Application.objects.create(
        case=case,
        party=party,
        station=stations[0],
        channel=channel,
        matter=matter,
        income=income,
        is_migrant=migrant,
        statement=statement.strip(),
        received_on=today,
        urgent=bool(why),
        urgent_reason=why,
        created_by=actor,
    )
    _proofs(application, proofs, actor=actor)
    _grant(case, unit=application.station, note=_("法律援助申请"))
    clocks.start_deadline(case=case, rule_code="legal_aid_decision", start=today)
    add_timeline(
        case=case,
        actor=actor,
        kind="legal_aid_applied",
        title=_("%(party)s申请法律援助（%(channel)s）")
        % {"party": party.name, "channel": application.get_channel_display()},
        detail=_("由%(station)s审查。") % {"station": application.station.name},
        application=application.pk,
    )
    _audit(actor, application, "legal aid applied", action=AuditAction.CREATE, request=request)
    return application


def _officer(actor, application: Application) -> None:
    if not selectors.is_officer(actor, application):
        raise NotAllowed(_("只有本法律援助机构的工作人员可以办理。"))


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("case", "party", "station")
        .get(pk=application.pk)
    )


@transaction.atomic
def notify_missing(
    *, application: Application, actor, missing: str, supplement_by: date, request=None
) -> Application:
    """The one notice (一次性告知) of everything missing; the 7 days wait for the materials."""
    application = _locked(application)
    _officer(actor, application)
    if application.missing_notified_on is not None:
        raise DomainError(_("需补充的材料应当一次性告知，已经通知过一次。"))
    if application.state != AidState.RECEIVED:
        raise DomainError(_("只有待审查的申请可以通知补充材料。"))
    if not missing.strip():
        raise DomainError(_("请列明需要补充的全部材料。"), field="missing")
    today = timezone.localdate()
    if supplement_by <= today:
        raise DomainError(_("补充期限应晚于今天。"), field="supplement_by")
    application.state, application.missing = AidState.INCOMPLETE, missing.strip()
    application.missing_notified_on, application.supplement_by = today, supplement_by
    application.save()
    clocks.pause_deadlines(case=application.case, on=today, rule_codes=["legal_aid_decision"])
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_missing",
        title=_("法律援助申请需补充材料（%(by)s前）") % {"by": f"{supplement_by:%Y-%m-%d}"},
        detail=application.missing,
        application=application.pk,
    )
    _audit(actor, application, "legal aid: materials missing", request=request)
    return application


@transaction.atomic
def supply(*, application: Application, actor, proofs, note: str = "", request=None) -> Application:
    """The applicant (or the station for them) hands in what was missing; the clock resumes."""
    application = _locked(application)
    if not (
        selectors.is_officer(actor, application)
        or selectors.may_apply(actor, application.case, application.party)
    ):
        raise NotAllowed(_("只有申请人本人或法律援助机构可以补充材料。"))
    if application.state != AidState.INCOMPLETE:
        raise DomainError(_("该申请不需要补充材料。"))
    if not proofs:
        raise DomainError(_("请上传补充的材料。"), field="proofs")
    _proofs(application, proofs, actor=actor)
    application.state = AidState.RECEIVED
    application.save(update_fields=["state"])
    clocks.resume_deadlines(case=application.case, on=timezone.localdate(), rule_codes=["legal_aid_decision"])
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_supplied",
        title=_("已补充法律援助申请材料"),
        detail=note.strip(),
        application=application.pk,
    )
    _audit(actor, application, "legal aid: materials supplied", request=request)
    return application


@transaction.atomic
def deem_withdrawn(*, application: Application, actor, request=None) -> Application:
    application = _locked(application)
    _officer(actor, application)
    if application.state != AidState.INCOMPLETE or application.supplement_by >= timezone.localdate():
        raise DomainError(_("补充期限届满仍未补充的，才视为撤回申请（第四十三条）。"))
    application.state = AidState.WITHDRAWN
    application.save(update_fields=["state"])
    clocks.stop_deadline(
        case=application.case, rule_code="legal_aid_decision", on=timezone.localdate(), met=False
    )
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_withdrawn",
        title=_("未按要求补充材料，法律援助申请视为撤回"),
        application=application.pk,
    )
    _audit(actor, application, "legal aid: deemed withdrawn", request=request)
    return application


def _refusal_pdf(application: Application, actor) -> object:
    html = render_to_string(
        "legalaid/refusal_pdf.html",
        {
            "a": application,
            "issued": official_date(timezone.localdate()),
            "received": official_date(application.received_on),
            "reasons": [r.strip() for r in application.reasons.splitlines() if r.strip()],
        },
    )
    document = render_html(html)
    # the station's seal over its name and date on the last page
    sealed = seal_pdf(
        document.write_pdf(), unit=application.station, page=len(document.pages) - 1, box=(370, 95, 500, 225)
    )
    return store_bytes(
        data=sealed,
        name=f"不予法律援助决定书-{application.pk}.pdf",
        content_type="application/pdf",
        actor=actor,
    )


@transaction.atomic
def decide(*, application: Application, actor, approve: bool, reasons: str = "", request=None) -> Application:
    """Within 7 days: aid (the assignment's 3 days start) or a written refusal with reasons.
    An urgent application may be granted before its materials are complete (Art. 44)."""
    application = _locked(application)
    _officer(actor, application)
    allowed = [AidState.RECEIVED] + ([AidState.INCOMPLETE] if application.urgent and approve else [])
    if application.state not in allowed:
        raise DomainError(_("该申请当前不能作出决定。"))
    today = timezone.localdate()
    case = application.case
    if approve:
        found = eligibility.examine(
            party=application.party,
            matter=application.matter,
            income=application.income,
            migrant=application.is_migrant,
            on=application.received_on,
            unit=case.unit,
        )
        if not found.eligible and not application.urgent:
            raise DomainError(" ".join(found.reasons))
        application.state = AidState.APPROVED
    else:
        if not reasons.strip():
            raise DomainError(_("不予法律援助的，应当书面说明理由。"), field="reasons")
        application.state, application.reasons = AidState.REFUSED, reasons.strip()
    application.decided_on, application.decided_by = today, actor
    if not approve:
        application.refusal_notice = _refusal_pdf(application, actor)
    application.save()
    if Deadline.objects.filter(
        case=case, rule_code="legal_aid_decision", state=DeadlineState.PAUSED
    ).exists():
        clocks.resume_deadlines(case=case, on=today, rule_codes=["legal_aid_decision"])
    clocks.stop_deadline(case=case, rule_code="legal_aid_decision", on=today, met=True)
    if approve:
        clocks.start_deadline(case=case, rule_code="legal_aid_assignment", start=today)
    title = (
        (_("准予法律援助（先行援助）") if application.urgent and approve else _("准予法律援助"))
        if approve
        else _("不予法律援助")
    )
    add_timeline(
        case=case,
        actor=actor,
        kind="legal_aid_decided",
        title=title,
        detail=application.reasons,
        application=application.pk,
    )
    _audit(actor, application, f"legal aid decided: {'approved' if approve else 'refused'}", request=request)
    return application


@transaction.atomic
def assign(*, application: Application, actor, assignee, request=None) -> Application:
    application = _locked(application)
    _officer(actor, application)
    if application.state != AidState.APPROVED:
        raise DomainError(_("决定给予法律援助后才能指派。"))
    if assignee is None or not selectors.station_staff(application.station).filter(pk=assignee.pk).exists():
        raise DomainError(_("请选择本机构的律师或工作人员。"), field="assignee")
    today = timezone.localdate()
    application.state, application.assignee, application.assigned_on = AidState.ASSIGNED, assignee, today
    application.save(update_fields=["state", "assignee", "assigned_on"])
    clocks.stop_deadline(case=application.case, rule_code="legal_aid_assignment", on=today, met=True)
    _grant(application.case, user=assignee, scope=ASSIGNEE_SCOPE, note=_("法律援助人员"))
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_assigned",
        title=_("指派法律援助人员：%(name)s") % {"name": assignee},
        application=application.pk,
    )
    _audit(actor, application, f"legal aid assigned to {assignee.pk}", request=request)
    return application


@transaction.atomic
def record_objection(*, application: Application, actor, reason: str, on: date, request=None) -> Application:
    """The applicant's objection to a refusal, taken to the justice bureau (Art. 49)."""
    application = _locked(application)
    if not (
        selectors.is_officer(actor, application)
        or selectors.may_apply(actor, application.case, application.party)
    ):
        raise NotAllowed(_("只有申请人本人或法律援助机构可以登记异议。"))
    if application.state != AidState.REFUSED or application.objection_on is not None:
        raise DomainError(_("只能对不予援助的决定提出一次异议。"))
    if not reason.strip():
        raise DomainError(_("请写明异议理由。"), field="objection")
    application.objection, application.objection_on = reason.strip(), on
    application.save(update_fields=["objection", "objection_on"])
    clocks.start_deadline(case=application.case, rule_code="legal_aid_objection", start=on)
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_objection",
        title=_("对不予法律援助决定提出异议"),
        detail=application.objection,
        application=application.pk,
    )
    _audit(actor, application, "legal aid objection", request=request)
    return application


@transaction.atomic
def record_objection_result(
    *, application: Application, actor, upheld: bool, on: date, request=None
) -> Application:
    """The justice bureau's answer: the refusal stands, or the station must correct it (and
    examines the application again)."""
    application = _locked(application)
    _officer(actor, application)
    if application.objection_on is None or application.objection_decided_on is not None:
        raise DomainError(_("没有待审查的异议。"))
    application.objection_result = "upheld" if upheld else "corrected"
    application.objection_decided_on = on
    if not upheld:
        application.state, application.decided_on, application.decided_by = AidState.RECEIVED, None, None
    application.save()
    clocks.stop_deadline(case=application.case, rule_code="legal_aid_objection", on=on, met=True)
    if not upheld:
        clocks.start_deadline(case=application.case, rule_code="legal_aid_decision", start=on)
    add_timeline(
        case=application.case,
        actor=actor,
        kind="legal_aid_objection_decided",
        title=_("司法行政部门维持不予援助的决定") if upheld else _("司法行政部门责令改正，重新审查"),
        application=application.pk,
    )
    _audit(actor, application, f"legal aid objection {'upheld' if upheld else 'corrected'}", request=request)
    return application


@transaction.atomic
def log_advice(
    *, station, actor, person: str, phone: str, topic: str, summary: str, at=None, case=None, request=None
):
    from medarb.legalaid.models import Advice

    if station not in selectors.officer_stations(actor):
        raise NotAllowed(_("只有本法律援助机构的工作人员可以登记咨询。"))
    if not person.strip() or not summary.strip():
        raise DomainError(_("请填写咨询人和咨询内容。"))
    if topic not in Matter.values:
        raise DomainError(_("请选择咨询事项。"), field="topic")
    advice = Advice.objects.create(
        station=station,
        given_by=actor,
        at=at or timezone.now(),
        person=person.strip()[:60],
        phone=phone.strip()[:20],
        topic=topic,
        summary=summary.strip(),
        case=case,
    )
    record(actor=actor, action=AuditAction.CREATE, obj=advice, summary="legal advice logged", request=request)
    return advice
