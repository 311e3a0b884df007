"""Arbitration cases at each stage, for the act and guard tests."""

from datetime import date

import pytest
import time_machine

from medarb.arbitration import services
from medarb.cases import workflow
from medarb.documents.testing import _session_data_dir, document_store, smtp_server  # noqa: F401
from medarb.orgs.models import PoolKind, PoolMember, Role
from medarb.testing import make_staff, register

TODAY = date(2026, 3, 2)  # a Monday after the Spring Festival holidays


@pytest.fixture
def today():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield TODAY


@pytest.fixture
def pool(cast):
    """The district's arbitrators in the pool: 林仲裁 and two more."""
    second = make_staff("arb2", "王仲裁", cast.district, Role.ARBITRATOR)
    third = make_staff("arb3", "赵仲裁", cast.district, Role.ARBITRATOR)
    for user in (cast.arbitrator, second, third):
        PoolMember.objects.create(user=user, pool=PoolKind.ARBITRATOR, unit=cast.district)
    return [cast.arbitrator, second, third]


@pytest.fixture
def minimum_wage(db):
    """A national default monthly minimum wage of 2,000 yuan (12 × = 24,000 yuan)."""
    from decimal import Decimal

    from medarb.orgs.models import RegionalStandard, StandardKind

    return RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.MIN_WAGE_MONTHLY,
        amount=Decimal("2000.00"),
        effective_from=date(2025, 1, 1),
    )


@pytest.fixture
def received(cast, today, minimum_wage):
    return register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY)


@pytest.fixture
def accepted(cast, received):
    return services.accept_case(case=received, actor=cast.filing_officer, on=TODAY)


@pytest.fixture
def in_defence(cast, accepted, pool):
    services.compose_tribunal(
        case=accepted,
        actor=cast.arbitrator,
        kind="sole",
        presiding=cast.arbitrator,
        clerk=cast.clerk,
        on=TODAY,
    )
    return services.serve_respondent(case=accepted, actor=cast.clerk, on=TODAY, method="personal")


def fire(case, code, actor, **kwargs):
    return workflow.fire(case=case, transition=code, actor=actor, **kwargs)
