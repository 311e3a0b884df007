"""WeChat use cases: replying to messages, OAuth code exchange, binding accounts."""

from urllib.parse import urlencode

import requests
from django.conf import settings
from django.db import transaction

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


def authorize_url(redirect_uri: str) -> str:
    query = urlencode(
        {
            "appid": settings.WECHAT_APPID,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": "medarb",
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
def bind(*, openid: str, user) -> WechatBinding:
    binding, _ = WechatBinding.objects.update_or_create(
        openid=openid, defaults={"user": user, "subscribed": True}
    )
    return binding
