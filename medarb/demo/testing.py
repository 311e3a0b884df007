"""The demo district as a pytest fixture, `demo` (registered for every test in conftest.py)."""

import pytest
from django.db import transaction

from medarb.demo.loader import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo district for the whole module (loading takes seconds); each test runs in a
    savepoint inside the module's transaction, which is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)
