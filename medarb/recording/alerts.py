"""Alerts of the hearing-room recording (录播告警): a push refused because the media disk is
nearly full, or stopped because its encoder sends a codec that can be neither streamed nor
kept as it came. An alert goes to the log, onto the to-do list of the room's unit admin and
onto the sitting's hearing-room card, and stays until the admin marks it handled.

An encoder retries a refused push every few seconds: a repeat counts on the open alert
instead of opening another.
"""

import logging
import shutil

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.orgs.models import Role
from medarb.procedure.todos import close_tasks, open_task
from medarb.recording.models import CaptureDevice, MediaAlert

log = logging.getLogger(__name__)
TASK_KIND = "media_alert"  # Task.kind of the unit admin's to-do for an alert
SUPPORTED_VIDEO = frozenset({"h264"})
SUPPORTED_AUDIO = frozenset({"aac", "mp3"})


def unsupported(codecs: dict[str, str]) -> bool:
    """{"video": "h264", "audio": "aac"}: HLS and MP4 take H.264 video and AAC or MP3 audio
    (a microphone sends no video, a visualiser may send no audio)."""
    video, audio = codecs.get("video"), codecs.get("audio")
    return (video is not None and video not in SUPPORTED_VIDEO) or (
        audio is not None and audio not in SUPPORTED_AUDIO
    )


def disk_detail(directory) -> str:
    usage = shutil.disk_usage(directory)
    return _("录播存储仅剩 %(free).1f GB（下限 %(floor).1f GB），推流已被拒绝；请清理或扩容 %(dir)s。") % {
        "free": usage.free / 1024**3,
        "floor": settings.MEDARB_MEDIA_MIN_FREE_BYTES / 1024**3,
        "dir": directory,
    }


def codec_detail(device: CaptureDevice, codecs: dict[str, str]) -> str:
    kinds = {"video": _("视频"), "audio": _("音频")}
    sent = "、".join(f"{kinds[kind]} {codecs[kind]}" for kind in kinds if kind in codecs) or "?"
    return _("%(device)s 推送的编码为 %(sent)s，无法直播和保存；请将编码器设为 H.264 视频、AAC 音频。") % {
        "device": device.name,
        "sent": sent,
    }


@transaction.atomic
def raise_alert(*, device: CaptureDevice, kind: str, detail: str, sitting=None) -> MediaAlert:
    now = timezone.now()
    alert = (
        MediaAlert.objects.select_for_update()
        .filter(device=device, kind=kind, resolved_at__isnull=True)
        .first()
    )
    log.error("media alert %s on device %s: %s", kind, device.pk, detail)
    if alert is not None:
        MediaAlert.objects.filter(pk=alert.pk).update(times=F("times") + 1, last_at=now, detail=detail)
        alert.refresh_from_db()
        return alert
    alert = MediaAlert.objects.create(device=device, sitting=sitting, kind=kind, detail=detail, last_at=now)
    case = sitting.case if sitting is not None else None
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=alert,
        case_id=case.pk if case else None,
        summary=_("录播告警：%(kind)s") % {"kind": alert.get_kind_display()},
        data={"device": device.pk, "detail": detail},
    )
    if case is not None:
        open_task(
            case=case,
            unit=device.room.unit,
            role=Role.UNIT_ADMIN,
            kind=TASK_KIND,
            title=_("处理录播告警：%(kind)s（%(room)s）")
            % {"kind": alert.get_kind_display(), "room": device.room.name},
            due_on=timezone.localdate(),
        )
    return alert


@transaction.atomic
def resolve(*, actor, alert: MediaAlert, request=None) -> None:
    """The unit admin marks an alert handled; its to-do closes with the case's last open alert."""
    if alert.resolved_at is not None:
        return
    alert.resolved_at, alert.resolved_by = timezone.now(), actor
    alert.save(update_fields=["resolved_at", "resolved_by"])
    case = alert.sitting.case if alert.sitting_id else None
    case_id = case.pk if case else None
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=alert,
        case_id=case_id,
        summary=_("录播告警已处理：%(kind)s") % {"kind": alert.get_kind_display()},
        request=request,
    )
    if case and not MediaAlert.objects.filter(sitting__case=case, resolved_at__isnull=True).exists():
        close_tasks(case=case, kinds=[TASK_KIND])


def open_alerts(devices: QuerySet[CaptureDevice]) -> QuerySet[MediaAlert]:
    return MediaAlert.objects.filter(device__in=devices, resolved_at__isnull=True).select_related(
        "device__room", "sitting__case"
    )


def for_sittings(sitting_ids) -> dict[int, list[MediaAlert]]:
    """Open alerts by sitting, for the hearing-room cards."""
    found: dict[int, list[MediaAlert]] = {}
    for alert in MediaAlert.objects.filter(
        sitting_id__in=sitting_ids, resolved_at__isnull=True
    ).select_related("device"):
        found.setdefault(alert.sitting_id, []).append(alert)
    return found
