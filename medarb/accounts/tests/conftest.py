"""Helpers for sign-in tests: reading SMS codes from the console outbox, TOTP codes."""

import base64

import pytest
from django_otp.oath import totp

from medarb.core.sms import ConsoleBackend
from medarb.testing import PASSWORD


def last_sms_code(phone: str) -> str:
    sent = [m for m in ConsoleBackend.outbox if m["phone"] == phone]
    assert sent, f"no SMS was sent to {phone}"
    return sent[-1]["params"]["code"]


def totp_now(secret_b32: str) -> str:
    """The code an authenticator app shows now for the secret on the enrolment page."""
    return f"{totp(base64.b32decode(secret_b32)):06d}"


def sign_in_with_password(client, user, *, next_url: str | None = None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


@pytest.fixture
def frozen(time_machine):
    """Time stands still unless the test moves it (TOTP steps, code expiry, throttling)."""
    time_machine.move_to("2026-11-02 09:00:00+08:00", tick=False)
    return time_machine
