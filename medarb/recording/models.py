"""Case discs (光盘刻录): an ISO 9660 / ZIP image of a case's dossier with a hash manifest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.models import StoredFile


class DiscFormat(models.TextChoices):
    ISO = "iso", _("光盘镜像（ISO）")
    ZIP = "zip", _("压缩包（ZIP）")


class DiscState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    BUILDING = "building", _("生成中")
    READY = "ready", _("已生成")
    FAILED = "failed", _("失败")


class BurnState(models.TextChoices):
    NONE = "", _("未刻录")
    QUEUED = "queued", _("等待刻录")
    BURNING = "burning", _("刻录中")
    DONE = "done", _("已刻录")
    FAILED = "failed", _("刻录失败")


class DiscExport(models.Model):
    """One export of a case to a disc image; the image is a StoredFile with its own hash."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="disc_exports")
    fmt = models.CharField(_("格式"), max_length=3, choices=DiscFormat.choices)
    state = models.CharField(_("状态"), max_length=10, choices=DiscState.choices, default=DiscState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    image = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    item_count = models.PositiveIntegerField(default=0)
    content_bytes = models.PositiveBigIntegerField(default=0)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    burn_state = models.CharField(
        max_length=10, choices=BurnState.choices, default=BurnState.NONE, blank=True
    )
    burned_at = models.DateTimeField(null=True, blank=True)
    burn_device = models.CharField(max_length=200, blank=True)
    burn_log = models.TextField(blank=True)

    class Meta:
        verbose_name = _("光盘导出")
        verbose_name_plural = _("光盘导出")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"disc {self.pk} of case {self.case_id}"


# --- capture devices, live pushes, recordings, watchers -------------------------------------


class DeviceKind(models.TextChoices):
    CAMERA = "camera", _("摄像机")
    AUDIO = "audio", _("拾音器")
    VISUALISER = "visualiser", _("视频展台")
    ENCODER = "encoder", _("编码器（合成信号）")


class CaptureDevice(models.Model):
    """A camera, microphone or evidence visualiser of a room, pushing RTMP with its own key.
    Only the key's hash is kept; the key is shown once when issued or rotated."""

    room = models.ForeignKey(
        "orgs.Room", verbose_name=_("场所"), on_delete=models.CASCADE, related_name="devices"
    )
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=12, choices=DeviceKind.choices)
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField(max_length=4)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("采集设备")
        verbose_name_plural = _("采集设备")
        ordering = ["room_id", "name"]

    def __str__(self) -> str:
        return f"{self.room} · {self.name}"


class BroadcastState(models.TextChoices):
    LIVE = "live", _("直播中")
    ENDED = "ended", _("已结束")
    INTERRUPTED = "interrupted", _("中断")


class Broadcast(models.Model):
    """One push of one device during a sitting; nginx knows it by `stream_name` (s<id>)."""

    device = models.ForeignKey(CaptureDevice, on_delete=models.PROTECT, related_name="broadcasts")
    sitting = models.ForeignKey("hearings.Sitting", on_delete=models.PROTECT, related_name="broadcasts")
    state = models.CharField(max_length=12, choices=BroadcastState.choices, default=BroadcastState.LIVE)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    client_addr = models.GenericIPAddressField(null=True, blank=True)
    # What the encoder sends ("h264/aac"), read from the push's first seconds; blank until then.
    codecs = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return self.stream_name

    @property
    def stream_name(self) -> str:
        return f"s{self.pk}"


class RecordingKind(models.TextChoices):
    FEED = "feed", _("单路画面")
    COMPOSITE = "composite", _("合成画面")
    MEETING = "meeting", _("视频会议")
    COMPOSITE_WITH_REMOTE = "composite_remote", _("合成画面（含远程参加人）")


class Recording(models.Model):
    """A feed of a sitting kept as MP4 (remuxed, not re-encoded) with its SHA-256."""

    sitting = models.ForeignKey("hearings.Sitting", on_delete=models.PROTECT, related_name="recordings")
    broadcast = models.OneToOneField(
        Broadcast, null=True, blank=True, on_delete=models.PROTECT, related_name="recording"
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=RecordingKind.choices, default=RecordingKind.FEED
    )
    title = models.CharField(_("名称"), max_length=120)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    duration_seconds = models.FloatField(default=0)
    interrupted = models.BooleanField(_("中断"), default=False)
    # Re-encoded to H.264/AAC because the encoder's codec cannot go into MP4 as it came.
    transcoded = models.BooleanField(_("已转码"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("庭审录像")
        verbose_name_plural = _("庭审录像")
        ordering = ["sitting_id", "started_at", "id"]

    def __str__(self) -> str:
        return self.title


class AlertKind(models.TextChoices):
    DISK_FULL = "disk_full", _("录播存储空间不足")
    CODEC = "codec", _("编码格式不受支持")


class MediaAlert(models.Model):
    """Something in a room's recording that needs the unit admin: a push refused or stopped.
    An encoder retries every few seconds, so a repeat raises `times` on the open alert."""

    device = models.ForeignKey(CaptureDevice, on_delete=models.CASCADE, related_name="alerts")
    sitting = models.ForeignKey(
        "hearings.Sitting", null=True, blank=True, on_delete=models.SET_NULL, related_name="media_alerts"
    )
    kind = models.CharField(_("告警"), max_length=12, choices=AlertKind.choices)
    detail = models.CharField(_("详情"), max_length=300)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField()
    times = models.PositiveIntegerField(default=1)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("录播告警")
        verbose_name_plural = _("录播告警")
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["device", "kind", "resolved_at"], name="media_alert_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.device}"


class ViewerSession(models.Model):
    """Someone watching a sitting live: the token in the path of every playlist and segment
    request (checked by nginx's auth_request), and the span watched, for the audit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sitting = models.ForeignKey("hearings.Sitting", on_delete=models.CASCADE, related_name="viewers")
    token_hash = models.CharField(max_length=64, unique=True)
    as_supervisor = models.BooleanField(default=False)
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"viewer {self.user_id} of sitting {self.sitting_id}"


class Presentation(models.Model):
    """An item shown on the court's screen during a sitting (电子举证/质证): what, by whom,
    when, and where the recording stood at that moment, so a replay can jump there."""

    sitting = models.ForeignKey("hearings.Sitting", on_delete=models.CASCADE, related_name="presentations")
    title = models.CharField(_("名称"), max_length=120)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    page = models.PositiveIntegerField(default=1)
    device = models.ForeignKey(
        CaptureDevice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shown_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shown_at = models.DateTimeField(auto_now_add=True)
    recording_offset = models.FloatField(null=True, blank=True)  # seconds into the sitting's recording

    class Meta:
        ordering = ["shown_at", "id"]

    def __str__(self) -> str:
        return self.title
