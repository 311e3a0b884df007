"""Sending SMS through one interface: a console backend for development and the
Alibaba Cloud SMS API (Dysmsapi SendSms, RPC signature v1) for production."""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider refused or could not be reached; the message says which."""


class ConsoleBackend:
    """Writes messages to the log and keeps them in `outbox` (development and tests)."""

    outbox: list[dict] = []

    def send(self, *, phone: str, template: str, params: dict[str, str]) -> str:
        message_id = uuid.uuid4().hex
        type(self).outbox.append({"phone": phone, "template": template, "params": params, "id": message_id})
        log.warning("SMS to %s [%s] %s", phone, template, json.dumps(params, ensure_ascii=False))
        return message_id


def _percent(value: str) -> str:
    return quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """RPC signature v1: HMAC-SHA1 over the canonicalised, percent-encoded query."""
    canonical = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    """Alibaba Cloud SMS (Dysmsapi 2017-05-25, SendSms)."""

    def __init__(self, *, endpoint: str | None = None, key_id: str | None = None, secret: str | None = None):
        self.endpoint = endpoint or settings.SMS_ENDPOINT
        self.key_id = key_id or settings.SMS_ACCESS_KEY_ID
        self.secret = secret or settings.SMS_ACCESS_KEY_SECRET
        if not (self.key_id and self.secret):
            raise SmsError("MEDARB_SMS_ACCESS_KEY_ID and MEDARB_SMS_ACCESS_KEY_SECRET must be set")

    def send(self, *, phone: str, template: str, params: dict[str, str]) -> str:
        query = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": settings.SMS_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        query["Signature"] = aliyun_signature(query, self.secret)
        try:
            response = requests.post(self.endpoint, data=query, timeout=10)
            body = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise SmsError(f"SMS provider unreachable: {exc}") from exc
        if body.get("Code") != "OK":
            raise SmsError(f"SMS provider refused: {body.get('Code')} {body.get('Message')}")
        return body.get("BizId", "")


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, phone: str, template: str, params: dict[str, str]) -> str:
    return get_backend().send(phone=phone, template=template, params=params)
