"""Every page that sends a code applies the same limits: per number, per session or account,
per client address. The online application's "send code" once passed no address, and codes
went to 25 arbitrary numbers by changing the applicant's phone."""

import pytest

from medarb.accounts import services
from medarb.accounts.models import SmsCode
from medarb.core.sms import ConsoleBackend

pytestmark = pytest.mark.django_db

NUMBERS = [f"1390000{n:04d}" for n in range(25)]
APPLICANT = {"name": "张三", "id_number": "110101199003078515", "address": "东湖路1号"}


def login_code(client, phone: str, **extra):
    return client.post("/accounts/party/", {"stage": "phone", "phone": phone}, **extra)


def apply_code(client, phone: str, **extra):
    client.post("/portal/apply/applicant/", {**APPLICANT, "phone": phone}, **extra)
    return client.post("/portal/apply/send-code/", follow=True, **extra)


class TestPartySignInLimits:
    def test_one_session_cannot_send_codes_to_25_numbers(self, client):
        for phone in NUMBERS:
            login_code(client, phone)
        assert len(ConsoleBackend.outbox) == services.MAX_NUMBERS_PER_REQUESTER_PER_HOUR
        assert "多个手机号码" in login_code(client, "13911112222").content.decode()

    def test_one_address_without_cookies_cannot_send_codes_to_25_numbers(self, client):
        for phone in NUMBERS:
            client.cookies.clear()
            login_code(client, phone)
        assert len(ConsoleBackend.outbox) == services.MAX_CODES_PER_CLIENT_PER_HOUR

    def test_a_mistyped_number_can_be_corrected_in_the_same_session(self, client):
        assert login_code(client, NUMBERS[0]).context["stage"] == "code"
        assert login_code(client, NUMBERS[1]).context["stage"] == "code"


class TestOnlineApplicationLimits:
    def test_changing_the_applicant_phone_25_times_sends_at_most_three_codes(self, client, cast):
        client.force_login(cast.worker)
        for phone in NUMBERS:
            apply_code(client, phone)
        assert len(ConsoleBackend.outbox) == services.MAX_NUMBERS_PER_REQUESTER_PER_HOUR
        assert "多个手机号码" in apply_code(client, "13911112222").content.decode()

    def test_signing_in_again_does_not_reset_the_account_limit(self, client, cast):
        client.force_login(cast.worker)
        for phone in NUMBERS[:3]:
            apply_code(client, phone)
        client.logout()
        client.force_login(cast.worker)
        apply_code(client, NUMBERS[3])
        assert len(ConsoleBackend.outbox) == 3

    def test_the_client_address_counts_on_the_application_page_too(self, client, cast):
        SmsCode.objects.bulk_create(
            SmsCode(
                phone_index=f"x{n}",
                purpose="login",
                code_hash="-",
                expires_at="2099-01-01T00:00Z",
                requested_from="203.0.113.7",
            )
            for n in range(services.MAX_CODES_PER_CLIENT_PER_HOUR)
        )
        client.force_login(cast.worker)
        response = apply_code(client, NUMBERS[0], REMOTE_ADDR="203.0.113.7")
        assert "本设备获取验证码次数过多" in response.content.decode()
        assert ConsoleBackend.outbox == []
        assert SmsCode.objects.filter(requested_from="203.0.113.7").count() == 20


class TestBehindTheProxy:
    def test_the_address_nginx_passes_on_is_counted_not_the_proxys(self, client, settings):
        import ipaddress

        settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("127.0.0.1/32")]
        login_code(client, NUMBERS[0], REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
        assert SmsCode.objects.get().requested_from == "198.51.100.4"

    def test_a_forwarded_header_from_an_untrusted_client_is_ignored(self, client, settings):
        settings.TRUSTED_PROXY_NETWORKS = []
        login_code(client, NUMBERS[0], REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
        assert SmsCode.objects.get().requested_from == "203.0.113.9"
