"""The online application: six steps saved as a draft, real-name checks, submission.

Each step's answers are kept in the draft as soon as they are valid, so nothing typed is lost
when a later step, an upload or a check fails; submission (`portal.submission`, the ID card
read by a job) creates the case in the filing officer's queue through
`cases.services.submit_online_application`.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.arbitration import limitation
from medarb.cases.models import Case, CaseKind, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, submit_online_application
from medarb.core.errors import DomainError
from medarb.core.files import check_upload, store_bytes
from medarb.identity.models import IdentityCheck
from medarb.orgs.models import Unit, UnitKind
from medarb.portal.models import ApplicationDraft, DraftEvidence
from medarb.procedure.calendar import due_date, explain


@dataclass(frozen=True)
class Step:
    code: str
    title: str


STEPS = (
    Step("applicant", gettext_lazy("您的信息")),
    Step("employer", gettext_lazy("用人单位")),
    Step("facts", gettext_lazy("发生了什么")),
    Step("claims", gettext_lazy("请求事项")),
    Step("evidence", gettext_lazy("证据材料")),
    Step("submit", gettext_lazy("选择途径并提交")),
)
STEP_CODES = [s.code for s in STEPS]
MAX_EVIDENCE = 20


def _jsonable(value):
    if isinstance(value, (date, Decimal)):
        return str(value)
    if isinstance(value, Unit):
        return value.pk
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def current_draft(*, user) -> ApplicationDraft:
    draft = ApplicationDraft.objects.filter(user=user, submitted_case__isnull=True).first()
    return draft or ApplicationDraft.objects.create(user=user)


@transaction.atomic
def save_step(*, draft: ApplicationDraft, step: str, answers) -> ApplicationDraft:
    if draft.submitted_case_id:
        raise DomainError(_("该申请已经提交，不能再修改。"))
    data = draft.data
    data[step] = _jsonable(answers)
    draft.payload = json.dumps(data, ensure_ascii=False)
    draft.step = max(draft.step, STEP_CODES.index(step) + 2)
    draft.save(update_fields=["payload", "step", "updated_at"])
    return draft


@transaction.atomic
def add_evidence(*, draft: ApplicationDraft, upload, description: str, actor) -> DraftEvidence:
    if draft.evidence_items.count() >= MAX_EVIDENCE:
        raise DomainError(_("证据材料最多上传%(n)s份。") % {"n": MAX_EVIDENCE}, field="file")
    try:
        data, sniffed = check_upload(upload)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="file") from exc
    stored = store_bytes(data=data, name=upload.name, content_type=sniffed.content_type, actor=actor)
    return DraftEvidence.objects.create(
        draft=draft, file=stored, description=(description or upload.name)[:200]
    )


def missing_steps(draft: ApplicationDraft) -> list[Step]:
    data = draft.data
    return [s for s in STEPS[:4] if s.code not in data]


def competent_units(*, street_id: int | None, kind: str) -> Unit:
    """Mediation goes to the street room where the work was done; arbitration to its commission."""
    street = Unit.objects.filter(pk=street_id, kind=UnitKind.STREET, is_active=True).first()
    if street is None:
        raise DomainError(_("请在“发生了什么”一步选择工作地所在街道。"), field="kind")
    if kind == CaseKind.MEDIATION:
        return street
    unit = street.parent
    while unit is not None and unit.kind != UnitKind.COMMISSION:
        unit = unit.parent
    if unit is None:
        raise DomainError(_("没有找到该街道对应的仲裁院。"), field="kind")
    return unit


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def limitation_warnings(draft: ApplicationDraft, *, today: date) -> list[str]:
    """What the worker should know before filing if the dates they gave lie more than a year
    back (Law Art. 27): from the end of the employment, and for a double-wage claim."""
    facts = draft.data.get("facts") or {}
    started, ended = _day(facts.get("started_on")), _day(facts.get("ended_on"))
    warnings = [limitation.for_termination(ended, today=today)]
    causes = {c.get("cause") for c in draft.data.get("claims") or []}
    if "contract.double_wages" in causes and started:
        period = limitation.double_wage_period(started, ended or today)
        if period:
            warnings.append(limitation.for_double_wages(*period, today=today))
    return [w for w in warnings if w]


def _case_input(draft: ApplicationDraft, kind: str) -> CaseInput:
    data = draft.data
    applicant, employer, facts = data["applicant"], data["employer"], data["facts"]
    claims = data["claims"]
    story = facts["facts"]
    details = [
        _("入职日期：%(d)s") % {"d": facts.get("started_on") or "—"},
        _("离职日期：%(d)s") % {"d": facts.get("ended_on") or "—"},
        _("月工资：%(w)s 元") % {"w": facts.get("monthly_wage") or "—"},
    ]
    return CaseInput(
        kind=kind,
        unit=competent_units(street_id=facts.get("street"), kind=kind),
        received_on=timezone.localdate(),
        primary_cause=claims[0]["cause"],
        facts=f"{story}\n\n" + "；".join(details),
        parties=[
            PartyInput(
                side=PartySide.APPLICANT,
                kind=PartyKind.WORKER,
                name=applicant["name"],
                id_number=applicant["id_number"],
                phone=applicant["phone"],
                address=applicant.get("address", ""),
            ),
            PartyInput(
                side=PartySide.RESPONDENT,
                kind=PartyKind.EMPLOYER,
                name=employer["name"],
                is_organisation=True,
                uscc=employer.get("uscc", ""),
                address=employer.get("address", ""),
                legal_representative=employer.get("legal_representative", ""),
                phone=employer.get("phone", ""),
                industry=employer.get("industry", ""),
                employer_type=employer.get("employer_type", ""),
            ),
        ],
        claims=[
            ClaimInput(
                cause=c["cause"],
                description=c["description"],
                amount=Decimal(c["amount"]) if c.get("amount") not in (None, "", "None") else None,
            )
            for c in claims
        ],
    )


def file_application(*, draft: ApplicationDraft, user, kind: str, checks, request=None) -> Case:
    """File the application once the real-name checks have passed (the submission job): the
    case enters the filing officer's queue and the checks are attached to the applicant."""
    if draft.submitted_case_id:
        raise DomainError(_("该申请已经提交。"))
    data = _case_input(draft, kind)
    with transaction.atomic():
        case = submit_online_application(applicant=user, data=data, request=request)
        party = case.parties.get(user=user)
        IdentityCheck.objects.filter(pk__in=[c.pk for c in checks]).update(party=party)
        draft.submitted_case = case
        draft.save(update_fields=["submitted_case", "updated_at"])
    return case


def failure_reason(checks) -> str:
    failed = [c for c in checks if not c.passed]
    reasons = "；".join(f"{c.get_method_display()}：{c.detail.get('reason', '')}" for c in failed)
    return _("实名核验未通过。%(r)s") % {"r": reasons}


def raise_if_failed(checks: list[IdentityCheck]) -> None:
    if any(not c.passed for c in checks):
        raise DomainError(failure_reason(checks))


def decision_due(case: Case) -> tuple[date, str]:
    """When the statutory decision on this application is due, and why."""
    rule = "acceptance_decision" if case.kind == CaseKind.ARBITRATION else "mediation_limit"
    return (
        due_date(rule, case.received_on, case.unit_path),
        explain(rule, case.received_on, case.unit_path),
    )
