"""Recording what the court does with a case, and handing it the dossier; each act audited."""

import hashlib
import io
import json
import zipfile
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.archives.selectors import latest_volumes
from medarb.archives.services import dossier_of
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case, CaseShare, Party, ShareReason
from medarb.cases.services import add_timeline, share_case
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import check_upload, read_bytes, store_bytes
from medarb.court import rules, selectors
from medarb.court.models import Filing, Outcome, Route, Transfer
from medarb.documents.models import Volume
from medarb.orgs.models import UnitKind
from medarb.procedure.models import Deadline


def _share_with(case: Case, court, *, actor, request=None) -> None:
    """The court's liaison sees the case from the moment it is linked (a read share)."""
    if not CaseShare.objects.active().filter(case=case, unit=court).exists():
        share_case(
            actor=actor,
            case=case,
            reason=ShareReason.COURT_LINKAGE,
            unit=court,
            note=_("裁审衔接"),
            request=request,
        )


def _due(case: Case, route: str) -> date | None:
    """The last day of the route's period, from the case's own clock (started at service)."""
    code = rules.PERIOD_RULES.get(route)
    if code is None:
        return None
    deadline = Deadline.objects.filter(case=case, rule_code=code).order_by("-started_on", "-id").first()
    return deadline.due_on if deadline else None


@transaction.atomic
def record_filing(
    *,
    case: Case,
    actor,
    route: str,
    party: Party,
    court,
    filed_on: date,
    court_number: str = "",
    request=None,
) -> Filing:
    if not selectors.may_record(actor, case):
        raise NotAllowed(_("只有本案承办人员或受理法院的联络员可以登记。"))
    if route not in Route.values:
        raise DomainError(_("请选择途径。"), field="route")
    if party.case_id != case.pk or party.principal_id is not None:
        raise DomainError(_("请选择本案的当事人。"), field="party")
    if court is None or court.kind != UnitKind.COURT or court not in selectors.courts_for(case):
        raise DomainError(_("请选择对本案有管辖的人民法院。"), field="court")
    if refusal := rules.refusal(case, route, party):
        raise DomainError(refusal, field="route")
    if filed_on > timezone.localdate() or (case.closed_on and filed_on < case.closed_on):
        raise DomainError(_("立案日期应在结案之后、今天之前。"), field="filed_on")
    due = _due(case, route)
    if policy.can_write_case(actor, case):
        _share_with(case, court, actor=actor, request=request)
    filing = Filing.objects.create(
        case=case,
        route=route,
        party=party,
        court=court,
        court_number=court_number.strip()[:60],
        filed_on=filed_on,
        due_on=due,
        late=bool(due and filed_on > due),
        recorded_by=actor,
    )
    label = Route(route).label
    add_timeline(
        case=case,
        actor=actor,
        kind="court_filing",
        title=_("%(party)s%(route)s（%(court)s）")
        % {"party": party.name, "route": label, "court": court.name},
        detail=(_("法院案号 %(n)s；") % {"n": filing.court_number} if filing.court_number else "")
        + (_("立案日期 %(d)s，已超过期限（%(due)s 届满）。") if filing.late else _("立案日期 %(d)s。"))
        % {"d": f"{filed_on:%Y-%m-%d}", "due": f"{due:%Y-%m-%d}" if due else ""},
        filing=filing.pk,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=filing,
        case_id=case.pk,
        summary=f"court filing {route} {filing.court_number}",
        request=request,
    )
    return filing


@transaction.atomic
def record_outcome(
    *, filing: Filing, actor, outcome: str, decided_on: date, judgment=None, note: str = "", request=None
) -> Filing:
    case = filing.case
    if not selectors.may_record(actor, case):
        raise NotAllowed(_("只有本案承办人员或受理法院的联络员可以登记。"))
    if outcome not in rules.OUTCOMES[filing.route]:
        raise DomainError(_("该途径没有这种结果。"), field="outcome")
    if decided_on < filing.filed_on or decided_on > timezone.localdate():
        raise DomainError(_("裁判日期应在立案之后、今天之前。"), field="decided_on")
    if judgment is not None:
        try:
            data, _sniffed = check_upload(judgment, allowed=frozenset({"application/pdf"}))
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="judgment") from None
        filing.judgment = store_bytes(
            data=data, name=judgment.name or "judgment.pdf", content_type="application/pdf", actor=actor
        )
    elif outcome != Outcome.WITHDRAWN and filing.judgment_id is None:
        raise DomainError(_("请上传法院的裁判文书（PDF）。"), field="judgment")
    filing.outcome, filing.decided_on, filing.outcome_by = outcome, decided_on, actor
    filing.outcome_note = note.strip()[:300]
    filing.save()
    add_timeline(
        case=case,
        actor=actor,
        kind="court_outcome",
        title=_("法院%(route)s：%(outcome)s")
        % {"route": filing.get_route_display(), "outcome": filing.get_outcome_display()},
        detail=_("裁判日期 %(d)s。%(note)s") % {"d": f"{decided_on:%Y-%m-%d}", "note": filing.outcome_note},
        filing=filing.pk,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=filing,
        case_id=case.pk,
        summary=f"court outcome {filing.route} {outcome}",
        request=request,
    )
    return filing


def _package(case: Case, volume) -> tuple[bytes, str]:
    """The main volume and its manifest, zipped; the manifest's own hash is the package's key."""
    pdf = read_bytes(volume.pdf)
    manifest = {
        "case": case.display_number,
        "unit": case.unit.name,
        "volume": "main",
        "version": volume.version,
        "files": [{"name": "正卷.pdf", "sha256": volume.pdf.sha256, "size": len(pdf), "pages": volume.pages}],
        "entries": volume.manifest.get("entries", []),
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("正卷.pdf", pdf)
        archive.writestr("manifest.json", manifest_bytes)
    return out.getvalue(), hashlib.sha256(manifest_bytes).hexdigest()


@transaction.atomic
def transfer_dossier(*, case: Case, actor, court, request=None) -> Transfer:
    """移送卷宗: the handler hands the bound main volume to a court the case is linked to."""
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("只有本案承办人员可以移送卷宗。"))
    if court is None or court.kind != UnitKind.COURT or court not in selectors.courts_for(case):
        raise DomainError(_("请选择对本案有管辖的人民法院。"), field="court")
    volume = latest_volumes(dossier_of(case), ready=True).get(Volume.MAIN)
    if volume is None:
        raise DomainError(_("请先装订卷宗（卷宗归档），再移送法院。"))
    _share_with(case, court, actor=actor, request=request)
    data, manifest_sha = _package(case, volume)
    package = store_bytes(
        data=data, name=f"{case.display_number}-卷宗.zip", content_type="application/zip", actor=actor
    )
    transfer = Transfer.objects.create(
        case=case, court=court, package=package, manifest_sha256=manifest_sha, sent_by=actor
    )
    add_timeline(
        case=case,
        actor=actor,
        kind="court_transfer",
        internal=True,
        title=_("向%(court)s移送卷宗") % {"court": court.name},
        detail=f"SHA-256 {package.sha256}",
        transfer=transfer.pk,
    )
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=transfer,
        case_id=case.pk,
        summary=f"dossier to court {court.pk}",
        data={"sha256": package.sha256},
        request=request,
    )
    return transfer


@transaction.atomic
def acknowledge(*, transfer: Transfer, actor, sha256: str, note: str = "", request=None) -> Transfer:
    """The court's receipt: its liaison confirms the package arrived whole (its SHA-256)."""
    if transfer.court not in selectors.court_units(actor):
        raise NotAllowed(_("只有受理法院的联络员可以签收。"))
    if transfer.received_at is not None:
        raise DomainError(_("该卷宗已经签收。"))
    if sha256.strip().lower() != transfer.package.sha256:
        raise DomainError(_("校验值不符：收到的卷宗与移送的不一致，请重新下载。"), field="sha256")
    transfer.received_by, transfer.received_at, transfer.receipt_note = (
        actor,
        timezone.now(),
        note.strip()[:300],
    )
    transfer.save(update_fields=["received_by", "received_at", "receipt_note"])
    add_timeline(
        case=transfer.case,
        actor=actor,
        kind="court_receipt",
        internal=True,
        title=_("%(court)s签收卷宗") % {"court": transfer.court.name},
        transfer=transfer.pk,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=transfer,
        case_id=transfer.case_id,
        summary="court receipt of the dossier",
        request=request,
    )
    return transfer
