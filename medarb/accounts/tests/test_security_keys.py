"""Fingerprints and security keys (WebAuthn) as a second factor beside TOTP, and recovery codes.

The browser test uses Chromium's virtual authenticator (CDP `WebAuthn.enable`,
`addVirtualAuthenticator` with user verification): a chair adds a "fingerprint" on 账户安全,
signs out, signs in with password and fingerprint. The assertion it sent is then replayed,
checked from a wrong origin and offered for another user: each is refused."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from medarb.accounts import security_keys
from medarb.accounts.models import SecurityKey
from medarb.browser_testing import add_virtual_authenticator, login_as, webauthn_challenge
from medarb.core.errors import DomainError
from medarb.testing import PASSWORD

pytestmark = pytest.mark.django_db
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_adds_a_fingerprint_and_signs_in_with_it(live_server, page, cast, settings):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = settings.SITE_URL = live_server.url  # http://localhost:<port>: a secure context
    add_virtual_authenticator(page)
    login_as(page, live_server, cast.chair.username)  # enrols TOTP (required of a chair)
    page.goto(f"{base}{reverse('accounts:security')}")
    page.fill("#key-name", "办公电脑指纹")
    with page.expect_navigation():
        page.click("[data-testid=add-key]")
    expect(page.locator("[data-testid=security-key]")).to_contain_text("办公电脑指纹")
    page.click("[data-testid=make-recovery-codes]")
    expect(page.locator("[data-testid=new-recovery-codes] li")).to_have_count(10)
    page.screenshot(path=str(SHOTS / "security-keys.png"), full_page=True)
    key = SecurityKey.objects.get(user=cast.chair)

    page.click("nav button:has-text('退出')")
    page.goto(f"{base}/accounts/login/?next=/")
    page.fill("input[name=username]", cast.chair.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    assert "/accounts/mfa/" in page.url
    page.screenshot(path=str(SHOTS / "mfa-with-key.png"), full_page=True)
    sent = []
    page.on(
        "request",
        lambda r: (
            sent.append(json.loads(r.post_data)["credential"])
            if r.url.endswith(reverse("accounts:key_sign_in"))
            else None
        ),
    )
    with page.expect_navigation():
        page.click("[data-testid=use-key]")
    assert page.url.rstrip("/") == base  # the dashboard: the session is verified
    key.refresh_from_db()
    assert key.sign_count > 0 and key.last_used_at is not None
    assertion = sent[0]

    def again(user, **overrides):
        for name, value in overrides.items():
            setattr(settings, name, value)
        session = {security_keys.SIGN_IN_CHALLENGE: webauthn_challenge(assertion)}
        with pytest.raises(DomainError):
            security_keys.verify_sign_in(user=user, session=session, credential=assertion)

    again(cast.chair)  # replayed: its signature counter is not above the one kept
    again(cast.arbitrator)  # not a key of this user
    key.sign_count = 0
    key.save()
    again(cast.chair, SITE_URL=base.rsplit(":", 1)[0] + ":1")  # another origin
    again(cast.chair, SITE_URL=base, MEDARB_WEBAUTHN_RP_ID="example.org")  # another relying party


class TestRecoveryCodes:
    def test_ten_codes_each_signs_in_once_and_a_new_set_replaces_them(self, cast):
        codes = security_keys.new_recovery_codes(user=cast.chair)
        assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 8 for c in codes)
        assert security_keys.use_recovery_code(user=cast.chair, code=codes[0]) is not None
        assert security_keys.use_recovery_code(user=cast.chair, code=codes[0]) is None  # spent
        assert security_keys.use_recovery_code(user=cast.arbitrator, code=codes[1]) is None
        assert security_keys.recovery_codes_left(cast.chair) == 9
        security_keys.new_recovery_codes(user=cast.chair)
        assert security_keys.use_recovery_code(user=cast.chair, code=codes[1]) is None

    def test_the_mfa_step_takes_a_recovery_code(self, cast):
        TOTPDevice.objects.create(user=cast.chair, name="default", confirmed=True)
        codes = security_keys.new_recovery_codes(user=cast.chair)
        client = Client()
        client.force_login(cast.chair)
        answer = client.post(reverse("accounts:mfa"), {"token": codes[3], "next": "/"})
        assert answer.status_code == 302 and answer.url == "/"
        assert client.get(reverse("accounts:security")).status_code == 200  # verified now
        wrong = Client()
        wrong.force_login(cast.chair)
        assert wrong.post(reverse("accounts:mfa"), {"token": codes[3]}).status_code == 200  # spent

    def test_new_codes_and_keys_need_the_second_factor_of_this_session(self, cast):
        TOTPDevice.objects.create(user=cast.arbitrator, name="default", confirmed=True)
        client = Client()
        client.force_login(cast.arbitrator)  # password only: the TOTP step is not done
        assert client.post(reverse("accounts:key_register_options")).status_code in (302, 403)
        client.post(reverse("accounts:security"), {"action": "recovery_codes"})
        assert security_keys.recovery_codes_left(cast.arbitrator) == 0


class TestEndpoints:
    def test_parties_and_visitors_get_nothing(self, cast):
        for url in ("accounts:key_register_options", "accounts:key_sign_in_options", "accounts:key_sign_in"):
            assert Client().post(reverse(url)).status_code == 302  # to the sign-in page
            party = Client()
            party.force_login(cast.worker)
            assert party.post(reverse(url)).status_code == 403

    def test_a_staff_member_without_a_key_is_told_so(self, cast):
        client = Client()
        client.force_login(cast.arbitrator)
        answer = client.post(reverse("accounts:key_sign_in_options"))
        assert answer.status_code == 400 and "尚未添加" in answer.json()["error"]

    @pytest.mark.parametrize(
        "body",
        [b"not json", b"[]", b'{"credential": "x"}', b'{"credential": {}}', b"{" + b" " * 70_000 + b"}"],
        ids=["not json", "a list", "a string", "empty", "too large"],
    )
    def test_a_malformed_answer_is_refused(self, cast, body):
        TOTPDevice.objects.create(user=cast.arbitrator, name="default", confirmed=True)
        client = Client()
        client.force_login(cast.arbitrator)
        answer = client.post(reverse("accounts:key_sign_in"), body, content_type="application/json")
        assert answer.status_code in (400, 413)  # a body over the limit is stopped before the view
