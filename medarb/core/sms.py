"""Sending SMS through one interface: a console backend for development and the
Alibaba Cloud SMS API (Dysmsapi 2017-05-25 SendSms, RPC signature v1) for production.

A backend has one method, `send(*, phone, template, params, out_id="") -> message id`, and
raises `SmsError` when the message did not go out. `out_id` is the caller's id of the message
(Alibaba's OutId, returned in delivery receipts): a caller that may send one message twice
(the outbox of `delivery`) passes the same id both times, so the duplicate is recognisable.

Never call `send_sms` inside a database transaction: the provider may take seconds to answer,
and on SQLite the whole database stays locked for writers meanwhile.
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider refused or could not be reached.

    `code` is the provider's error code (e.g. `isv.BUSINESS_LIMIT_CONTROL`), or one of
    `unreachable`, `bad_response`, `not_configured` when no provider answer exists.
    """

    def __init__(self, message: str, *, code: str = "error"):
        super().__init__(message)
        self.code = code


class SmsBackend(Protocol):
    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str = "") -> str: ...


class ConsoleBackend:
    """Writes messages to the log and keeps them in `outbox` (development and tests)."""

    outbox: list[dict] = []

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str = "") -> str:
        message_id = uuid.uuid4().hex
        message = {"phone": phone, "template": template, "params": params, "id": message_id}
        if out_id:
            message["out_id"] = out_id
        type(self).outbox.append(message)
        log.warning("SMS to %s [%s] %s", phone, template, json.dumps(params, ensure_ascii=False))
        return message_id


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the RPC signature wants it: only A-Z a-z 0-9 - _ . ~ stay,
    a space becomes %20 (not +)."""
    return quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """RPC signature v1: Base64(HMAC-SHA1(secret + "&", StringToSign)), where StringToSign is
    METHOD & %2F & percent-encoded canonical query (parameters sorted by name)."""
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    """Alibaba Cloud SMS (Dysmsapi 2017-05-25, SendSms), signed with the RPC v1 scheme."""

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        key_id: str | None = None,
        secret: str | None = None,
        sign_name: str | None = None,
        timeout: float = 10,
    ):
        self.endpoint = endpoint or settings.SMS_ENDPOINT
        self.key_id = key_id or settings.SMS_ACCESS_KEY_ID
        self.secret = secret or settings.SMS_ACCESS_KEY_SECRET
        self.sign_name = sign_name or settings.SMS_SIGN_NAME
        self.timeout = timeout
        if not (self.key_id and self.secret):
            raise SmsError(
                "MEDARB_SMS_ACCESS_KEY_ID and MEDARB_SMS_ACCESS_KEY_SECRET must be set", code="not_configured"
            )

    def signed_params(
        self, *, phone: str, template: str, params: dict[str, str], out_id: str = ""
    ) -> dict[str, str]:
        query = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        if out_id:
            query["OutId"] = out_id
        query["Signature"] = aliyun_signature(query, self.secret, method="POST")
        return query

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str = "") -> str:
        form = self.signed_params(phone=phone, template=template, params=params, out_id=out_id)
        try:
            response = requests.post(self.endpoint, data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SmsError(f"SMS provider unreachable: {exc}", code="unreachable") from exc
        try:
            body = response.json()
        except ValueError as exc:
            # A proxy's HTML error page or an empty body: the provider's answer is unknown.
            raise SmsError(
                f"SMS provider gave no JSON answer (HTTP {response.status_code})", code="bad_response"
            ) from exc
        code = str(body.get("Code") or "")
        if code != "OK":
            raise SmsError(
                f"SMS provider refused: {code} {body.get('Message', '')}".strip(), code=code or "bad_response"
            )
        return str(body.get("BizId", ""))


def get_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, phone: str, template: str, params: dict[str, str], out_id: str = "") -> str:
    """Send one templated message through the configured backend; raises SmsError."""
    if out_id:
        return get_backend().send(phone=phone, template=template, params=params, out_id=out_id)
    return get_backend().send(phone=phone, template=template, params=params)
