"""People who sign in: staff (username, password, TOTP) and parties (phone and SMS code)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from medarb.core.crypto import EncryptedCharField, blind_index


class UserKind(models.TextChoices):
    STAFF = "staff", _("工作人员")
    PARTY = "party", _("当事人")


class User(AbstractUser):
    kind = models.CharField(_("类型"), max_length=10, choices=UserKind.choices, default=UserKind.STAFF)
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = EncryptedCharField(_("手机号码"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_phone(self, phone: str) -> None:
        self.phone = phone
        self.phone_index = blind_index(phone) if phone else ""

    @property
    def is_staff_member(self) -> bool:
        return self.kind == UserKind.STAFF

    @property
    def is_party(self) -> bool:
        return self.kind == UserKind.PARTY


class SmsCodePurpose(models.TextChoices):
    LOGIN = "login", _("登录")
    VERIFY = "verify", _("核验手机号")


class SmsCode(models.Model):
    """A one-time code sent by SMS; only its hash is kept."""

    phone_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=10, choices=SmsCodePurpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # Where the request came from, so one client cannot send codes to many numbers.
    requested_from = models.GenericIPAddressField(null=True, blank=True)
    # Keyed hash of the signed-in account or, before sign-in, the browser session that asked
    # for it, so one session cannot send codes to many numbers (see accounts.services).
    requested_by = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["phone_index", "purpose", "-created_at"]),
            models.Index(fields=["requested_from", "-created_at"]),
            models.Index(fields=["requested_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} code {self.created_at:%Y-%m-%d %H:%M}"


class SignInFailure(models.Model):
    """One refused sign-in (password or SMS code) by client address: the address-wide limit
    against password spraying counts these (accounts.lockout); kept for a day."""

    ip = models.GenericIPAddressField()
    kind = models.CharField(max_length=10)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "-at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A staff member's API token. Only the SHA-256 of the key is stored: the clear key is
    shown once, when it is issued, and cannot be read back from the database."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("令牌开头"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("签发时间"))
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_active_at(self, moment) -> bool:
        return self.revoked_at is None and self.expires_at > moment


class SecurityKey(Device):
    """A WebAuthn credential (指纹/安全密钥): a platform authenticator (a fingerprint reader,
    Windows Hello, a phone's fingerprint) or a security key, a second factor beside TOTP. A
    django-otp device, so signing in with it marks the session verified like a TOTP code."""

    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("指纹/安全密钥")
        verbose_name_plural = _("指纹/安全密钥")
