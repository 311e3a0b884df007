"""Fingerprints and security keys for staff (WebAuthn, py_webauthn), and recovery codes.

Registering: a staff member already verified by TOTP in this session asks for options (a
fresh challenge kept in the session), the browser's authenticator makes a credential with user
verification (the fingerprint, Windows Hello's PIN or face), and the server checks the
attestation against the challenge, the site's origin and relying-party ID before keeping the
public key. Signing in: the MFA step offers the keys; the assertion must answer this session's
challenge from the site's origin, be signed by one of *this user's* keys, be user-verified, and
carry a signature counter above the one kept (a cloned or replayed assertion is refused).

Recovery codes (django-otp's static device): ten single-use codes shown once, for a lost phone
or key; a new set replaces the old one.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from medarb.accounts.models import SecurityKey, User
from medarb.accounts.services import SignInMethod, record_failed_sign_in, record_sign_in
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError

REGISTER_CHALLENGE = "webauthn_register_challenge"
SIGN_IN_CHALLENGE = "webauthn_sign_in_challenge"
RECOVERY_CODES = 10
RECOVERY_CODE_LENGTH = 8  # a TOTP code has 6 digits


def origin() -> str:
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def rp_id() -> str:
    return settings.MEDARB_WEBAUTHN_RP_ID or urlsplit(settings.SITE_URL).hostname or "localhost"


def keys_of(user: User) -> list[SecurityKey]:
    return list(SecurityKey.objects.filter(user=user, confirmed=True).order_by("created_at"))


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=bytes(key.credential_id)) for key in keys_of(user)]


# --- registering ------------------------------------------------------------------------------


def registration_options(
    *, user: User, session, resident: bool = False, challenge_key: str = REGISTER_CHALLENGE
) -> str:
    """Options for a new credential of `user`; `resident` asks the authenticator to keep the
    credential (a party's fingerprint on the window's reader, found without a user name)."""
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=str(_("调解仲裁平台")),
        user_id=f"medarb-{user.pk}".encode(),
        user_name=user.username,
        user_display_name=user.full_name or user.username,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED if resident else ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    session[challenge_key] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


@transaction.atomic
def register_key(
    *,
    user: User,
    session,
    credential: dict,
    name: str,
    actor=None,
    challenge_key: str = REGISTER_CHALLENGE,
    request=None,
) -> SecurityKey:
    """Keep the credential the authenticator made for `user` (added by `actor`: the user, or
    the filing officer at the window for a party)."""
    actor = actor or user
    challenge = session.pop(challenge_key, None)
    if not challenge:
        raise DomainError(_("请重新点击“添加指纹或安全密钥”。"))
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_origin=origin(),
            expected_rp_id=rp_id(),
            require_user_verification=True,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as exc:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=user,
            summary=_("指纹/安全密钥未能添加"),
            data={"why": str(exc)[:200]},
            request=request,
        )
        raise DomainError(_("未能添加：设备的应答无效（%(why)s）。") % {"why": str(exc)[:120]}) from exc
    if SecurityKey.objects.filter(credential_id=verified.credential_id).exists():
        raise DomainError(_("这个指纹或安全密钥已经添加过。"))
    key = SecurityKey.objects.create(
        user=user,
        name=(name or "").strip()[:64] or _("指纹/安全密钥"),
        confirmed=True,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[
            t for t in (credential.get("response") or {}).get("transports", []) if isinstance(t, str)
        ][:5],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=key,
        summary=_("添加指纹/安全密钥 %(name)s") % {"name": key.name},
        request=request,
    )
    return key


def remove_key(*, user: User, key_id: int, request=None) -> None:
    key = SecurityKey.objects.filter(user=user, pk=key_id).first()
    if key is None:
        raise DomainError(_("没有找到该密钥。"))
    record(
        actor=user,
        action=AuditAction.DELETE,
        obj=key,
        summary=_("删除指纹/安全密钥 %(name)s") % {"name": key.name},
        request=request,
    )
    key.delete()


# --- signing in -------------------------------------------------------------------------------


def sign_in_options(*, user: User, session, challenge_key: str = SIGN_IN_CHALLENGE) -> str:
    allowed = _descriptors(user)
    if not allowed:
        raise DomainError(_("尚未添加指纹或安全密钥。"))
    options = generate_authentication_options(
        rp_id=rp_id(), allow_credentials=allowed, user_verification=UserVerificationRequirement.REQUIRED
    )
    session[challenge_key] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def verify_assertion(
    *, user: User, session, credential: dict, challenge_key: str = SIGN_IN_CHALLENGE
) -> SecurityKey:
    """The key of `user` that answered this session's challenge (its counter moved on), or
    InvalidAuthenticationResponse: another challenge, origin or relying party, a key of
    someone else, no user verification, or a counter not above the one kept."""
    challenge = session.pop(challenge_key, None)
    if not challenge:
        raise InvalidAuthenticationResponse("no challenge in this session")
    raw_id = credential.get("rawId") or credential.get("id") or ""
    key = (
        SecurityKey.objects.select_for_update()
        .filter(user=user, confirmed=True, credential_id=_from_base64url(raw_id))
        .first()
    )
    if key is None:
        raise InvalidAuthenticationResponse("not a key of this user")
    verified = verify_authentication_response(
        credential=credential,
        expected_challenge=base64url_to_bytes(challenge),
        expected_rp_id=rp_id(),
        expected_origin=origin(),
        credential_public_key=bytes(key.public_key),
        credential_current_sign_count=key.sign_count,
        require_user_verification=True,
    )
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return key


ASSERTION_ERRORS = (InvalidAuthenticationResponse, ValueError, KeyError, TypeError)


@transaction.atomic
def verify_sign_in(*, user: User, session, credential: dict, request=None) -> SecurityKey:
    """The MFA step with a key, or DomainError (audited as a failed sign-in)."""
    try:
        key = verify_assertion(user=user, session=session, credential=credential)
    except ASSERTION_ERRORS as exc:
        record_failed_sign_in(
            username=user.username, reason=f"security key refused: {str(exc)[:120]}", request=request
        )
        raise DomainError(_("指纹或安全密钥验证未通过，请重试或输入动态口令。")) from exc
    record_sign_in(user=user, method=SignInMethod.SECURITY_KEY, request=request)
    return key


def _from_base64url(value: str) -> bytes:
    try:
        return base64url_to_bytes(value)
    except (ValueError, TypeError):
        return b""


# --- recovery codes ---------------------------------------------------------------------------


@transaction.atomic
def new_recovery_codes(*, user: User, request=None) -> list[str]:
    """Ten fresh single-use codes (the old ones stop working); shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        f"{secrets.randbelow(10**RECOVERY_CODE_LENGTH):0{RECOVERY_CODE_LENGTH}d}"
        for _ in range(RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record(actor=user, action=AuditAction.UPDATE, obj=user, summary=_("生成新的恢复码"), request=request)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name="recovery").count()


def use_recovery_code(*, user: User, code: str, request=None) -> StaticDevice | None:
    """The recovery device when `code` is one of the user's unused codes (then spent)."""
    device = StaticDevice.objects.filter(user=user, name="recovery", confirmed=True).first()
    if device is None or not device.verify_token((code or "").strip()):
        return None
    record_sign_in(user=user, method=SignInMethod.RECOVERY_CODE, request=request)
    return device
