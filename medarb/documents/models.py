"""Document templates (versioned), issued documents (each version a stored file), hand
signatures bound into a document, and the verification code printed on every paper."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.models import StoredFile


class TemplateKind(models.TextChoices):
    CASE = "case", _("案件文书")
    BLANK = "blank", _("空白表格（模板下载）")


class DocumentTemplate(models.Model):
    """One kind of paper (e.g. 开庭通知书); its wording lives in versions."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    title = models.CharField(_("文书名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=10, choices=TemplateKind.choices, default=TemplateKind.CASE)
    guidance = models.TextField(_("填写说明"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def active_version(self) -> "TemplateVersion | None":
        """The platform's active version (a unit's own wording: `services.active_version`)."""
        return self.versions.filter(is_active=True, unit__isnull=True).order_by("-number").first()


class TemplateVersion(models.Model):
    """The wording of a template at one time. Never edited: a change is a new version."""

    template = models.ForeignKey(DocumentTemplate, on_delete=models.CASCADE, related_name="versions")
    # The unit whose own wording this is (a commission's version, used by it and the units
    # below it); empty for the platform's version, which every unit falls back to.
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveIntegerField()
    body = models.TextField(_("正文模板"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Blank forms are generated once per version and kept (template centre downloads).
    blank_pdf = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    blank_docx = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["template_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.template.title} v{self.number}"


class DocumentOrigin(models.TextChoices):
    ISSUED = "issued", _("系统生成")
    SCANNED = "scanned", _("纸质扫描/上传")


class Volume(models.TextChoices):
    """The two volumes of a case file (卷宗): the main volume (正卷) the parties may consult, and
    the internal volume (副卷) of deliberations, joint-review minutes and approvals, never shown
    or served to them."""

    MAIN = "main", _("正卷")
    INTERNAL = "internal", _("副卷")


class IssuedDocument(models.Model):
    """A paper of a case. Its bytes live in DocumentFile versions; the newest is current."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    origin = models.CharField(max_length=10, choices=DocumentOrigin.choices, default=DocumentOrigin.ISSUED)
    template_version = models.ForeignKey(
        TemplateVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template_code = models.CharField(max_length=40, blank=True, db_index=True)
    title = models.CharField(_("文书名称"), max_length=120)
    number = models.CharField(_("文号/案号"), max_length=80, blank=True)
    issuer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("出具单位"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("出具日期"))
    # Short public code printed with the QR code; empty for scans (they are not ours to vouch for).
    code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    is_signed = models.BooleanField(default=False)
    volume = models.CharField(_("卷别"), max_length=10, choices=Volume.choices, default=Volume.MAIN)
    # Caller's own keys (hearing id, award id …) so the engine can find its papers again.
    meta = models.JSONField(default=dict, blank=True)
    # Where the seal sits and where hand signatures go (PDF points), from the render.
    layout = models.JSONField(default=dict, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["case_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    @property
    def is_internal(self) -> bool:
        return self.volume == Volume.INTERNAL

    @property
    def current(self) -> "DocumentFile":
        # Uses the prefetch cache when the list view prefetched `files`.
        files = list(self.files.all())
        return max(files, key=lambda f: f.version)


class DocumentFile(models.Model):
    """One version of a document's PDF (and DOCX). A signature or a hand signature adds a
    version; earlier versions are kept, so anything cited by hash stays retrievable."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveSmallIntegerField()
    pdf = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    docx = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="document_file_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"


class HandSignature(models.Model):
    """A signature drawn on screen, bound into a new PDF version of the document."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE, related_name="hand_signatures")
    # The signer is one of the case's people, chosen from a list (documents.signers): a party
    # or agent (`signer_party`), or a staff member (`signer_user`, also a party's account).
    signer_label = models.CharField(_("签名人"), max_length=120)
    signer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who collected the signature (signed in on the device it was drawn on).
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    image = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    # The hash of the version that was signed, and of the version that carries the signature.
    signed_sha256 = models.CharField(max_length=64)
    result_file = models.OneToOneField(DocumentFile, on_delete=models.PROTECT, related_name="hand_signature")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.signer_label} @ {self.document}"
