"""The published-award library (裁决公开): anonymised awards the chair chose and reviewed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("待审核")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class PublishedAward(models.Model):
    """One award in the library: the anonymised text the chair read, edited and published.
    `award` is the commission's own award it came from; a typical case loaded from data/cases
    has `source_file` instead (already anonymised by whoever published it)."""

    award = models.OneToOneField(
        "arbitration.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="publication"
    )
    source_file = models.CharField(max_length=200, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    cause = models.CharField(_("争议事项"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, blank=True)
    finality = models.CharField(_("终局"), max_length=10, blank=True)
    text = models.TextField(_("公开文本（已隐名）"))
    # Enterprises the chair chose to hide (one per line); every other enterprise keeps its name.
    hidden_organisations = models.TextField(_("隐去名称的单位"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=PublicationState.choices, default="draft")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("公开裁决")
        verbose_name_plural = _("公开裁决")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_file"],
                condition=~models.Q(source_file=""),
                name="published_award_source_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hidden(self) -> list[str]:
        return [line.strip() for line in self.hidden_organisations.splitlines() if line.strip()]
