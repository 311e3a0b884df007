"""The SMS provider protocol: AliyunBackend against a local server that speaks Dysmsapi."""

import json
import socket
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medarb.core.sms import AliyunBackend, ConsoleBackend, SmsError, aliyun_signature, send_sms
from medarb.core.tests.dysms import SECRETS, FakeDysms, expected_signature

KEY_ID = "test-key-id"
# What a reverse proxy in front of a dead provider answers: HTML, not the provider's JSON.
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\nConnection: close\r\n\r\n<html></ht>"
SECRET = SECRETS[KEY_ID]


@pytest.fixture(scope="module")
def provider():
    with FakeDysms() as server:
        yield server


@pytest.fixture(autouse=True)
def _forget_rate_limits(provider):
    provider.last_sent.clear()


def backend(provider, **overrides) -> AliyunBackend:
    options = {"endpoint": provider.url, "key_id": KEY_ID, "secret": SECRET, "sign_name": "鹭湖区仲裁院"}
    return AliyunBackend(**(options | overrides))


class TestSignatureAlgorithm:
    def test_it_reproduces_the_worked_example_of_alibaba_clouds_documentation(self):
        # "API 签名机制(示例)": DescribeRegions, AccessKeyId testid, secret testsecret, GET.
        params = {
            "TimeStamp": "2016-02-23T12:46:24Z",
            "Format": "XML",
            "AccessKeyId": "testid",
            "Action": "DescribeRegions",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            "Version": "2014-05-26",
            "SignatureVersion": "1.0",
        }
        assert aliyun_signature(params, "testsecret", method="GET") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="

    @settings(max_examples=200, deadline=None)
    @given(
        st.dictionaries(
            st.text(
                alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
            ),
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
            min_size=1,
            max_size=6,
        )
    )
    def test_it_agrees_with_the_providers_documented_encoding_for_any_text(self, params):
        assert aliyun_signature(params, SECRET) == expected_signature(params, SECRET, "POST")


class TestSendingThroughTheProvider:
    def test_an_accepted_message_returns_the_providers_biz_id(self, provider):
        biz_id = backend(provider).send(phone="13800138000", template="SMS_LOGIN", params={"code": "123456"})

        assert biz_id.endswith("^0")
        sent = provider.received[-1]
        assert sent["PhoneNumbers"] == "13800138000"
        assert sent["SignName"] == "鹭湖区仲裁院"
        assert sent["TemplateCode"] == "SMS_LOGIN"
        assert json.loads(sent["TemplateParam"]) == {"code": "123456"}

    def test_chinese_template_parameters_survive_signing_and_form_encoding(self, provider):
        params = {"name": "张三 & 李四", "case": "鹭湖仲案字〔2026〕第1号*~"}
        backend(provider).send(phone="13900139000", template="SMS_NOTICE", params=params)

        assert json.loads(provider.received[-1]["TemplateParam"]) == params

    def test_every_request_carries_a_fresh_nonce(self, provider):
        b = backend(provider)
        b.send(phone="13700137001", template="T", params={})
        b.send(phone="13700137002", template="T", params={})

        assert provider.received[-1]["SignatureNonce"] != provider.received[-2]["SignatureNonce"]

    def test_send_sms_uses_the_configured_backend(self, provider, settings):
        settings.SMS_BACKEND = "medarb.core.sms.AliyunBackend"
        settings.SMS_ENDPOINT = provider.url
        settings.SMS_ACCESS_KEY_ID = KEY_ID
        settings.SMS_ACCESS_KEY_SECRET = SECRET

        send_sms(phone="13600136000", template="SMS_LOGIN", params={"code": "000001"})

        assert provider.received[-1]["PhoneNumbers"] == "13600136000"


class TestProviderRefusals:
    def test_a_wrong_secret_is_refused_with_signature_does_not_match(self, provider):
        with pytest.raises(SmsError) as refused:
            backend(provider, secret="not-the-secret").send(phone="13800138000", template="T", params={})

        assert refused.value.code == "SignatureDoesNotMatch"

    def test_an_unknown_key_id_is_refused(self, provider):
        with pytest.raises(SmsError) as refused:
            backend(provider, key_id="nobody").send(phone="13800138000", template="T", params={})

        assert refused.value.code == "InvalidAccessKeyId.NotFound"

    def test_a_second_message_to_one_number_within_a_minute_hits_the_business_limit(self, provider):
        b = backend(provider)
        b.send(phone="13500135000", template="T", params={"code": "1"})

        with pytest.raises(SmsError) as refused:
            b.send(phone="13500135000", template="T", params={"code": "2"})

        assert refused.value.code == "isv.BUSINESS_LIMIT_CONTROL"
        assert "isv.BUSINESS_LIMIT_CONTROL" in str(refused.value)

    def test_an_illegal_number_is_refused_with_the_providers_code(self, provider):
        with pytest.raises(SmsError) as refused:
            backend(provider).send(phone="12345", template="T", params={})

        assert refused.value.code == "isv.MOBILE_NUMBER_ILLEGAL"


class TestUnreachableProvider:
    def test_a_closed_port_raises_sms_error_unreachable(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Nothing listens on the port any more: the connection is refused at once.
        b = AliyunBackend(endpoint=f"http://127.0.0.1:{port}/", key_id=KEY_ID, secret=SECRET, timeout=2)

        with pytest.raises(SmsError) as failed:
            b.send(phone="13800138000", template="T", params={})

        assert failed.value.code == "unreachable"

    def test_an_answer_that_is_not_json_is_a_bad_response(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]

            def gateway_error():
                conn, _ = listener.accept()
                with conn:
                    conn.recv(65536)
                    conn.sendall(BAD_GATEWAY)

            thread = threading.Thread(target=gateway_error, daemon=True)
            thread.start()
            b = AliyunBackend(endpoint=f"http://127.0.0.1:{port}/", key_id=KEY_ID, secret=SECRET, timeout=5)
            with pytest.raises(SmsError) as failed:
                b.send(phone="13800138000", template="T", params={})
            thread.join(timeout=5)

        assert failed.value.code == "bad_response"

    def test_missing_credentials_are_reported_before_any_request(self, settings):
        settings.SMS_ACCESS_KEY_ID = ""
        settings.SMS_ACCESS_KEY_SECRET = ""

        with pytest.raises(SmsError) as failed:
            AliyunBackend(endpoint="http://127.0.0.1:9/")

        assert failed.value.code == "not_configured"


class TestConsoleBackend:
    def test_it_keeps_the_message_in_the_outbox(self):
        message_id = ConsoleBackend().send(
            phone="13800138000", template="SMS_LOGIN", params={"code": "654321"}
        )

        assert ConsoleBackend.outbox[-1] == {
            "phone": "13800138000",
            "template": "SMS_LOGIN",
            "params": {"code": "654321"},
            "id": message_id,
        }
