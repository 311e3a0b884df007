"""The law library (laws article by article, typical cases) and the full-text index."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Law(models.Model):
    title = models.CharField(_("名称"), max_length=120)
    short_title = models.CharField(_("简称"), max_length=80)
    source_file = models.CharField(max_length=200, unique=True)
    version_date = models.DateField(_("版本日期"), null=True, blank=True)
    preamble = models.TextField(_("题注"), blank=True)

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class LawArticle(models.Model):
    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField(_("条号"))
    label = models.CharField(_("条"), max_length=40)  # 第四十七条, or a section heading
    chapter = models.CharField(_("章节"), max_length=200, blank=True)
    text = models.TextField(_("条文"))
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["law_id", "position"]
        indexes = [models.Index(fields=["law", "number"], name="law_article_number")]

    def __str__(self) -> str:
        return f"《{self.law.short_title}》{self.label}"

    @property
    def citation(self) -> str:
        return str(self)


class TypicalCase(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    source_file = models.CharField(max_length=200, unique=True)
    body = models.TextField(_("正文"))

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class EntryKind(models.TextChoices):
    LAW_ARTICLE = "law_article", _("法条")
    TYPICAL_CASE = "typical_case", _("典型案例")
    FAQ = "faq", _("常见问题")


class SearchEntry(models.Model):
    """One searchable text; `title_tokens` and `tokens` hold the jieba segmentation of its title
    and body joined by spaces, which the database's full-text index (SQLite FTS5 / PostgreSQL
    tsvector) reads, the title weighing more."""

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    ref_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    title_tokens = models.TextField()
    tokens = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref_id"], name="search_entry_unique_ref")]

    def __str__(self) -> str:
        return self.title


class RecordKind(models.TextChoices):
    AWARD = "award", _("裁决书")
    MEDIATION_STATEMENT = "mediation_statement", _("仲裁调解书")
    MEDIATION_AGREEMENT = "mediation_agreement", _("调解协议书")
    CASE_RECORD = "case_record", _("案件记录")
    PUBLISHED_AWARD = "published_award", _("公开裁决")


# The kinds staff retrieval searches: the case documents, under the visibility policy.
CASE_RECORD_KINDS = (
    RecordKind.AWARD,
    RecordKind.MEDIATION_STATEMENT,
    RecordKind.MEDIATION_AGREEMENT,
    RecordKind.CASE_RECORD,
)


class Outcome(models.TextChoices):
    """How the claims fared: every claim upheld, some, none; or settled by agreement."""

    UPHELD = "upheld", _("支持")
    PARTLY = "partly", _("部分支持")
    DISMISSED = "dismissed", _("驳回")
    SETTLED = "settled", _("调解结案")


class Finality(models.TextChoices):
    FINAL = "final", _("终局裁决")
    NON_FINAL = "non_final", _("非终局裁决")
    MIXED = "mixed", _("部分终局")


class RecordEntry(models.Model):
    """One retrievable case document (an issued award, a mediation statement or agreement, a
    case record) or a published anonymised award, with the facets retrieval counts. The upper
    apps (arbitration, mediation through `publication`) feed it. Its words live in RecordText,
    so that counting facets over 100,000 hits reads narrow rows."""

    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    ref_id = models.PositiveBigIntegerField()
    # Empty only for a published award (public, no visibility to apply).
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    cause = models.CharField(max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    dated = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    finality = models.CharField(max_length=10, choices=Finality.choices, blank=True)
    number = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref_id"], name="record_entry_unique_ref")]
        indexes = [models.Index(fields=["dated"], name="record_entry_dated")]

    def __str__(self) -> str:
        return self.title


class RecordText(models.Model):
    """The words of one RecordEntry: its text, and the jieba tokens of its title and text that
    the record full-text index reads (records.py)."""

    entry = models.OneToOneField(RecordEntry, primary_key=True, on_delete=models.CASCADE, related_name="text")
    body = models.TextField()
    title_tokens = models.TextField()
    tokens = models.TextField()

    def __str__(self) -> str:
        return self.body[:40]
