"""Use cases of the archives: bind the volumes, check and hand over, accept (归档), correct an
archived dossier, let a party read the main volume, and dispose of a lapsed one.
Every act is audited with the case."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.archives import binding, disposal, retention
from medarb.archives.models import (
    CompileState,
    Correction,
    CorrectionState,
    Dossier,
    DossierState,
    DossierVolume,
    ReadingRequest,
    ReadingState,
    RetentionRule,
)
from medarb.archives.selectors import (
    is_archivist,
    latest_volumes,
    may_bind,
    may_decide,
    may_request_reading,
    rule_units,
)
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import Case, CaseKind, PartySide
from medarb.cases.workflow import fire
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import discard, read_bytes, store_bytes
from medarb.documents.models import Volume
from medarb.documents.rendering import official_date, official_datetime
from medarb.procedure.declaration import procedure_for

READING_DAYS = 7  # how long an approved reading stays open, unless the chair says otherwise


def _locked(dossier: Dossier) -> Dossier:
    """The row as it is now, locked: two people acting at once must not both move it."""
    return Dossier.objects.select_for_update(of=("self",)).select_related("case__unit").get(pk=dossier.pk)


def dossier_of(case: Case) -> Dossier:
    dossier, _created = Dossier.objects.get_or_create(case=case)
    return dossier


def _audit(actor, dossier: Dossier, summary: str, *, action=AuditAction.UPDATE, request=None, data=None):
    record(
        actor=actor,
        action=action,
        obj=dossier,
        case_id=dossier.case_id,
        summary=summary,
        request=request,
        data=data,
    )


# --- binding -----------------------------------------------------------------------------------


def _queue(dossier: Dossier, *, actor, reason: str) -> list[DossierVolume]:
    latest = dict(dossier.volumes.values("volume").annotate(v=Max("version")).values_list("volume", "v"))
    volumes = [
        DossierVolume.objects.create(
            dossier=dossier,
            volume=volume,
            version=latest.get(volume, 0) + 1,
            reason=reason,
            compiled_by=actor,
        )
        for volume in (Volume.MAIN, Volume.INTERNAL)
    ]
    from medarb.archives.tasks import bind_volume

    for volume in volumes:
        transaction.on_commit(lambda pk=volume.pk: bind_volume(pk))
    return volumes


@transaction.atomic
def compile_dossier(*, case: Case, actor, request=None) -> Dossier:
    """Bind (again) both volumes of a closed case that is not archived yet."""
    if not may_bind(actor, case):
        raise NotAllowed(_("只有本案承办人员可以立卷。"))
    if case.closed_on is None:
        raise DomainError(_("案件结案后才能立卷归档。"))
    dossier = Dossier.objects.select_for_update().get(pk=dossier_of(case).pk)
    if dossier.state != DossierState.OPEN:
        raise DomainError(_("卷宗已检查移交或已归档，不能重新装订；如需改动，请申请更正。"))
    if dossier.volumes.filter(state__in=[CompileState.QUEUED, CompileState.BUILDING]).exists():
        raise DomainError(_("卷宗正在装订，请稍候。"))
    _queue(dossier, actor=actor, reason=_("立卷"))
    _audit(actor, dossier, _("装订卷宗（正卷、副卷）"), action=AuditAction.CREATE, request=request)
    return dossier


def _people(case: Case) -> tuple[str, list[str]]:
    """Who handled the case, as the cover names them."""
    tribunal = getattr(case, "tribunal", None) if case.kind == CaseKind.ARBITRATION else None
    if tribunal is not None:
        names = [str(tribunal.presiding)] + [
            str(m) for m in tribunal.members.exclude(pk=tribunal.presiding_id)
        ]
        if tribunal.clerk_id:
            names.append(_("书记员%(name)s") % {"name": tribunal.clerk})
        return _("仲 裁 庭"), names
    return _("承 办 人"), [str(case.handler)] if case.handler_id else []


def _cover(volume: DossierVolume) -> dict:
    dossier, case = volume.dossier, volume.dossier.case
    period = retention.period_of(case)
    parties = [p for p in case.parties.all() if p.principal_id is None]
    title, handlers = _people(case)
    reasons = retention.CLOSE_REASONS.get(case.kind, {})
    return {
        "unit_name": case.unit.name,
        "dossier_title": _("劳动人事争议仲裁案卷")
        if case.kind == CaseKind.ARBITRATION
        else _("劳动争议调解案卷"),
        "archive_number": dossier.archive_number,
        "applicants": [p.name for p in parties if p.side == PartySide.APPLICANT],
        "respondents": [p.name for p in parties if p.side == PartySide.RESPONDENT],
        "handler_title": title,
        "handlers": handlers,
        "received": official_date(case.received_on),
        "closed": official_date(case.closed_on),
        "close_way": reasons.get(case.close_reason or "", reasons.get("", "")),
        "retention": period.label,
        "compiled_by": str(volume.compiled_by),
        "checked_by": str(dossier.checked_by) if dossier.checked_by_id else "",
        "checked_at": official_datetime(dossier.checked_at) if dossier.checked_at else "",
        "note": volume.reason if volume.version > 1 else "",
        "media": _media(case) if volume.volume == Volume.MAIN else [],
    }


def _media(case: Case) -> list[dict]:
    from medarb.recording.models import Recording

    recordings = Recording.objects.filter(sitting__case=case).select_related("file").order_by("pk")
    return [
        {
            "title": str(r),
            "duration": f"{int(r.duration_seconds // 60)}:{int(r.duration_seconds % 60):02d}",
            "sha256": r.file.sha256,
        }
        for r in recordings
    ]


def build_volume(*, volume_id: int) -> DossierVolume | None:
    """The job: bind one volume and keep it, or record why it failed."""
    volume = (
        DossierVolume.objects.select_related("dossier__case__unit", "compiled_by")
        .filter(pk=volume_id)
        .first()
    )
    if volume is None or volume.state == CompileState.READY:
        return volume
    DossierVolume.objects.filter(pk=volume.pk).update(state=CompileState.BUILDING, progress=0, error="")
    case = volume.dossier.case

    def progress(percent: int) -> None:
        DossierVolume.objects.filter(pk=volume.pk).update(progress=percent)

    try:
        bound = binding.bind(case, volume.volume, context=_cover(volume), progress=progress)
        name = f"{case.display_number}-{volume.get_volume_display()}-v{volume.version}.pdf"
        pdf = store_bytes(data=bound.pdf, name=name, content_type="application/pdf", actor=volume.compiled_by)
    except Exception as exc:
        DossierVolume.objects.filter(pk=volume.pk).update(state=CompileState.FAILED, error=str(exc)[:300])
        raise
    manifest = bound.manifest(
        case=case.display_number,
        volume=volume.volume,
        version=volume.version,
        compiled_at=timezone.localtime().isoformat(timespec="seconds"),
    )
    DossierVolume.objects.filter(pk=volume.pk).update(
        state=CompileState.READY, progress=100, pdf=pdf, pages=bound.pages, manifest=manifest
    )
    volume.refresh_from_db()
    return volume


# --- check, hand over, accept ---------------------------------------------------------------


@transaction.atomic
def check_dossier(*, case: Case, actor, note: str = "", request=None) -> Dossier:
    """The clerk has checked the bound volumes against the file and hands them to the archives."""
    if not may_bind(actor, case):
        raise NotAllowed(_("只有本案承办人员可以检查移交卷宗。"))
    dossier = Dossier.objects.select_for_update().get(pk=dossier_of(case).pk)
    if dossier.state != DossierState.OPEN:
        raise DomainError(_("卷宗已移交档案室。"))
    volumes = latest_volumes(dossier)
    if len(volumes) < 2 or any(v.state != CompileState.READY for v in volumes.values()):
        raise DomainError(_("请先装订卷宗，正卷、副卷都装订完成后才能检查移交。"))
    dossier.state, dossier.checked_by, dossier.checked_at = DossierState.CHECKED, actor, timezone.now()
    dossier.check_note = note.strip()
    dossier.save(update_fields=["state", "checked_by", "checked_at", "check_note"])
    _audit(actor, dossier, _("检查卷宗并移交归档"), request=request)
    return dossier


@transaction.atomic
def return_dossier(*, dossier: Dossier, actor, note: str, request=None) -> Dossier:
    """The archivist sends the dossier back to the clerk with what must be put right."""
    dossier = _locked(dossier)
    if not is_archivist(actor, dossier.case):
        raise NotAllowed(_("只有档案管理员可以接收或退回卷宗。"))
    if dossier.state != DossierState.CHECKED:
        raise DomainError(_("只有待接收的卷宗可以退回。"))
    if not note.strip():
        raise DomainError(_("请写明退回的原因。"), field="note")
    dossier.state, dossier.check_note = DossierState.OPEN, _("档案室退回：%(note)s") % {"note": note.strip()}
    dossier.checked_by = dossier.checked_at = None
    dossier.save(update_fields=["state", "check_note", "checked_by", "checked_at"])
    _audit(actor, dossier, _("退回卷宗：%(note)s") % {"note": note.strip()}, request=request)
    return dossier


def _archive_number(dossier: Dossier, year: int) -> str:
    unit = dossier.case.unit
    prefix = unit.case_prefix or unit.short_name or unit.name
    count = Dossier.objects.filter(archive_number__startswith=f"{prefix}仲档〔{year}〕").count()
    return f"{prefix}仲档〔{year}〕第{count + 1}号"


@transaction.atomic
def accept_dossier(*, dossier: Dossier, actor, request=None) -> Dossier:
    """归档: the archivist accepts the checked dossier; its retention starts, it is sealed, and
    an arbitration case moves to 已归档."""
    dossier = _locked(dossier)
    case = dossier.case
    if not is_archivist(actor, case):
        raise NotAllowed(_("只有档案管理员可以接收或退回卷宗。"))
    if dossier.state != DossierState.CHECKED:
        raise DomainError(_("卷宗须经书记员检查移交后才能归档。"))
    period = retention.period_of(case)
    today = timezone.localdate()
    dossier.state, dossier.accepted_by, dossier.accepted_at = DossierState.ARCHIVED, actor, timezone.now()
    dossier.retention_years = period.years
    dossier.retain_until = retention.retain_until(case.closed_on or today, period.years)
    dossier.archive_number = _archive_number(dossier, today.year)
    dossier.save()
    _audit(
        actor,
        dossier,
        _("接收卷宗归档，档案号%(number)s，保管期限%(period)s")
        % {"number": dossier.archive_number, "period": period.label},
        request=request,
    )
    if _may_archive_case(case):
        fire(
            case=case,
            transition="archive",
            actor=dossier.checked_by,
            request=request,
            note=_("档案管理员%(name)s接收卷宗，档案号%(number)s")
            % {"name": actor, "number": dossier.archive_number},
        )
    return dossier


def _may_archive_case(case: Case) -> bool:
    try:
        procedure = procedure_for(case.kind)
    except LookupError:
        return False
    return any(t.code == "archive" for t in procedure.transitions_from(case.status))


# --- corrections -------------------------------------------------------------------------------


@transaction.atomic
def request_correction(*, case: Case, actor, volume: str, reason: str, request=None) -> Correction:
    if not may_bind(actor, case):
        raise NotAllowed(_("只有本案承办人员可以申请更正卷宗。"))
    dossier = dossier_of(case)
    if dossier.state != DossierState.ARCHIVED:
        raise DomainError(_("只有已归档的卷宗需要申请更正；未归档的卷宗可以直接重新装订。"))
    if volume not in Volume.values:
        raise DomainError(_("请选择正卷或副卷。"), field="volume")
    if not reason.strip():
        raise DomainError(_("请写明更正的理由。"), field="reason")
    if dossier.corrections.filter(state=CorrectionState.PENDING).exists():
        raise DomainError(_("已有一项更正申请在等待审批。"))
    correction = Correction.objects.create(
        dossier=dossier, volume=volume, reason=reason.strip(), requested_by=actor
    )
    _audit(
        actor,
        dossier,
        _("申请更正已归档卷宗（%(volume)s）：%(reason)s")
        % {"volume": Volume(volume).label, "reason": correction.reason},
        action=AuditAction.CREATE,
        request=request,
    )
    return correction


@transaction.atomic
def decide_correction(
    *, correction: Correction, actor, approve: bool, comment: str = "", request=None
) -> Correction:
    """The chair decides; an approved correction binds a new version of that volume."""
    dossier = correction.dossier
    if not may_decide(actor, dossier.case):
        raise NotAllowed(_("卷宗更正须由主任审批。"))
    if correction.state != CorrectionState.PENDING:
        raise DomainError(_("该申请已经审批。"))
    correction.state = CorrectionState.APPROVED if approve else CorrectionState.REFUSED
    correction.decided_by, correction.decided_at, correction.comment = actor, timezone.now(), comment.strip()
    correction.save()
    if approve:
        version = (dossier.volumes.filter(volume=correction.volume).aggregate(v=Max("version"))["v"] or 0) + 1
        volume = DossierVolume.objects.create(
            dossier=dossier,
            volume=correction.volume,
            version=version,
            reason=_("经批准更正：%(reason)s") % {"reason": correction.reason},
            compiled_by=correction.requested_by,
        )
        from medarb.archives.tasks import bind_volume

        transaction.on_commit(lambda: bind_volume(volume.pk))
    _audit(
        actor,
        dossier,
        (_("批准更正卷宗") if approve else _("不予批准更正卷宗")) + f"：{correction.reason}",
        request=request,
    )
    return correction


# --- reading (查阅) -----------------------------------------------------------------------------


@transaction.atomic
def request_reading(*, case: Case, reader, purpose: str, request=None) -> ReadingRequest:
    if not may_request_reading(reader, case):
        raise NotAllowed(_("只有本案当事人及其代理人可以申请查阅卷宗。"))
    if not purpose.strip():
        raise DomainError(_("请写明查阅事由。"), field="purpose")
    dossier = dossier_of(case)
    if latest_volumes(dossier, ready=True).get(Volume.MAIN) is None:
        raise DomainError(_("本案卷宗尚未装订，暂不能查阅。"))
    if dossier.readings.filter(reader=reader, state=ReadingState.PENDING).exists():
        raise DomainError(_("您的查阅申请正在审批中。"))
    reading = ReadingRequest.objects.create(dossier=dossier, reader=reader, purpose=purpose.strip()[:200])
    _audit(reader, dossier, _("申请查阅卷宗正卷"), action=AuditAction.CREATE, request=request)
    return reading


@transaction.atomic
def decide_reading(
    *,
    reading: ReadingRequest,
    actor,
    approve: bool,
    days: int = READING_DAYS,
    comment: str = "",
    request=None,
) -> ReadingRequest:
    if not may_decide(actor, reading.dossier.case):
        raise NotAllowed(_("查阅申请须由主任审批。"))
    if reading.state != ReadingState.PENDING:
        raise DomainError(_("该申请已经审批。"))
    if approve and not 1 <= days <= 30:
        raise DomainError(_("查阅期限为1至30天。"), field="days")
    if not approve and not comment.strip():
        raise DomainError(_("不予批准时请写明理由。"), field="comment")
    reading.state = ReadingState.APPROVED if approve else ReadingState.REFUSED
    reading.decided_by, reading.decided_at, reading.comment = actor, timezone.now(), comment.strip()
    if approve:
        reading.valid_until = timezone.now() + timedelta(days=days)
    reading.save()
    _audit(
        actor,
        reading.dossier,
        (_("批准查阅卷宗") if approve else _("不予批准查阅卷宗")) + f"：{reading.reader}",
        request=request,
    )
    return reading


def read_main_volume(*, reading: ReadingRequest, reader, request=None) -> tuple[bytes, str]:
    """The main volume watermarked with the reader's name and the time, once per request."""
    if reading.reader_id != reader.pk:
        raise NotAllowed(_("这不是您的查阅申请。"))
    if (
        reading.state != ReadingState.APPROVED
        or reading.valid_until is None
        or reading.valid_until < timezone.now()
    ):
        raise NotAllowed(_("查阅申请未获批准或已过期。"))
    volume = latest_volumes(reading.dossier, ready=True).get(Volume.MAIN)
    if volume is None:
        raise DomainError(_("本案卷宗尚未装订，暂不能查阅。"))
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    pdf = binding.watermark(
        read_bytes(volume.pdf), text=_("%(name)s 查阅 %(at)s") % {"name": reader, "at": stamp}
    )
    ReadingRequest.objects.filter(pk=reading.pk).update(reads=reading.reads + 1)
    _audit(
        reader,
        reading.dossier,
        _("在线查阅卷宗正卷（加水印）"),
        action=AuditAction.READ,
        request=request,
        data={"volume": volume.pk, "version": volume.version},
    )
    return pdf, f"{reading.dossier.case.display_number}-正卷.pdf"


# --- retention ---------------------------------------------------------------------------------


@transaction.atomic
def dispose(*, dossier: Dossier, actor, note: str, request=None) -> Dossier:
    """Dispose of (销毁) a dossier whose retention has lapsed, after appraisal: the bytes of its
    papers, volumes, recordings and discs are destroyed; their hashes stay in the audit entry
    and in the volumes' manifests (the 销毁清册)."""
    dossier = _locked(dossier)
    if not is_archivist(actor, dossier.case):
        raise NotAllowed(_("只有档案管理员可以办理销毁。"))
    if dossier.state != DossierState.ARCHIVED or dossier.retain_until is None:
        raise DomainError(_("只有已归档且定期保管的卷宗可以销毁。"))
    if dossier.retain_until > timezone.localdate():
        raise DomainError(_("保管期限未满，不能销毁。"))
    if not note.strip():
        raise DomainError(_("请写明鉴定意见和销毁方式。"), field="note")
    dossier.state, dossier.disposed_by, dossier.disposed_at = DossierState.DISPOSED, actor, timezone.now()
    dossier.disposal_note = note.strip()
    dossier.save(update_fields=["state", "disposed_by", "disposed_at", "disposal_note"])
    files = disposal.files_of(dossier.case)
    discard(files)
    _audit(
        actor,
        dossier,
        _("卷宗保管期满销毁：%(note)s") % {"note": dossier.disposal_note},
        action=AuditAction.DELETE,
        request=request,
        data={"files": [{"sha256": f.sha256, "name": f.original_name, "size": f.size} for f in files]},
    )
    return dossier


@transaction.atomic
def set_retention(*, unit, actor, kind: str, close_reason: str, years: int | None, request=None) -> None:
    """A commission's period for a kind and way of closure; never under the statutory minimum."""
    if unit not in rule_units(actor):
        raise NotAllowed(_("只有本单位管理员或主任可以设置保管期限。"))
    if close_reason not in retention.CLOSE_REASONS.get(kind, {}):
        raise DomainError(_("没有这种结案方式。"))
    minimum = retention.statutory_years(kind, close_reason)
    if years is not None and not minimum <= years <= 100:
        raise DomainError(
            _("保管年限不得少于%(n)s年（%(article)s），也不超过100年；长期保存请选“永久”。")
            % {"n": minimum, "article": retention.ARTICLE},
            field="years",
        )
    RetentionRule.objects.update_or_create(
        unit=unit, kind=kind, close_reason=close_reason, defaults={"years": years, "changed_by": actor}
    )
    label = retention.CLOSE_REASONS[kind][close_reason]
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="retention_rule",
        object_id=unit.pk,
        summary=_("设置卷宗保管期限：%(kind)s·%(reason)s %(years)s")
        % {"kind": CaseKind(kind).label, "reason": label, "years": years or _("永久")},
        request=request,
    )
