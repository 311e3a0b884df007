"""Files kept once, by content: every stored document, upload and generated paper has a hash."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """Immutable bytes identified by their SHA-256. A new version is a new StoredFile."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("文件名"), max_length=255)
    storage_name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When its bytes were destroyed at the end of a retention period (the row, with its hash,
    # stays as the record of what was kept); a discarded file is never served again.
    discarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"
