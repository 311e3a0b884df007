"""Shared pytest fixtures: a small district and a cast of named people (see medarb/testing.py)."""

import pytest

from medarb.testing import Cast, build_cast

pytest_plugins = ["medarb.browser_testing"]


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


@pytest.fixture(autouse=True)
def _fresh_sms_outbox():
    from medarb.core.sms import ConsoleBackend

    ConsoleBackend.outbox.clear()
    yield
    ConsoleBackend.outbox.clear()
