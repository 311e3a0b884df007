"""Real-name checks: what was checked, how, when, and with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField


class CheckMethod(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号码校验")
    ID_CARD_OCR = "id_card_ocr", _("身份证照片识别比对")
    SMS_CODE = "sms_code", _("手机验证码")
    ID_CARD_READER = "id_card_reader", _("身份证阅读器读卡")
    FACE = "face", _("人脸比对")
    WEBAUTHN = "webauthn", _("指纹/安全密钥")


class IdentityCheck(models.Model):
    # The person's own account (an online application); none for a party checked at the window.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identity_checks",
    )
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="identity_checks"
    )
    method = models.CharField(_("方式"), max_length=20, choices=CheckMethod.choices)
    passed = models.BooleanField(_("通过"))
    score = models.FloatField(_("得分"), default=0)
    # Masked values and reasons only: never the raw ID number or the photo.
    detail = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(auto_now_add=True)
    # The staff member who ran it at the window (none when the person did it online).
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("实名核验记录")
        verbose_name_plural = _("实名核验记录")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.passed}"


class FaceReference(models.Model):
    """The face encoding (128 numbers, encrypted) of a passed face check, kept to compare the
    same person (the same resident ID number) at a later check. Never the photo."""

    person_index = models.CharField(max_length=64, db_index=True)  # blind index of the ID number
    encoding = EncryptedCharField()
    identity_check = models.OneToOneField(
        IdentityCheck, on_delete=models.CASCADE, related_name="face_reference"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已核验人脸")
        verbose_name_plural = _("已核验人脸")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("待人工复核")
    ACCEPTED = "accepted", _("人工复核通过")
    REJECTED = "rejected", _("人工复核不通过")


class FaceReview(models.Model):
    """A face check that failed, waiting for the filing officer of the case's unit, who looks
    at the live photo beside the card and accepts or rejects it with a reason. The photos are
    kept encrypted with the review (for the case's retention), shown only in the review."""

    identity_check = models.OneToOneField(IdentityCheck, on_delete=models.CASCADE, related_name="review")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    live_photo = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    card_photo = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("复核理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人脸比对人工复核")
        verbose_name_plural = _("人脸比对人工复核")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FilingRequirement(models.Model):
    """Which real-name checks a unit requires of each applicant who is a natural person before
    a case is accepted (受理), set by its chair or admin; units below without their own follow
    the nearest unit above that has one. Online, a required face check makes the selfie
    compulsory; a required reading of the card on the reader is done at the window."""

    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="filing_requirement")
    face = models.BooleanField(_("人脸比对"), default=False)
    fingerprint = models.BooleanField(_("指纹确认"), default=False)
    card_reader = models.BooleanField(_("身份证阅读器读卡"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("立案实名核验要求")
        verbose_name_plural = _("立案实名核验要求")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.unit_id}"
