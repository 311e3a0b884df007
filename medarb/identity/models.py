"""Real-name checks: what was checked, how, when, and with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckMethod(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号码校验")
    ID_CARD_OCR = "id_card_ocr", _("身份证照片识别比对")
    SMS_CODE = "sms_code", _("手机验证码")
    FACE = "face", _("人脸比对")
    WEBAUTHN = "webauthn", _("指纹/安全密钥")


class IdentityCheck(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_checks"
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

    class Meta:
        verbose_name = _("实名核验记录")
        verbose_name_plural = _("实名核验记录")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.passed}"
