"""Current TOTP codes of demo accounts, for `manage.py demo_totp` and browser tests."""

import time

from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def next_token(device: TOTPDevice, *, wait: bool = True) -> str:
    """The code the device will accept now.

    django-otp refuses a code whose time step was already used (replay protection), so a
    second sign-in within the same 30 s takes the next step's code, which the device's
    tolerance accepts; when even that is spent we wait for the clock to move on.
    """
    while True:
        clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        clock.time = time.time()
        now = clock.t()
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance or not wait:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)
        device.refresh_from_db(fields=["last_t", "drift"])


def token_from_secret(secret_b32: str, *, digits: int = 6, step: int = 30) -> str:
    """The current code for a base32 secret shown on the enrolment page."""
    import base64

    key = base64.b32decode(secret_b32.strip().upper() + "=" * (-len(secret_b32.strip()) % 8))
    clock = TOTP(key, step, 0, digits, 0)
    clock.time = time.time()
    return f"{clock.token():0{digits}d}"
