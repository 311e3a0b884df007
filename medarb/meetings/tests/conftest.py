"""A case with a sitting that starts now, and the app pointed at a real Janus."""

from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.arbitration.tests.conftest import (  # noqa: F401
    accepted,
    in_defence,
    minimum_wage,
    pool,
    received,
    today,
)
from medarb.hearings.models import Sitting, SittingKind


def sitting_now(case, *, kind=SittingKind.MEDIATION_SESSION, clerk=None, members=(), by=None) -> Sitting:
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case,
        kind=kind,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
        clerk=clerk,
        created_by=by or clerk,
    )
    sitting.members.set(members)
    return sitting


@pytest.fixture
def case(in_defence):  # noqa: F811
    return in_defence


@pytest.fixture
def sitting(cast, case):
    return sitting_now(case, clerk=cast.clerk, members=[cast.arbitrator])


@pytest.fixture
def hearing(cast, case):
    return sitting_now(case, kind=SittingKind.HEARING, clerk=cast.clerk, members=[cast.arbitrator])
