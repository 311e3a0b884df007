import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Overrides are cached across requests; a test's rolled-back rows must not leak."""
    cache.clear()
    yield
    cache.clear()
