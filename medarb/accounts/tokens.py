"""API tokens of staff: issued with a lifetime, stored as a SHA-256, revocable, last use kept.

The clear key (`mdb_` + 32 random bytes, URL-safe) leaves the server once, in the answer
to the request that issued it. A lookup hashes the presented key and finds the row by its
hash, so a copy of the database opens nothing. `last_used_at` is written at most once per
`API_TOKEN_TOUCH_SECONDS`, not on every request.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.accounts.models import ApiToken, User
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed

KEY_PREFIX = "mdb_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the clear key: show it once, never store it


@transaction.atomic
def issue_api_token(*, user: User, request=None) -> IssuedToken:
    """A fresh API token for a staff member; any earlier one is revoked."""
    if not user.is_staff_member or not user.is_active:
        raise NotAllowed(_("API 令牌仅限工作人员使用。"))
    now = timezone.now()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_key(key),
        prefix=key[:10],
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    record(
        actor=user,
        action=AuditAction.CREATE,
        object_type="authtoken",
        object_id=token.pk,
        summary="API token issued",
        data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
        request=request,
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int, request=None) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise DomainError(_("没有找到该令牌。"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=user,
            action=AuditAction.UPDATE,
            object_type="authtoken",
            object_id=token.pk,
            summary="API token revoked",
            data={"prefix": token.prefix},
            request=request,
        )
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at")[:10])


def token_for_key(key: str) -> ApiToken | None:
    """The live token with this key (not revoked, not expired), with its user; None otherwise."""
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.is_active_at(timezone.now()):
        return None
    return token


def touch(token: ApiToken) -> None:
    """Note the token's use, at most once per API_TOKEN_TOUCH_SECONDS (one UPDATE, no race)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS)
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=stale).update(last_used_at=now)
    token.last_used_at = now
