"""Exporting a case to a disc image and burning it; every export and burn is audited."""

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import local_path, open_stored, store_path
from medarb.recording import disc
from medarb.recording.models import BurnState, DiscExport, DiscFormat, DiscState

CONTENT_TYPES = {DiscFormat.ISO: "application/x-iso9660-image", DiscFormat.ZIP: "application/zip"}


def may_export(user, case: Case) -> bool:
    """Those who handle the case export its disc (it holds every document and recording)."""
    return policy.can_write_case(user, case)


@transaction.atomic
def request_disc(*, case: Case, actor, fmt: str, request=None) -> DiscExport:
    """Queue an image of the case's dossier (documents, recordings, evidence) with its manifest."""
    if not may_export(actor, case):
        raise NotAllowed(_("只有本案承办人员可以导出案件光盘。"))
    if fmt not in DiscFormat.values:
        raise DomainError(_("请选择光盘镜像或压缩包。"), field="fmt")
    if not disc.items_for(case, viewer=actor):
        raise DomainError(_("本案还没有可以刻录的文书或录像。"))
    export = DiscExport.objects.create(case=case, fmt=fmt, requested_by=actor)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=export,
        case_id=case.pk,
        summary=_("导出案件光盘（%(fmt)s）") % {"fmt": export.get_fmt_display()},
        request=request,
    )
    from medarb.recording.tasks import build_disc

    transaction.on_commit(lambda: build_disc(export.pk))
    return export


def build_disc_image(*, export_id: int) -> DiscExport | None:
    """The job: write the image in a temporary file, keep it as a StoredFile, record the outcome."""
    export = DiscExport.objects.select_related("case", "requested_by").filter(pk=export_id).first()
    if export is None or export.state == DiscState.READY:
        return export
    DiscExport.objects.filter(pk=export.pk).update(state=DiscState.BUILDING, progress=0, error="")
    case = export.case

    def progress(percent: int) -> None:
        DiscExport.objects.filter(pk=export.pk).update(progress=percent)

    try:
        items = disc.items_for(case, viewer=export.requested_by)
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as scratch:
            target = Path(scratch) / f"case-{case.pk}.{export.fmt}"
            manifest = disc.write_image(
                items=items,
                target=target,
                fmt=export.fmt,
                case_number=case.display_number,
                created_at=timezone.localtime().isoformat(timespec="seconds"),
                progress=progress,
            )
            image = store_path(
                path=target,
                name=f"{case.display_number}.{export.fmt}",
                content_type=CONTENT_TYPES[export.fmt],
                actor=export.requested_by,
            )
    except OSError as exc:  # a full disk or a damaged stored file: say so, keep what exists
        DiscExport.objects.filter(pk=export.pk).update(state=DiscState.FAILED, error=str(exc)[:300])
        return export
    DiscExport.objects.filter(pk=export.pk).update(
        state=DiscState.READY,
        progress=100,
        image=image,
        item_count=len(items),
        content_bytes=sum(i.stored.size for i in items),
        manifest_sha256=hashlib.sha256(manifest.to_bytes()).hexdigest(),
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export


@contextmanager
def _local_copy(stored) -> Iterator[Path]:
    """The image as a local file for xorriso: the stored file itself, or a temporary copy when
    files live in object storage."""
    try:
        yield local_path(stored)
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(dir=settings.DATA_DIR, suffix=".iso") as copy:
        with open_stored(stored) as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


def burn_device() -> str:
    return getattr(settings, "MEDARB_DISC_DEVICE", "")


@transaction.atomic
def request_burn(*, export: DiscExport, actor, request=None) -> DiscExport:
    """Send a finished image to the configured drive (MEDARB_DISC_DEVICE)."""
    if not may_export(actor, export.case):
        raise NotAllowed(_("只有本案承办人员可以刻录案件光盘。"))
    if not burn_device():
        raise DomainError(_("本机没有配置刻录机（MEDARB_DISC_DEVICE）。"))
    if export.state != DiscState.READY or export.fmt != DiscFormat.ISO:
        raise DomainError(_("只有已生成的光盘镜像可以刻录。"))
    if export.burn_state in (BurnState.QUEUED, BurnState.BURNING):
        raise DomainError(_("该镜像正在刻录。"))
    export.burn_state = BurnState.QUEUED
    export.burn_device = burn_device()
    export.save(update_fields=["burn_state", "burn_device"])
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=export,
        case_id=export.case_id,
        summary=_("刻录案件光盘"),
        data={"device": export.burn_device},
        request=request,
    )
    from medarb.recording.tasks import burn_disc

    transaction.on_commit(lambda: burn_disc(export.pk))
    return export


def burn_image(*, export_id: int) -> DiscExport | None:
    """The job: write the image to the drive with xorriso, outside any transaction."""
    export = DiscExport.objects.select_related("image").filter(pk=export_id).first()
    if export is None or export.burn_state != BurnState.QUEUED:
        return export
    DiscExport.objects.filter(pk=export.pk).update(burn_state=BurnState.BURNING)
    try:
        with _local_copy(export.image) as image:
            log = disc.burn(image, export.burn_device)
    except OSError as exc:
        DiscExport.objects.filter(pk=export.pk).update(burn_state=BurnState.FAILED, burn_log=str(exc)[-4000:])
    else:
        DiscExport.objects.filter(pk=export.pk).update(
            burn_state=BurnState.DONE, burn_log=log, burned_at=timezone.now()
        )
    export.refresh_from_db()
    return export
