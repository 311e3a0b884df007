"""Shared pytest fixtures: a small district and a cast of named people (see medarb/testing.py)."""

import pytest
from hypothesis import settings as hypothesis_settings

from medarb.testing import Cast, build_cast

pytest_plugins = ["medarb.browser_testing", "medarb.demo.testing", "medarb.meetings.testing"]

# No timing asserts in the suite: hypothesis's per-example deadline (200 ms) is one, and it
# fails on a busy 2-core CI machine, not on a slow calculator (speed is measured in bench/).
hypothesis_settings.register_profile("medarb", deadline=None)
hypothesis_settings.load_profile("medarb")


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active on the thread; the next test starts in Chinese."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _media_dir_of_this_worker(tmp_path_factory):
    """Each xdist worker records into its own directory: two workers' databases number their
    broadcasts alike, so a shared var/media would let one remux and remove the other's file."""
    from django.conf import settings

    settings.MEDARB_MEDIA_DIR = tmp_path_factory.mktemp("media")
    # An evidence event stream (SSE) lasts 2 s in tests: the test client reads a stream to its
    # end, and a browser's EventSource reconnects as it would after 55 s.
    settings.MEDARB_SSE_SECONDS = 2


@pytest.fixture(autouse=True)
def _fresh_sms_outbox():
    from medarb.core.sms import ConsoleBackend

    ConsoleBackend.outbox.clear()
    yield
    ConsoleBackend.outbox.clear()


@pytest.fixture
def no_staff_mfa(settings):
    """Staff pages without the second-factor step: such a test is about the page, not the
    sign-in (accounts/tests cover MFA)."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
