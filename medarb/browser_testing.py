"""Shared Playwright fixtures for browser journeys (Debian Chromium, no downloads).

Use in a test module:

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_something(page, live_server, cast):
        login_as(page, live_server, "clerk")
        page.goto(f"{live_server.url}/cases/")

The plugin is registered in the top-level conftest.py (`pytest_plugins`). Fixtures:
`browser` (one Chromium per session), `page` (a fresh desktop context per test) and
`phone_page` (390x844, touch, mobile). Helpers: `login_as` (password + TOTP step),
`login_party` (phone + SMS code from the console outbox).
"""

import os
import re
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MEDARB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def playwright_session() -> Iterator:
    """The one Playwright of the test process: its sync API cannot run twice at a time, so a
    test needing Chromium with other flags (a fake camera) launches it from this one."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield playwright


def launch_chromium(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])


@pytest.fixture(scope="session")
def browser(playwright_session) -> Iterator:
    chromium = launch_chromium(playwright_session)
    yield chromium
    chromium.close()


def _new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser) -> Iterator:
    context, page = _new_page(browser, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser) -> Iterator:
    context, page = _new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
    yield page
    context.close()


def _submit(page, field: str) -> None:
    """Click the submit button of the form holding `field` (not, say, the navbar's logout
    button) and wait for the page it leads to: a redirect target, or the form with errors."""
    with page.expect_navigation():
        page.click(f"form:has(input[name={field}]) button[type=submit]")


def draw_signature(page, seed: int = 1) -> None:
    """Write a signature with the mouse on the page's signature pad (a different stroke per seed)."""
    # the pad listens only once its script has run (DOMContentLoaded); a stroke before is lost
    box = page.locator("[data-signature-pad][data-ready]").bounding_box()
    x, y = box["x"] + 30, box["y"] + 40
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 18, y + ((step * seed) % 5) * 12, steps=3)
    page.mouse.up()


def login_as(page, live_server, username: str, password: str | None = None, *, next_path: str = "/") -> None:
    """Sign in through the real staff form; answer the TOTP step when the account has one
    (or enrol when the role requires it and no device exists yet)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from medarb.demo.totp import next_token, token_from_secret

    if password is None:
        from medarb.testing import PASSWORD

        password = PASSWORD
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    _submit(page, "password")
    if "/accounts/mfa/" in page.url:
        secret = page.locator("[data-testid=totp-secret]")
        if secret.count():
            token = token_from_secret(secret.inner_text())
        else:
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            token = next_token(device)
        page.fill("input[name=token]", token)
        _submit(page, "token")
    if "/accounts/" in page.url:
        error = page.locator(".alert-danger, .invalid-feedback").all_inner_texts()
        raise AssertionError(f"sign-in as {username!r} failed at {page.url}: {error}")


def login_party(page, live_server, phone: str, *, next_path: str = "/") -> None:
    """Sign a party in with phone + SMS code; the code is read from the console SMS outbox."""
    from medarb.core.sms import ConsoleBackend

    page.goto(f"{live_server.url}/accounts/party/?next={next_path}")
    page.fill("input[name=phone]", phone)
    _submit(page, "phone")
    page.wait_for_selector("input[name=code]")
    sent = [m for m in ConsoleBackend.outbox if m["phone"] == phone]
    assert sent, f"no SMS code was sent to {phone}"
    page.fill("input[name=code]", sent[-1]["params"]["code"])
    _submit(page, "code")
    if "/accounts/" in page.url:
        error = page.locator(".alert-danger, .invalid-feedback").all_inner_texts()
        raise AssertionError(f"party sign-in with {phone} failed at {page.url}: {error}")


def case_ids_on_page(page) -> set[int]:
    """The ids of the cases linked from the case table currently shown."""
    hrefs = page.locator("[data-testid=case-table] tbody a[href*='/cases/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return {int(m.group(1)) for href in hrefs if (m := re.search(r"/cases/(\d+)/", href))}


def add_virtual_authenticator(page) -> None:
    """A fingerprint reader for the page (Chromium's WebAuthn virtual authenticator through
    CDP): platform, resident keys, user verification that always succeeds."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def webauthn_challenge(credential: dict) -> str:
    """The challenge a WebAuthn answer (its JSON form) was made for, from its client data."""
    import base64
    import json

    data = credential["response"]["clientDataJSON"]
    return json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))["challenge"]
