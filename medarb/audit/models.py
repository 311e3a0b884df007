"""An append-only log whose entries are chained by a keyed hash (HMAC), so tampering shows.

Entries are spread over a few independent chains, the lanes, each with its own head row:
concurrent writers take different lanes instead of queueing on one row lock. Within a lane
the numbers are gap-free and every entry's HMAC covers the previous entry's.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("查阅")
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    EXPORT = "export", _("导出")
    SHARE = "share", _("共享")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")


class AuditEntry(models.Model):
    lane = models.PositiveSmallIntegerField(default=1)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    key_id = models.CharField(max_length=16)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["lane", "seq"], name="audit_entry_lane_seq")]

    def __str__(self) -> str:
        return f"#{self.lane}.{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The head of one lane (its id is the lane's number): the last sequence number and hash.

    An append locks its lane's head, so the lane is numbered without gaps even with
    concurrent writers, and deleting the newest entries is detected by comparing with it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"lane {self.id} #{self.seq} {self.hash[:12]}"
