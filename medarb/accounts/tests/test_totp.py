"""The second factor: chairs and unit admins must enrol a TOTP authenticator on first sign-in
and enter a code on every sign-in; other staff may enrol and are then asked every time."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.accounts.tests.conftest import sign_in_with_password, totp_now
from medarb.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def enrol(client, user, frozen) -> str:
    """Sign in with the password, enrol an authenticator; returns its secret."""
    sign_in_with_password(client, user)
    secret = client.get("/accounts/mfa/").context["secret"]
    response = client.post("/accounts/mfa/", {"token": totp_now(secret), "next": "/"})
    assert response.status_code == 302, response.content.decode()
    return secret


def sign_in_again(client, user, frozen, secret: str):
    client.post("/accounts/logout/")
    frozen.shift(timedelta(seconds=30))  # the previous step's code is spent
    sign_in_with_password(client, user)
    return client.post("/accounts/mfa/", {"token": totp_now(secret), "next": "/"})


class TestMandatoryEnrolment:
    @pytest.mark.parametrize("who", ["chair", "unit_admin"])
    def test_after_the_password_a_chair_or_admin_is_sent_to_enrol(self, client, cast, who):
        response = sign_in_with_password(client, getattr(cast, who), next_url="/cases/")

        assert response["Location"] == "/accounts/mfa/?next=%2Fcases%2F"
        page = client.get(response["Location"])
        assert page.context["enrolling"] is True
        assert "您的岗位要求使用动态口令。" in page.content.decode()

    def test_every_page_waits_until_the_second_factor_is_passed(self, client, cast):
        sign_in_with_password(client, cast.chair)

        for path in ["/", "/cases/", "/orgs/", "/accounts/security/"]:
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/mfa/?next=")

    def test_session_calls_to_the_api_are_refused_before_the_second_factor(self, client, cast):
        sign_in_with_password(client, cast.chair)

        response = client.get("/api/v1/cases/")

        assert response.status_code == 403
        assert response.json()["detail"] == "请先完成动态口令验证。"

    def test_the_code_from_the_enrolment_secret_completes_the_sign_in(self, client, cast, frozen):
        sign_in_with_password(client, cast.chair, next_url="/cases/")
        secret = client.get("/accounts/mfa/?next=/cases/").context["secret"]

        response = client.post("/accounts/mfa/", {"token": totp_now(secret), "next": "/cases/"})

        assert response["Location"] == "/cases/"
        assert TOTPDevice.objects.get(user=cast.chair).confirmed
        assert client.get("/cases/").status_code == 200
        assert AuditEntry.objects.filter(actor=cast.chair, summary="TOTP enrolled").exists()

    def test_reloading_the_enrolment_page_keeps_the_same_secret(self, client, cast):
        sign_in_with_password(client, cast.chair)

        first = client.get("/accounts/mfa/").context["secret"]
        second = client.get("/accounts/mfa/").context["secret"]

        assert first == second
        assert TOTPDevice.objects.filter(user=cast.chair).count() == 1

    def test_a_wrong_code_does_not_enrol(self, client, cast, frozen):
        sign_in_with_password(client, cast.chair)
        secret = client.get("/accounts/mfa/").context["secret"]
        wrong = f"{(int(totp_now(secret)) + 1) % 10**6:06d}"

        response = client.post("/accounts/mfa/", {"token": wrong})

        assert response.status_code == 200
        assert "动态口令不正确" in response.content.decode()
        assert not TOTPDevice.objects.get(user=cast.chair).confirmed
        assert client.get("/").status_code == 302


class TestEverySignIn:
    def test_an_enrolled_chair_is_asked_for_a_code_again_next_time(self, client, cast, frozen):
        secret = enrol(client, cast.chair, frozen)
        client.post("/accounts/logout/")

        response = sign_in_with_password(client, cast.chair)

        assert response["Location"].startswith("/accounts/mfa/")
        page = client.get("/accounts/mfa/")
        assert page.context["enrolling"] is False
        assert "secret" not in page.context
        assert client.get("/").status_code == 302
        assert sign_in_again(client, cast.chair, frozen, secret)["Location"] == "/"
        assert client.get("/").status_code == 200

    def test_a_replayed_code_is_refused(self, client, cast, frozen):
        secret = enrol(client, cast.chair, frozen)
        used = totp_now(secret)
        client.post("/accounts/logout/")
        sign_in_with_password(client, cast.chair)

        response = client.post("/accounts/mfa/", {"token": used})

        assert response.status_code == 200
        assert "动态口令不正确或已使用" in response.content.decode()
        assert client.get("/").status_code == 302

    def test_a_wrong_code_is_refused_and_audited(self, client, cast, frozen):
        secret = enrol(client, cast.chair, frozen)
        client.post("/accounts/logout/")
        frozen.shift(timedelta(seconds=30))
        sign_in_with_password(client, cast.chair)
        wrong = f"{(int(totp_now(secret)) + 500000) % 10**6:06d}"

        response = client.post("/accounts/mfa/", {"token": wrong})

        assert response.status_code == 200
        entry = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).latest("seq")
        assert (entry.object_id, entry.summary) == ("chair", "wrong TOTP code")

    def test_guessing_fast_is_throttled_and_then_allowed_again(self, client, cast, frozen):
        secret = enrol(client, cast.chair, frozen)
        client.post("/accounts/logout/")
        frozen.shift(timedelta(seconds=30))
        sign_in_with_password(client, cast.chair)
        client.post("/accounts/mfa/", {"token": "000000" if totp_now(secret) != "000000" else "111111"})

        # Right code, but within a second of the wrong one: django-otp's back-off applies.
        throttled = client.post("/accounts/mfa/", {"token": totp_now(secret)})
        assert "尝试过于频繁" in throttled.content.decode()

        frozen.shift(timedelta(seconds=2))
        assert client.post("/accounts/mfa/", {"token": totp_now(secret)}).status_code == 302

    @pytest.mark.parametrize(
        ("token", "message"),
        [
            ("", "请输入验证器上显示的6位动态口令。"),
            ("12ab56", "请输入6位数字。"),
            ("12345", "请输入6位数字。"),
        ],
    )
    def test_malformed_codes_get_a_chinese_message(self, client, cast, token, message):
        sign_in_with_password(client, cast.chair)

        response = client.post("/accounts/mfa/", {"token": token})

        assert response.status_code == 200
        assert message in response.content.decode()


class TestOptionalTotp:
    def test_a_clerk_without_an_authenticator_is_not_asked(self, client, cast):
        assert sign_in_with_password(client, cast.clerk)["Location"] == "/"
        assert client.get("/cases/").status_code == 200

    def test_a_clerk_may_enrol_from_the_security_page_and_is_then_asked_every_time(
        self, client, cast, frozen
    ):
        sign_in_with_password(client, cast.clerk)
        page = client.get("/accounts/security/")
        assert "建议绑定身份验证器以保护账户。" in page.content.decode()
        setup = client.get("/accounts/mfa/?next=/accounts/security/")
        assert setup.context["enrolling"] is True
        assert "绑定后，每次登录都需输入动态口令。" in setup.content.decode()
        secret = setup.context["secret"]
        done = client.post("/accounts/mfa/", {"token": totp_now(secret), "next": "/accounts/security/"})
        assert done["Location"] == "/accounts/security/"
        assert "已绑定身份验证器" in client.get("/accounts/security/").content.decode()

        client.post("/accounts/logout/")
        frozen.shift(timedelta(seconds=30))
        response = sign_in_with_password(client, cast.clerk)

        assert response["Location"].startswith("/accounts/mfa/")
        assert client.get("/").status_code == 302

    def test_parties_have_no_second_factor_page(self, client, cast):
        client.force_login(cast.worker)

        assert client.get("/accounts/mfa/").status_code == 403
        assert not TOTPDevice.objects.filter(user=cast.worker).exists()
