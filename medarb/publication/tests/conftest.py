import pytest


@pytest.fixture(autouse=True)
def _no_mfa(no_staff_mfa):
    """The tests here are about what staff see once signed in."""
