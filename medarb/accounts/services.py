"""Sign-in use cases: party SMS codes, TOTP enrolment and checks, API tokens, and the audit
entries of every sign-in, failed sign-in and sign-out."""

import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.accounts.hooks import party_linkers
from medarb.accounts.mfa import confirmed_totp_device
from medarb.accounts.models import SmsCode, SmsCodePurpose, User, UserKind
from medarb.accounts.tokens import issue_api_token, revoke_api_token  # noqa: F401  (API tokens live there)
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core import clientip
from medarb.core.crypto import blind_index
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.masking import mask_phone
from medarb.core.sms import SmsError, send_sms
from medarb.core.validators import parse_mobile

log = logging.getLogger(__name__)

MAX_CODE_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
MAX_CODES_PER_HOUR = 5
# One client (a public terminal, a NAT) may help several people, but not send codes in bulk.
MAX_CODES_PER_CLIENT_PER_HOUR = 20
# One session (or one signed-in account) may correct a mistyped number, not try many.
MAX_NUMBERS_PER_REQUESTER_PER_HOUR = 3


class SignInMethod:
    PASSWORD = "password"
    TOTP = "totp"
    SMS = "sms"
    SECURITY_KEY = "security key"
    RECOVERY_CODE = "recovery code"


def _code_hash(phone_index: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{phone_index}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _phone(value: str, *, field: str = "phone") -> str:
    try:
        return parse_mobile(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field=field) from exc


def requester_key(request) -> str:
    """Whom a code request counts against: the signed-in account (whatever its session), or
    else the browser session, created here if the visitor has none yet."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        if not request.session.session_key:
            request.session.save()
        raw = f"session:{request.session.session_key}"
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def request_sms_code_for(request, *, phone: str, purpose: str = SmsCodePurpose.LOGIN) -> SmsCode:
    """The one way a page sends a code: the limits per number, per session or account, and
    per client address all apply (sign-in, online application, WeChat binding via sign-in)."""
    return request_sms_code(
        phone=phone, purpose=purpose, client_ip=clientip.client_ip(request), requester=requester_key(request)
    )


def request_sms_code(
    *,
    phone: str,
    purpose: str = SmsCodePurpose.LOGIN,
    client_ip: str | None = None,
    requester: str = "",
) -> SmsCode:
    """Send a six-digit code, at most once a minute and five times an hour per number, to at
    most three numbers an hour per session or account (`requester`), and twenty times an
    hour per client address. A code the provider refused does not count. Pages call
    `request_sms_code_for(request, ...)`, which fills in the address and the requester."""
    phone = _phone(phone)
    index = blind_index(phone)
    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    with transaction.atomic():
        recent = SmsCode.objects.filter(phone_index=index, purpose=purpose, created_at__gte=hour_ago)
        if recent.filter(created_at__gt=now - RESEND_INTERVAL).exists():
            raise DomainError(_("验证码发送过于频繁，请一分钟后再试。"), field="phone")
        if recent.count() >= MAX_CODES_PER_HOUR:
            raise DomainError(_("该号码一小时内获取验证码次数过多，请稍后再试。"), field="phone")
        if requester:
            numbers = set(
                SmsCode.objects.filter(requested_by=requester, created_at__gte=hour_ago).values_list(
                    "phone_index", flat=True
                )
            )
            if index not in numbers and len(numbers) >= MAX_NUMBERS_PER_REQUESTER_PER_HOUR:
                raise DomainError(
                    _("您已为多个手机号码获取验证码，请一小时后再试，或核对号码后使用已收到的验证码。"),
                    field="phone",
                )
        if (
            client_ip
            and SmsCode.objects.filter(requested_from=client_ip, created_at__gte=hour_ago).count()
            >= MAX_CODES_PER_CLIENT_PER_HOUR
        ):
            raise DomainError(_("本设备获取验证码次数过多，请一小时后再试。"), field="phone")
        code = f"{secrets.randbelow(10**6):06d}"
        sms = SmsCode.objects.create(
            phone_index=index,
            purpose=purpose,
            code_hash=_code_hash(index, code),
            expires_at=now + settings.SMS_CODE_TTL,
            requested_from=client_ip or None,
            requested_by=requester,
        )
    # Sent after the commit: the provider call may take seconds and must not hold a write lock.
    try:
        send_sms(phone=phone, template=settings.SMS_TEMPLATE_LOGIN, params={"code": code})
    except SmsError as exc:
        sms.delete()
        log.warning("SMS code to %s not sent: %s (%s)", mask_phone(phone), exc.code, exc)
        raise DomainError(_("短信发送失败，请稍后重试。"), field="phone") from exc
    return sms


def check_sms_code(*, phone: str, code: str, purpose: str = SmsCodePurpose.LOGIN) -> str:
    """Consume a valid code and return the normalised phone number; explain every refusal.
    A wrong code counts as an attempt even though the call fails; the fifth burns the code."""
    phone = _phone(phone)
    code = (code or "").strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise DomainError(_("验证码应为6位数字。"), field="code")
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
        correct = hmac.compare_digest(sms.code_hash, _code_hash(index, code))
        if correct:
            sms.used_at = timezone.now()
            sms.save(update_fields=["used_at"])
        else:
            sms.attempts += 1
            sms.save(update_fields=["attempts"])
    if not correct:
        left = MAX_CODE_ATTEMPTS - sms.attempts
        if left <= 0:
            raise DomainError(_("验证码错误次数过多，请重新获取。"), field="code")
        raise DomainError(_("验证码不正确，还可尝试%(left)d次。") % {"left": left}, field="code")
    return phone


@transaction.atomic
def party_account_for_phone(*, phone: str, request=None) -> User:
    """The party account of a verified phone number, created on first sign-in; every
    registered linker (the cases app) then links the case parties with the same number."""
    phone = _phone(phone)
    index = blind_index(phone)
    user = User.objects.select_for_update().filter(kind=UserKind.PARTY, phone_index=index).first()
    if user is None:
        user = User(username=f"p_{index[:20]}", kind=UserKind.PARTY)
        user.set_phone(phone)
        user.set_unusable_password()
        user.save(force_insert=True)
        record(
            actor=user,
            action=AuditAction.CREATE,
            obj=user,
            summary=f"party account for {mask_phone(phone)}",
            request=request,
        )
    if not user.is_active:
        raise NotAllowed(_("该账户已停用，请联系仲裁院。"), field="code")
    linked = sum(linker(user=user, phone_index=index) for linker in party_linkers())
    if linked:
        record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            summary="linked to case parties",
            data={"parties": linked},
        )
    return user


def record_sign_in(*, user: User, method: str, request=None) -> None:
    """Audit one completed sign-in step (password, TOTP or SMS code)."""
    record(actor=user, action=AuditAction.LOGIN, obj=user, summary=method, request=request)


def record_failed_sign_in(*, username: str, reason: str, request=None) -> None:
    """Audit a refused sign-in. No actor: nobody is signed in; the name tried is kept."""
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=(username or "")[:40],
        summary=reason,
        request=request,
    )


def record_sign_out(*, user: User, request=None) -> None:
    record(actor=user, action=AuditAction.LOGOUT, obj=user, request=request)


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """An unconfirmed device with a fresh secret; it counts only once a code confirms it."""
    if not user.is_staff_member:
        raise NotAllowed(_("动态口令仅用于工作人员账户。"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def _verify(device: TOTPDevice, token: str) -> None:
    token = (token or "").strip()
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = max(
            1, int(((info or {}).get("locked_until", timezone.now()) - timezone.now()).total_seconds()) + 1
        )
        raise DomainError(_("尝试过于频繁，请%(seconds)d秒后再试。") % {"seconds": wait}, field="token")
    # verify_token refuses a code whose time step was already used, so a replayed code fails.
    if not re.fullmatch(r"[0-9]{6}", token) or not device.verify_token(token):
        raise DomainError(_("动态口令不正确或已使用，请输入验证器上的最新口令。"), field="token")


def confirm_totp_enrolment(*, user: User, device: TOTPDevice, token: str, request=None) -> TOTPDevice:
    """Confirm a new authenticator with its first code; it replaces any earlier one."""
    if device.user_id != user.pk or device.confirmed:
        raise NotAllowed(_("该验证器不属于本账户或已绑定。"))
    # Outside the transaction: a wrong code's throttling counter must survive the refusal.
    _verify(device, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor=user, action=AuditAction.UPDATE, obj=user, summary="TOTP enrolled", request=request)
    return device


def verify_totp(*, user: User, token: str, request=None) -> TOTPDevice:
    """The second step of a staff sign-in; a wrong code is audited and explained."""
    device = confirmed_totp_device(user)
    if device is None:
        raise DomainError(_("尚未绑定身份验证器。"), field="token")
    try:
        _verify(device, token)
    except DomainError:
        record_failed_sign_in(username=user.username, reason="wrong TOTP code", request=request)
        raise
    record_sign_in(user=user, method=SignInMethod.TOTP, request=request)
    return device
