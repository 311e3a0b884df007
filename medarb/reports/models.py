"""Kept reports: the monthly tables as they stood when the periodic job built them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.models import StoredFile
from medarb.orgs.models import Unit


class KeptReport(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("统计期间起"))
    period_end = models.DateField(_("统计期间止"))
    figures = models.JSONField(_("报表数据"))
    file = models.ForeignKey(
        StoredFile, verbose_name=_("报表文件"), on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    generated_by = models.ForeignKey(  # None: the monthly job
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("统计报表")
        verbose_name_plural = _("统计报表")
        ordering = ["-period_start", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_start", "period_end"], name="kept_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start:%Y-%m}"
