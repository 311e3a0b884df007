"""WeChat use cases: replying to messages, OAuth code exchange, binding accounts.

The OAuth hand-off is protected against login CSRF (RFC 6749 §10.12): each authorisation
request carries a fresh random `state` that is kept in the visitor's session, and the
callback accepts a code only with that same state, once, within `OAUTH_STATE_SECONDS`.
Without it a crafted callback link could put an attacker's OpenID into a victim's session,
to be bound to the victim's account at their next SMS sign-in.
"""

import secrets
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.db import transaction

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.wechat import replies
from medarb.wechat.models import WechatBinding


class WechatError(Exception):
    pass


def reply_to(message) -> str | None:
    """The text to answer with, or None to acknowledge silently."""
    kind = getattr(message, "type", "")
    if kind == "event":
        event = getattr(message, "event", "")
        if event == "subscribe":
            WechatBinding.objects.filter(openid=message.source).update(subscribed=True)
            return replies.welcome()
        if event == "unsubscribe":
            WechatBinding.objects.filter(openid=message.source).update(subscribed=False)
            return None
        if event == "click":
            return replies.for_menu(getattr(message, "key", ""))
        return None
    if kind == "text":
        return replies.for_text(message.content)
    return replies.welcome()


OAUTH_STATE_SECONDS = 600
SESSION_OAUTH = "wechat_oauth"


def begin_oauth(session, *, next_url: str) -> str:
    """A new single-use state for this visitor's authorisation request, kept in the session
    (with where to go afterwards); any earlier pending state is replaced."""
    state = secrets.token_urlsafe(24)
    session[SESSION_OAUTH] = {"state": state, "issued": int(time.time()), "next": next_url}
    return state


def finish_oauth(session, *, state: str) -> str | None:
    """The `next` URL of the pending request when `state` is the one issued to this session
    and still fresh, else None. Either way the pending state is used up."""
    pending = session.pop(SESSION_OAUTH, None)
    if not isinstance(pending, dict) or not state:
        return None
    issued = pending.get("issued", 0)
    if not isinstance(issued, int) or time.time() - issued > OAUTH_STATE_SECONDS:
        return None
    if not secrets.compare_digest(str(pending.get("state", "")), state):
        return None
    return str(pending.get("next") or "/")


def authorize_url(redirect_uri: str, *, state: str) -> str:
    query = urlencode(
        {
            "appid": settings.WECHAT_APPID,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        }
    )
    return f"{settings.WECHAT_OAUTH_BASE}/connect/oauth2/authorize?{query}#wechat_redirect"


def openid_for_code(code: str) -> str:
    """Exchange an OAuth code for the visitor's OpenID (sns/oauth2/access_token)."""
    response = requests.get(
        f"{settings.WECHAT_API_BASE.rstrip('/')}/sns/oauth2/access_token",
        params={
            "appid": settings.WECHAT_APPID,
            "secret": settings.WECHAT_SECRET,
            "code": code,
            "grant_type": "authorization_code",
        },
        timeout=10,
    )
    body = response.json()
    if "openid" not in body:
        raise WechatError(f"{body.get('errcode')} {body.get('errmsg')}")
    return body["openid"]


@transaction.atomic
def bind(*, openid: str, user, request=None) -> WechatBinding:
    """Bind the OpenID to the signed-in account (audited, so a binding can be traced)."""
    binding, created = WechatBinding.objects.update_or_create(
        openid=openid, defaults={"user": user, "subscribed": True}
    )
    record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=binding,
        summary="绑定微信",
        data={"openid": f"{openid[:6]}…"},
        request=request,
    )
    return binding
