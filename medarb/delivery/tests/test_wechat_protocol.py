"""The WeChat official-account protocol, against a local server that speaks it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from medarb.delivery.channels import ChannelError, OfficialAccountWeChat


class FakeWeChat:
    def __init__(self):
        self.tokens_issued = 0
        self.sent: list[dict] = []
        self.expire_next = False
        self.refuse_with: int | None = None

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, body: dict):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path != "/cgi-bin/token" or query.get("grant_type") != ["client_credential"]:
                    return self._reply({"errcode": 40002, "errmsg": "invalid grant_type"})
                if query.get("appid") != ["wx-app"] or query.get("secret") != ["s3cret"]:
                    return self._reply({"errcode": 40125, "errmsg": "invalid appsecret"})
                fake.tokens_issued += 1
                return self._reply({"access_token": f"TOKEN{fake.tokens_issued}", "expires_in": 7200})

            def do_POST(self):
                url = urlparse(self.path)
                token = parse_qs(url.query).get("access_token", [""])[0]
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if url.path != "/cgi-bin/message/template/send":
                    return self._reply({"errcode": 404, "errmsg": "not found"})
                if fake.expire_next:
                    fake.expire_next = False
                    return self._reply({"errcode": 42001, "errmsg": "access_token expired"})
                if fake.refuse_with:
                    return self._reply({"errcode": fake.refuse_with, "errmsg": "refused"})
                if token != f"TOKEN{fake.tokens_issued}":
                    return self._reply({"errcode": 40001, "errmsg": "invalid credential"})
                fake.sent.append(body)
                return self._reply({"errcode": 0, "errmsg": "ok", "msgid": 200228332})

        return Handler


@pytest.fixture
def wechat_server():
    fake = FakeWeChat()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    OfficialAccountWeChat._token = None
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        OfficialAccountWeChat._token = None


class TestWeChatTemplateMessages:
    def test_a_message_is_sent_with_a_token_that_is_then_reused(self, wechat_server):
        fake, base = wechat_server
        client = OfficialAccountWeChat(api_base=base, appid="wx-app", secret="s3cret")
        msgid = client.send_template(
            openid="o6_bmjr",
            template_id="TPL",
            url="https://x/delivery/s/t/",
            data={"keyword1": "开庭通知书"},
        )
        client.send_template(
            openid="o6_bmjr", template_id="TPL", url="https://x/", data={"keyword1": "举证通知书"}
        )
        assert msgid == "200228332"
        assert fake.tokens_issued == 1
        assert fake.sent[0] == {
            "touser": "o6_bmjr",
            "template_id": "TPL",
            "url": "https://x/delivery/s/t/",
            "data": {"keyword1": {"value": "开庭通知书"}},
        }

    def test_an_expired_token_is_renewed_once(self, wechat_server):
        fake, base = wechat_server
        client = OfficialAccountWeChat(api_base=base, appid="wx-app", secret="s3cret")
        client.send_template(openid="o", template_id="T", url="u", data={})
        fake.expire_next = True
        client.send_template(openid="o", template_id="T", url="u", data={})
        assert fake.tokens_issued == 2 and len(fake.sent) == 2

    def test_a_refusal_raises_for_the_retry_logic(self, wechat_server):
        fake, base = wechat_server
        fake.refuse_with = 43004  # the user does not follow the account
        client = OfficialAccountWeChat(api_base=base, appid="wx-app", secret="s3cret")
        with pytest.raises(ChannelError, match="43004"):
            client.send_template(openid="o", template_id="T", url="u", data={})

    def test_wrong_credentials_and_no_server_raise(self, wechat_server):
        _fake, base = wechat_server
        with pytest.raises(ChannelError, match="40125"):
            OfficialAccountWeChat(api_base=base, appid="wx-app", secret="wrong").send_template(
                openid="o", template_id="T", url="u", data={}
            )
        OfficialAccountWeChat._token = None
        with pytest.raises(ChannelError):
            OfficialAccountWeChat(api_base="http://127.0.0.1:9", appid="a", secret="b").send_template(
                openid="o", template_id="T", url="u", data={}
            )
