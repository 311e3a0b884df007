"""Electronic dossiers (电子卷宗) and archives (电子档案).

A closed case's file is compiled into two volumes (Rules Art. 23): the main volume (正卷) the
parties may read and copy, and the internal volume (副卷) of deliberations, joint-review
minutes and approvals. The clerk checks the dossier and hands it over; the archivist accepts
it, and from then on it is immutable: a change needs a correction the chair approves, which
compiles a new version beside the old one. It is kept for its retention period (Art. 24) and
then appears on the archivist's disposal list.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.cases.models import CaseKind
from medarb.core.models import StoredFile
from medarb.documents.models import Volume


class RetentionRule(models.Model):
    """How long a commission keeps the dossiers of a case kind closed a given way; no years =
    permanently. A rule for close reason "" covers every way not named by its own rule. The
    nearest commission above the case's unit that has a rule decides."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("案件类别"), max_length=12, choices=CaseKind.choices)
    close_reason = models.CharField(_("结案方式"), max_length=30, blank=True)
    years = models.PositiveSmallIntegerField(_("保管年限"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("保管期限规则")
        verbose_name_plural = _("保管期限规则")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "close_reason"], name="retention_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.close_reason or '*'}: {self.years or 'permanent'}"


class DossierState(models.TextChoices):
    OPEN = "open", _("立卷中")
    CHECKED = "checked", _("已检查，待接收")
    ARCHIVED = "archived", _("已归档")
    DISPOSED = "disposed", _("已销毁")


class Dossier(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="dossier")
    state = models.CharField(
        _("状态"), max_length=10, choices=DossierState.choices, default=DossierState.OPEN
    )
    # 档案号: the archive's own number, given at acceptance (e.g. 鹭湖仲档〔2026〕第12号).
    archive_number = models.CharField(_("档案号"), max_length=60, null=True, blank=True, unique=True)
    retention_years = models.PositiveSmallIntegerField(_("保管年限"), null=True, blank=True)
    retain_until = models.DateField(_("保管期满"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(_("检查说明"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    disposal_note = models.TextField(_("销毁说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("卷宗")
        verbose_name_plural = _("卷宗")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "retain_until"], name="dossier_state_retain")]

    def __str__(self) -> str:
        return self.archive_number or f"dossier {self.pk}"

    @property
    def is_sealed(self) -> bool:
        """Archived (or disposed): its volumes may change only through an approved correction."""
        return self.state in (DossierState.ARCHIVED, DossierState.DISPOSED)


class CompileState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    BUILDING = "building", _("装订中")
    READY = "ready", _("已装订")
    FAILED = "failed", _("装订失败")


class DossierVolume(models.Model):
    """One compiled version of one volume: the PDF, its page count and its manifest (each
    document with its pages and the SHA-256 of the file it was bound from)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="volumes")
    volume = models.CharField(_("卷别"), max_length=10, choices=Volume.choices)
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=CompileState.choices, default=CompileState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    pdf = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pages = models.PositiveIntegerField(_("页数"), default=0)
    manifest = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("装订原因"), max_length=200, blank=True)
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("卷")
        verbose_name_plural = _("卷")
        ordering = ["dossier_id", "volume", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "volume", "version"], name="dossier_volume_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_volume_display()} v{self.version}"


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class Correction(models.Model):
    """A change to an archived dossier (e.g. a late proof of service): approved by the chair,
    it compiles a new version of the volume; the old one stays."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="corrections")
    volume = models.CharField(_("卷别"), max_length=10, choices=Volume.choices)
    reason = models.TextField(_("更正理由"))
    state = models.CharField(max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("卷宗更正")
        verbose_name_plural = _("卷宗更正")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_volume_display()}: {self.reason[:30]}"


class ReadingState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class ReadingRequest(models.Model):
    """A party's (or agent's) request to read the main volume online (查阅, Rules Art. 23).
    Approved by the chair for a limited time; every page served carries the reader's name
    and the time as a watermark, and every read is audited."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("查阅事由"), max_length=200)
    state = models.CharField(max_length=10, choices=ReadingState.choices, default=ReadingState.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("审批意见"), max_length=300, blank=True)
    valid_until = models.DateTimeField(_("查阅有效期至"), null=True, blank=True)
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("查阅申请")
        verbose_name_plural = _("查阅申请")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.reader}: {self.purpose[:30]}"
