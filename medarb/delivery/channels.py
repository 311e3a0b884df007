"""The channels a service notice goes out on. Each `send_*` raises `ChannelError` when the
message did not go out (the attempt is then retried with back-off) and returns a message id.

WeChat template messages use the official-account HTTP API (`cgi-bin/token` for the access
token, `cgi-bin/message/template/send` for the message); `ConsoleWeChat` keeps messages in
memory for development and tests.
"""

import logging
import smtplib
import threading
import time

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from medarb.core import sms

log = logging.getLogger(__name__)


class ChannelError(Exception):
    pass


def send_email(*, to: str, subject: str, body: str, message_id: str = "") -> str:
    """Send one mail; `message_id` (the caller's, stable across re-sends) or a fresh one."""
    headers = {"Message-ID": message_id} if message_id else None
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"SMTP: {exc}") from exc
    return message_id


def send_sms(*, phone: str, params: dict[str, str], out_id: str = "") -> str:
    try:
        return sms.send_sms(phone=phone, template=settings.SMS_TEMPLATE_SERVICE, params=params, out_id=out_id)
    except sms.SmsError as exc:
        raise ChannelError(f"SMS: {exc}") from exc


# --- WeChat -----------------------------------------------------------------------------------


class ConsoleWeChat:
    outbox: list[dict] = []

    def send_template(self, *, openid: str, template_id: str, url: str, data: dict[str, str]) -> str:
        message_id = str(len(type(self).outbox) + 1)
        type(self).outbox.append({"touser": openid, "template_id": template_id, "url": url, "data": data})
        log.warning("WeChat template message to %s: %s", openid, data)
        return message_id


class OfficialAccountWeChat:
    """The WeChat official-account API: access token (cached until shortly before it expires,
    renewed once when WeChat says it is invalid) and template messages."""

    _lock = threading.Lock()
    _token: tuple[str, float] | None = None
    EXPIRED_CODES = frozenset({40001, 40014, 42001})

    def __init__(self, *, api_base: str | None = None, appid: str | None = None, secret: str | None = None):
        self.api_base = (api_base or settings.WECHAT_API_BASE).rstrip("/")
        self.appid = appid or settings.WECHAT_APPID
        self.secret = secret or settings.WECHAT_SECRET
        if not (self.appid and self.secret):
            raise ChannelError("WeChat: MEDARB_WECHAT_APPID and MEDARB_WECHAT_SECRET must be set")

    def _access_token(self, *, renew: bool = False) -> str:
        with self._lock:
            cached = type(self)._token
            if cached and not renew and cached[1] > time.monotonic():
                return cached[0]
            try:
                response = requests.get(
                    f"{self.api_base}/cgi-bin/token",
                    params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
                    timeout=10,
                )
                body = response.json()
            except (requests.RequestException, ValueError) as exc:
                raise ChannelError(f"WeChat token: {exc}") from exc
            if "access_token" not in body:
                raise ChannelError(f"WeChat token refused: {body.get('errcode')} {body.get('errmsg')}")
            lifetime = int(body.get("expires_in", 7200))
            type(self)._token = (body["access_token"], time.monotonic() + max(lifetime - 300, 60))
            return body["access_token"]

    def send_template(self, *, openid: str, template_id: str, url: str, data: dict[str, str]) -> str:
        payload = {
            "touser": openid,
            "template_id": template_id,
            "url": url,
            "data": {key: {"value": value} for key, value in data.items()},
        }
        for renew in (False, True):
            token = self._access_token(renew=renew)
            try:
                response = requests.post(
                    f"{self.api_base}/cgi-bin/message/template/send",
                    params={"access_token": token},
                    json=payload,
                    timeout=10,
                )
                body = response.json()
            except (requests.RequestException, ValueError) as exc:
                raise ChannelError(f"WeChat send: {exc}") from exc
            if body.get("errcode") == 0:
                return str(body.get("msgid", ""))
            if body.get("errcode") not in self.EXPIRED_CODES:
                break
        raise ChannelError(f"WeChat refused: {body.get('errcode')} {body.get('errmsg')}")


def wechat_backend():
    return import_string(settings.WECHAT_BACKEND)()


def send_wechat(*, openid: str, url: str, data: dict[str, str]) -> str:
    return wechat_backend().send_template(
        openid=openid, template_id=settings.WECHAT_TEMPLATE_SERVICE, url=url, data=data
    )
