import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import xmltodict

from medarb.portal.services import load_faq
from medarb.search.services import load_library
from medarb.wechat.models import WechatBinding

TOKEN = "medarb-test-token"


@pytest.fixture(autouse=True)
def wechat_settings(settings):
    settings.WECHAT_TOKEN = TOKEN
    settings.WECHAT_APPID = "wx-test-app"
    settings.WECHAT_SECRET = "wx-test-secret"
    settings.SITE_URL = "http://testserver"


def signed(params: dict | None = None, token: str = TOKEN) -> str:
    timestamp, nonce = str(int(time.time())), "8271"
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    query = {"signature": signature, "timestamp": timestamp, "nonce": nonce, **(params or {})}
    return "/wechat/?" + "&".join(f"{k}={v}" for k, v in query.items())


def message(msg_type: str, **fields) -> bytes:
    body = {
        "ToUserName": "gh_medarb",
        "FromUserName": "o-worker-openid",
        "CreateTime": "1764300000",
        "MsgType": msg_type,
    }
    body.update(fields)
    return xmltodict.unparse({"xml": body}).encode()


def reply_text(response) -> str:
    return xmltodict.parse(response.content)["xml"]["Content"]


@pytest.fixture
def assistant(db):
    load_library()
    load_faq()


@pytest.mark.django_db
class TestSignature:
    def test_the_server_address_check_echoes_the_challenge(self, client):
        response = client.get(signed({"echostr": "abc123"}))
        assert response.status_code == 200 and response.content == b"abc123"

    def test_a_request_signed_with_another_token_is_refused_before_parsing(self, client):
        response = client.post(signed(token="forged"), data=b"<xml>", content_type="text/xml")
        assert response.status_code == 403

    def test_an_unsigned_request_is_refused(self, client):
        assert (
            client.post("/wechat/", data=message("text", Content="hi"), content_type="text/xml").status_code
            == 403
        )


@pytest.mark.django_db
class TestMessages:
    def test_subscribing_gets_a_welcome_with_portal_links(self, client):
        response = client.post(signed(), data=message("event", Event="subscribe"), content_type="text/xml")
        text = reply_text(response)
        assert "欢迎关注" in text and "/wechat/oauth/start/?next=/appointments/" in text
        assert xmltodict.parse(response.content)["xml"]["ToUserName"] == "o-worker-openid"

    def test_a_menu_click_links_to_the_chosen_service(self, client):
        response = client.post(
            signed(), data=message("event", Event="CLICK", EventKey="BOOK"), content_type="text/xml"
        )
        assert "预约取号" in reply_text(response)

    def test_a_typed_question_is_answered_from_the_faq_with_its_source(self, client, assistant):
        response = client.post(
            signed(), data=message("text", Content="劳动仲裁收费吗", MsgId="1"), content_type="text/xml"
        )
        text = reply_text(response)
        assert "不收费" in text and "《劳动争议调解仲裁法》第五十三条" in text

    def test_unsubscribing_marks_the_binding(self, client, cast):
        WechatBinding.objects.create(openid="o-worker-openid", user=cast.worker)
        response = client.post(signed(), data=message("event", Event="unsubscribe"), content_type="text/xml")
        assert response.content == b"success"
        assert not WechatBinding.objects.get().subscribed

    @pytest.mark.parametrize(
        "body", [b"not xml", b"<xml><MsgType>", "<xml>中文</xml>".encode(), b"x" * 70000]
    )
    def test_malformed_payloads_are_acknowledged_not_crashed(self, client, body):
        assert client.post(signed(), data=body, content_type="text/xml").status_code == 200


class FakeWechatApi(BaseHTTPRequestHandler):
    """Answers sns/oauth2/access_token as WeChat does: an OpenID for a good code, an errcode otherwise."""

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path != "/sns/oauth2/access_token" or query.get("secret") != ["wx-test-secret"]:
            body = {"errcode": 40001, "errmsg": "invalid credential"}
        elif query.get("code") == ["good-code"]:
            body = {
                "access_token": "at",
                "expires_in": 7200,
                "openid": "o-worker-openid",
                "scope": "snsapi_base",
            }
        else:
            body = {"errcode": 40029, "errmsg": "invalid code"}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def wechat_api(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeWechatApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WECHAT_API_BASE = f"http://127.0.0.1:{server.server_port}"
    yield
    server.shutdown()


@pytest.mark.django_db
class TestOAuthHandOff:
    def test_start_sends_to_the_wechat_authorize_page(self, client):
        response = client.get("/wechat/oauth/start/?next=/appointments/")
        assert response.status_code == 302
        assert response["Location"].startswith(
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx-test-app"
        )
        assert "snsapi_base" in response["Location"]

    def test_a_bound_openid_arrives_signed_in(self, client, cast, wechat_api):
        WechatBinding.objects.create(openid="o-worker-openid", user=cast.worker)
        client.get("/wechat/oauth/start/?next=/appointments/")
        response = client.get("/wechat/oauth/callback/?code=good-code&state=medarb")
        assert response["Location"] == "/appointments/"
        assert client.session["_auth_user_id"] == str(cast.worker.pk)

    def test_an_unbound_openid_is_bound_after_the_sms_sign_in(self, client, cast, wechat_api):
        client.get("/wechat/oauth/start/?next=/appointments/")
        response = client.get("/wechat/oauth/callback/?code=good-code")
        assert response["Location"].startswith("/accounts/party/")
        client.force_login(cast.worker)
        client.get("/wechat/bind/?next=/appointments/")
        assert WechatBinding.objects.get(openid="o-worker-openid").user == cast.worker

    def test_a_bad_code_signs_nobody_in(self, client, wechat_api):
        client.get("/wechat/oauth/callback/?code=stolen")
        assert "_auth_user_id" not in client.session

    def test_an_offsite_next_is_ignored(self, client):
        client.get("/wechat/oauth/start/?next=https://evil.example/")
        assert client.session["wechat_next"] == "/"
