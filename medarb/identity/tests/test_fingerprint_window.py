"""A party's fingerprint at the filing window, in Chromium with a virtual authenticator (the
window PC's reader): the filing officer enrols the party, then the party's touch confirms
presence and is recorded on the case; the same touch offered for another party, or replayed,
is recorded as failed; an organisation has no fingerprint."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from medarb.accounts.models import SecurityKey
from medarb.core.errors import DomainError
from medarb.identity import fingerprints
from medarb.identity.models import IdentityCheck
from medarb.testing import register

pytestmark = pytest.mark.django_db


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_window_enrols_a_party_and_confirms_them_by_fingerprint(live_server, page, cast, settings):
    from medarb.browser_testing import add_virtual_authenticator, login_as, webauthn_challenge

    settings.SITE_URL = live_server.url
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    case = register(actor=cast.filing_officer, unit=cast.district)
    worker = case.parties.get(is_organisation=False)
    add_virtual_authenticator(page)
    login_as(page, live_server, cast.filing_officer.username)
    page.goto(live_server.url + reverse("cases:detail", args=[case.pk]))
    with page.expect_navigation():
        page.click("[data-testid=fingerprint]")
    page.wait_for_selector("#key-register[data-ready]", state="attached")
    with page.expect_navigation():
        page.click("[data-testid=enrol-fingerprint]")
    expect(page.locator("[data-testid=party-key]")).to_have_count(1)
    page.screenshot(path="var/screenshots/window-fingerprint.png", full_page=True)
    worker.refresh_from_db()
    assert SecurityKey.objects.get().user == worker.user
    sent = []
    page.on(
        "request",
        lambda r: (
            sent.append(json.loads(r.post_data)["credential"])
            if r.method == "POST" and r.url.endswith("/confirm/")
            else None
        ),
    )
    page.wait_for_selector("#key-sign-in[data-ready]", state="attached")
    with page.expect_navigation():
        page.click("[data-testid=confirm-fingerprint]")
    expect(page.locator(".alert-success")).to_contain_text("指纹确认通过")
    expect(page.locator("[data-testid=identity-panel]")).to_contain_text("指纹/安全密钥")
    check = IdentityCheck.objects.get(party=worker, method="webauthn")
    assert check.passed and check.checked_by == cast.filing_officer

    touch = sent[0]
    other = register(
        actor=cast.filing_officer, unit=cast.district, worker_phone="13700137000", worker_name="李四"
    )
    other_worker = other.parties.get(is_organisation=False)
    for party in (worker, other_worker):  # replayed for the same party; offered for another
        session = {fingerprints.CONFIRM_CHALLENGE: webauthn_challenge(touch)}
        failed = fingerprints.confirm(
            party=party, actor=cast.filing_officer, session=session, credential=touch
        )
        assert not failed.passed and "未通过" in failed.detail["reason"]


def test_an_organisation_and_an_outsider_get_nothing(cast, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    case = register(actor=cast.filing_officer, unit=cast.district)
    employer = case.parties.get(is_organisation=True)
    worker = case.parties.get(is_organisation=False)
    with pytest.raises(DomainError):
        fingerprints.enrolment_options(party=employer, actor=cast.filing_officer, session={})
    with pytest.raises(DomainError, match="尚未登记"):
        fingerprints.confirmation_options(party=worker, actor=cast.filing_officer, session={})
    for user in (cast.other_arbitrator, cast.street_mediator, cast.supervisor):
        client = Client()
        client.force_login(user)
        url = reverse("identity:fingerprint_options", args=[worker.pk, "enrol"])
        assert client.post(url).status_code in (403, 404)
        assert client.get(reverse("identity:fingerprint", args=[worker.pk])).status_code in (403, 404)
    officer = Client()
    officer.force_login(cast.filing_officer)
    assert officer.get(reverse("identity:fingerprint", args=[employer.pk])).status_code == 404
    assert officer.post(reverse("identity:fingerprint_options", args=[worker.pk, "other"])).status_code == 404
    answer = officer.post(
        reverse("identity:fingerprint_finish", args=[worker.pk, "confirm"]),
        b"nonsense",
        content_type="application/json",
    )
    assert answer.status_code == 400
