"""Sign-in use cases: party SMS codes, MFA enrolment, API tokens."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from medarb.accounts.models import SmsCode, SmsCodePurpose, User, UserKind
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.crypto import blind_index
from medarb.core.errors import DomainError
from medarb.core.sms import SmsError, send_sms
from medarb.core.validators import parse_mobile

MAX_CODE_ATTEMPTS = 5

RESEND_INTERVAL = timedelta(seconds=60)
MAX_CODES_PER_HOUR = 5


def _code_hash(phone_index: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone_index}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def request_sms_code(*, phone: str, purpose: str = SmsCodePurpose.LOGIN) -> SmsCode:
    """Send a six-digit code, at most once a minute and five times an hour per number."""
    phone = parse_mobile(phone)
    index = blind_index(phone)
    now = timezone.now()
    recent = SmsCode.objects.filter(phone_index=index, purpose=purpose, created_at__gte=now - timedelta(hours=1))
    if recent.filter(created_at__gte=now - RESEND_INTERVAL).exists():
        raise DomainError(_("验证码发送过于频繁，请一分钟后再试。"), field="phone")
    if recent.count() >= MAX_CODES_PER_HOUR:
        raise DomainError(_("该号码一小时内获取验证码次数过多，请稍后再试。"), field="phone")
    code = f"{secrets.randbelow(10**6):06d}"
    sms = SmsCode.objects.create(
        phone_index=index, purpose=purpose, code_hash=_code_hash(index, code), expires_at=now + settings.SMS_CODE_TTL
    )
    try:
        send_sms(phone=phone, template=settings.SMS_TEMPLATE_LOGIN, params={"code": code})
    except SmsError as exc:
        raise DomainError(_("短信发送失败，请稍后重试。"), field="phone") from exc
    return sms


def check_sms_code(*, phone: str, code: str, purpose: str = SmsCodePurpose.LOGIN) -> str:
    """Consume a valid code and return the normalised phone number; explain every refusal.
    A wrong code counts as an attempt even though the call fails."""
    phone = parse_mobile(phone)
    index = blind_index(phone)
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(phone_index=index, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if sms is None:
            raise DomainError(_("请先获取验证码。"), field="code")
        if sms.expires_at <= timezone.now():
            raise DomainError(_("验证码已过期，请重新获取。"), field="code")
        if sms.attempts >= MAX_CODE_ATTEMPTS:
            raise DomainError(_("验证码错误次数过多，请重新获取。"), field="code")
        correct = hmac.compare_digest(sms.code_hash, _code_hash(index, (code or "").strip()))
        if correct:
            sms.used_at = timezone.now()
            sms.save(update_fields=["used_at"])
        else:
            sms.attempts += 1
            sms.save(update_fields=["attempts"])
    if not correct:
        raise DomainError(_("验证码不正确。"), field="code")
    return phone


def party_account_for_phone(*, phone: str) -> User:
    """The party account of this phone number, created on first sign-in and linked to the
    case parties registered with the same number."""
    from medarb.cases.models import Party

    index = blind_index(phone)
    user = User.objects.filter(kind=UserKind.PARTY, phone_index=index).first()
    if user is None:
        user = User(username=f"p_{index[:20]}", kind=UserKind.PARTY)
        user.set_phone(phone)
        user.set_unusable_password()
        user.save()
    Party.objects.filter(phone_index=index, user__isnull=True).update(user=user)
    return user


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    if not device.verify_token((token or "").strip()):
        raise DomainError(_("动态口令不正确，请核对手机上的验证器。"), field="token")
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=user, action=AuditAction.UPDATE, obj=user, summary="TOTP enrolled")
    return device


def issue_api_token(*, user: User) -> Token:
    """A fresh API token for a staff member (any earlier one stops working)."""
    if not user.is_staff_member:
        raise DomainError(_("API 令牌仅限工作人员使用。"))
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    record(actor=user, action=AuditAction.CREATE, object_type="authtoken", object_id=user.pk, summary="API token issued")
    return token
