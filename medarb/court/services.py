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


# --- circuit hearings, joint mediation, joint meetings -----------------------------------------


@transaction.atomic
def open_circuit_court(*, unit, actor, name: str, address: str, request=None):
    """A mobile arbitration court (巡回仲裁庭): a temporary room of the unit at an address outside
    the commission (a township office, a construction site), where sittings are then scheduled
    like in any room; parties find the address on their notices and in the portal."""
    from medarb.orgs.models import Room, RoomKind
    from medarb.orgs.services import add_room

    if unit not in selectors.circuit_units(actor):
        raise NotAllowed(_("只有本单位的主任、管理员或办案人员可以设立巡回仲裁庭。"))
    name, address = name.strip(), address.strip()
    if not name or not address:
        raise DomainError(_("请填写巡回仲裁庭的名称和地址。"))
    if Room.objects.filter(unit=unit, name=name).exists():
        raise DomainError(_("已有同名的场所。"), field="name")
    room = add_room(unit=unit, name=name[:80], kind=RoomKind.CIRCUIT_COURT, location=address[:120], seats=20)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=room,
        summary=f"circuit court {room.name}",
        request=request,
    )
    return room


@transaction.atomic
def close_circuit_court(*, room, actor, request=None) -> None:
    if room.unit not in selectors.circuit_units(actor):
        raise NotAllowed(_("只有本单位的主任、管理员或办案人员可以撤销巡回仲裁庭。"))
    room.is_active = False
    room.save(update_fields=["is_active"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=room,
        summary=f"circuit court closed {room.name}",
        request=request,
    )


@transaction.atomic
def invite_court_mediator(*, case: Case, actor, mediator, request=None):
    """Joint pre-filing mediation (诉前联合调解): a mediator of a linked court joins a mediation
    case through a write share, and mediates beside the commission's own."""
    from medarb.cases.models import CaseKind, ShareAccess

    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("只有本案承办人员可以邀请法院调解员。"))
    if case.kind != CaseKind.MEDIATION or case.closed_on is not None:
        raise DomainError(_("只有正在调解的案件可以联合调解。"))
    if mediator is None or mediator not in selectors.court_mediators(case):
        raise DomainError(_("请选择对本案有管辖的人民法院的调解员。"), field="mediator")
    if CaseShare.objects.active().filter(case=case, user=mediator).exists():
        raise DomainError(_("该调解员已经参加本案调解。"))
    share = share_case(
        actor=actor,
        case=case,
        reason=ShareReason.COURT_LINKAGE,
        user=mediator,
        access=ShareAccess.WRITE,
        note=_("诉前联合调解"),
        request=request,
    )
    add_timeline(
        case=case,
        actor=actor,
        kind="joint_mediation",
        title=_("邀请%(court)s调解员%(name)s联合调解")
        % {"court": selectors.court_of(mediator), "name": mediator},
    )
    return share


def _minutes_pdf(meeting, cases) -> bytes:
    """The minutes in the official layout, sealed by the commission over its name and date."""
    from django.template.loader import render_to_string

    from medarb.documents.pdf import render_html
    from medarb.documents.rendering import official_date, official_datetime
    from medarb.documents.signing import seal_pdf

    html = render_to_string(
        "court/minutes_pdf.html",
        {
            "m": meeting,
            "held": official_datetime(meeting.held_at),
            "issued": official_date(timezone.localdate()),
            "paragraphs": [p.strip() for p in meeting.minutes.splitlines() if p.strip()],
            "cases": cases,
        },
    )
    document = render_html(html)
    return seal_pdf(
        document.write_pdf(), unit=meeting.unit, page=len(document.pages) - 1, box=(370, 95, 500, 225)
    )


@transaction.atomic
def record_joint_meeting(
    *,
    unit,
    court,
    actor,
    held_at,
    place: str,
    attendees: str,
    topics: str,
    minutes: str,
    cases=(),
    request=None,
):
    """联席会议: the commission's chair or admin records a joint meeting with the court; the
    minutes name the cases discussed (of the commission's own subtree only) and are sealed."""
    from medarb.court.models import JointMeeting

    if unit not in selectors.meeting_units(actor):
        raise NotAllowed(_("只有仲裁机构的主任或管理员可以记录联席会议。"))
    if court is None or court.kind != UnitKind.COURT:
        raise DomainError(_("请选择人民法院。"), field="court")
    if not (place.strip() and attendees.strip() and topics.strip() and minutes.strip()):
        raise DomainError(_("请填写会议地点、参会人员、议题和纪要。"))
    if held_at > timezone.now():
        raise DomainError(_("会议时间不能晚于现在。"), field="held_at")
    cases = [c for c in cases if c.unit_path.startswith(unit.path)]
    meeting = JointMeeting(
        unit=unit,
        court=court,
        held_at=held_at,
        place=place.strip()[:120],
        attendees=attendees.strip(),
        topics=topics.strip(),
        minutes=minutes.strip(),
        recorded_by=actor,
    )
    meeting.minutes_file = store_bytes(
        data=_minutes_pdf(meeting, cases),
        name=f"裁审联席会议纪要-{held_at:%Y%m%d}.pdf",
        content_type="application/pdf",
        actor=actor,
    )
    meeting.save()
    meeting.cases.set(cases)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        summary="court joint meeting minutes",
        request=request,
    )
    return meeting
