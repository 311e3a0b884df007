import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
import xmltodict
from django.test import Client

from medarb.audit.models import AuditEntry
from medarb.portal.services import load_faq
from medarb.search.services import load_library
from medarb.wechat.models import WechatBinding
from medarb.wechat.services import OAUTH_STATE_SECONDS

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

    @pytest.mark.parametrize("body", [b"not xml", b"<xml><MsgType>", "<xml>中文</xml>".encode()])
    def test_malformed_payloads_are_acknowledged_not_crashed(self, client, body):
        assert client.post(signed(), data=body, content_type="text/xml").status_code == 200

    def test_an_oversized_payload_is_refused_before_it_is_parsed(self, client):
        assert client.post(signed(), data=b"x" * 70000, content_type="text/xml").status_code == 413


class FakeWechatApi(BaseHTTPRequestHandler):
    """Answers sns/oauth2/access_token as WeChat does: an OpenID for a good code, an errcode otherwise."""

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path != "/sns/oauth2/access_token" or query.get("secret") != ["wx-test-secret"]:
            body = {"errcode": 40001, "errmsg": "invalid credential"}
        elif query.get("code") in (["good-code"], ["attacker-code"]):
            body = {
                "access_token": "at",
                "expires_in": 7200,
                "openid": "o-worker-openid" if query["code"] == ["good-code"] else "o-attacker-openid",
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


def start(client, next_url: str = "/appointments/") -> str:
    """Begin the OAuth hand-off as WeChat's browser would; the state WeChat will return."""
    response = client.get(f"/wechat/oauth/start/?next={next_url}")
    return parse_qs(urlparse(response["Location"]).query)["state"][0]


@pytest.mark.django_db
class TestOAuthHandOff:
    def test_start_sends_to_the_wechat_authorize_page(self, client):
        response = client.get("/wechat/oauth/start/?next=/appointments/")
        assert response.status_code == 302
        assert response["Location"].startswith(
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx-test-app"
        )
        assert "snsapi_base" in response["Location"]

    def test_each_authorisation_request_carries_a_fresh_random_state(self, client):
        first, second = start(client), start(client)
        assert first != second and len(first) >= 32 and "medarb" not in (first, second)

    def test_a_bound_openid_arrives_signed_in(self, client, cast, wechat_api):
        WechatBinding.objects.create(openid="o-worker-openid", user=cast.worker)
        state = start(client)
        response = client.get(f"/wechat/oauth/callback/?code=good-code&state={state}")
        assert response["Location"] == "/appointments/"
        assert client.session["_auth_user_id"] == str(cast.worker.pk)

    def test_an_unbound_openid_is_bound_after_the_sms_sign_in(self, client, cast, wechat_api):
        state = start(client)
        response = client.get(f"/wechat/oauth/callback/?code=good-code&state={state}")
        assert response["Location"].startswith("/accounts/party/")
        client.force_login(cast.worker)
        client.get("/wechat/bind/?next=/appointments/")
        assert WechatBinding.objects.get(openid="o-worker-openid").user == cast.worker
        entry = AuditEntry.objects.get(object_type="wechat.wechatbinding")
        assert entry.actor == cast.worker and entry.data["openid"] == "o-work…"  # never in full

    def test_a_bad_code_signs_nobody_in(self, client, wechat_api):
        state = start(client)
        client.get(f"/wechat/oauth/callback/?code=stolen&state={state}")
        assert "_auth_user_id" not in client.session

    def test_an_offsite_next_is_ignored(self, client, wechat_api):
        state = start(client, "https://evil.example/")
        response = client.get(f"/wechat/oauth/callback/?code=stolen&state={state}")
        assert response["Location"] == "/"

    @pytest.mark.parametrize("hostile", ["0", "home", "javascript:alert(1)", "//evil.example/"])
    def test_a_next_that_is_not_a_path_on_this_site_leads_home(self, client, hostile):
        assert client.get("/wechat/bind/", {"next": hostile})["Location"] == "/"


@pytest.mark.django_db
class TestOAuthLoginCsrf:
    """The attack: the attacker authorises on their own phone, keeps the callback link with
    their code, and has the victim open it; at the victim's next SMS sign-in the attacker's
    WeChat would be bound to the victim's account."""

    def _crafted_link(self, wechat_api) -> str:
        attacker = Client()
        state = start(attacker)
        return f"/wechat/oauth/callback/?code=attacker-code&state={state}"

    def test_a_crafted_callback_link_binds_no_wechat_to_the_victim(self, client, cast, wechat_api):
        link = self._crafted_link(wechat_api)
        response = client.get(link)
        assert response.status_code == 400
        assert "微信授权已失效" in response.content.decode()
        assert "wechat_openid" not in client.session
        client.force_login(cast.worker)  # the victim's SMS sign-in
        client.get("/wechat/bind/?next=/appointments/")
        assert not WechatBinding.objects.exists()

    def test_the_link_is_refused_even_while_the_victim_has_a_request_of_their_own(
        self, client, cast, wechat_api
    ):
        start(client)
        link = self._crafted_link(wechat_api)
        assert client.get(link).status_code == 400
        assert "wechat_openid" not in client.session

    def test_the_old_fixed_state_and_a_missing_state_are_refused(self, client, wechat_api):
        start(client)
        assert client.get("/wechat/oauth/callback/?code=attacker-code&state=medarb").status_code == 400
        start(client)
        assert client.get("/wechat/oauth/callback/?code=attacker-code").status_code == 400
        assert "wechat_openid" not in client.session

    def test_a_state_is_used_once(self, client, cast, wechat_api):
        WechatBinding.objects.create(openid="o-worker-openid", user=cast.worker)
        state = start(client)
        assert client.get(f"/wechat/oauth/callback/?code=good-code&state={state}").status_code == 302
        client.logout()
        assert client.get(f"/wechat/oauth/callback/?code=good-code&state={state}").status_code == 400
        assert "_auth_user_id" not in client.session

    def test_a_state_expires_after_ten_minutes(self, client, cast, wechat_api):
        WechatBinding.objects.create(openid="o-worker-openid", user=cast.worker)
        with time_machine.travel("2026-12-01 09:00 +0800", tick=False) as traveller:
            state = start(client)
            traveller.shift(OAUTH_STATE_SECONDS + 1)
            response = client.get(f"/wechat/oauth/callback/?code=good-code&state={state}")
        assert response.status_code == 400 and "_auth_user_id" not in client.session

    def test_an_openid_left_in_the_session_too_long_is_not_bound(self, client, cast, wechat_api):
        with time_machine.travel("2026-12-01 09:00 +0800", tick=False) as traveller:
            state = start(client)
            client.get(f"/wechat/oauth/callback/?code=good-code&state={state}")
            traveller.shift(OAUTH_STATE_SECONDS + 1)
            client.force_login(cast.worker)
            client.get("/wechat/bind/")
        assert not WechatBinding.objects.exists()
