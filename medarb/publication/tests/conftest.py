import pytest


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    # The chair must pass TOTP at sign-in; these tests are about what she sees afterwards.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
