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
