"""A local stand-in for Alibaba Cloud's Dysmsapi endpoint that speaks its protocol.

It parses the posted form, recomputes the RPC v1 signature with the shared secret the way
the provider documents it (URL-encode, then '+'→'%20', '*'→'%2A', '%7E'→'~'), and answers
like the real service: `{"Code": "OK", "BizId": ...}`, HTTP 400 `SignatureDoesNotMatch`,
HTTP 404 `InvalidAccessKeyId.NotFound`, `SignatureNonceUsed`, `isv.MOBILE_NUMBER_ILLEGAL`,
and `isv.BUSINESS_LIMIT_CONTROL` for a second message to one number within a minute.

Written independently of medarb.core.sms on purpose: the test checks one implementation
against the other, and both against the documented worked example.
"""

import base64
import hashlib
import hmac
import json
import re
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote_plus

SECRETS = {"test-key-id": "test-key-secret"}


def pop_encode(value: str) -> str:
    return quote_plus(value, encoding="utf-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def expected_signature(params: dict[str, str], secret: str, method: str) -> str:
    canonical = "&".join(f"{pop_encode(k)}={pop_encode(params[k])}" for k in sorted(params))
    string_to_sign = method + "&" + pop_encode("/") + "&" + pop_encode(canonical)
    mac = hmac.new((secret + "&").encode(), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


class FakeDysms:
    """Runs on 127.0.0.1 on a free port in a thread; `received` keeps the accepted requests."""

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.nonces: set[str] = set()
        self.last_sent: dict[str, datetime] = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                status, answer = fake.answer(dict(parse_qsl(body, keep_blank_values=True)))
                payload = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeDysms":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @staticmethod
    def _error(status: int, code: str, message: str) -> tuple[int, dict]:
        return status, {"RequestId": str(uuid.uuid4()).upper(), "Code": code, "Message": message}

    def answer(self, form: dict[str, str]) -> tuple[int, dict]:
        signature = form.pop("Signature", "")
        secret = SECRETS.get(form.get("AccessKeyId", ""))
        if secret is None:
            return self._error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if form.get("SignatureMethod") != "HMAC-SHA1" or form.get("SignatureVersion") != "1.0":
            return self._error(
                400, "InvalidParameter", "SignatureMethod or SignatureVersion is not supported."
            )
        if not hmac.compare_digest(signature, expected_signature(form, secret, "POST")):
            return self._error(
                400,
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation.",
            )
        try:
            stamp = datetime.strptime(form.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return self._error(400, "InvalidTimeStamp.Format", "Specified time stamp is not valid.")
        if abs(datetime.now(UTC) - stamp) > timedelta(minutes=15):
            return self._error(
                400, "InvalidTimeStamp.Expired", "Specified time stamp or date header is expired."
            )
        if form.get("Action") != "SendSms" or form.get("Version") != "2017-05-25":
            return self._error(400, "InvalidAction.NotFound", "Specified api is not found.")
        with self.lock:
            nonce = form.get("SignatureNonce", "")
            if not nonce or nonce in self.nonces:
                return self._error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
            self.nonces.add(nonce)
            phone = form.get("PhoneNumbers", "")
            if not re.fullmatch(r"1[3-9]\d{9}", phone):
                return 200, {"RequestId": "x", "Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
            try:
                json.loads(form.get("TemplateParam", "{}"))
            except ValueError:
                return 200, {"RequestId": "x", "Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法"}
            now = datetime.now(UTC)
            if phone in self.last_sent and now - self.last_sent[phone] < timedelta(minutes=1):
                return 200, {
                    "RequestId": str(uuid.uuid4()).upper(),
                    "Code": "isv.BUSINESS_LIMIT_CONTROL",
                    "Message": "触发分钟级流控Permits:1",
                }
            self.last_sent[phone] = now
            self.received.append(form)
        return 200, {
            "RequestId": str(uuid.uuid4()).upper(),
            "Code": "OK",
            "Message": "OK",
            "BizId": f"{len(self.received):06d}^0",
        }
