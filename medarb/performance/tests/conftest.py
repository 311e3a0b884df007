"""A small district with hand-built cases for the performance figures (see `built`)."""

from datetime import date

import pytest

from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.performance.testing import build_district


@pytest.fixture(autouse=True)
def _no_mfa(no_staff_mfa):
    """The tests here are about what staff see once signed in."""


@pytest.fixture
def minimum_wage(db):
    from decimal import Decimal

    from medarb.orgs.models import RegionalStandard, StandardKind

    return RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.MIN_WAGE_MONTHLY,
        amount=Decimal("2000.00"),
        effective_from=date(2025, 1, 1),
    )


@pytest.fixture
def built(cast, minimum_wage):
    return build_district(cast)
