"""An arbitration case with a sole arbitrator (林仲裁), and experts of the city and of a
neighbouring district (青山区, outside the case's tree: it reads through a share)."""

from datetime import time, timedelta

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
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.hearings import timing
from medarb.orgs.models import Role
from medarb.reviews import services
from medarb.reviews.services import QuestionInput
from medarb.testing import make_staff

QUESTIONS = [
    QuestionInput(text="加班费计算基数如何确定？", proposal="按劳动合同约定的月工资计算。"),
    QuestionInput(text="申请人的请求是否超过仲裁时效？", proposal="未超过仲裁时效。"),
]


@pytest.fixture
def city_expert(cast):
    return make_staff("cityexpert", "钱市级", cast.city, Role.ARBITRATOR)


@pytest.fixture
def case(in_defence):  # noqa: F811
    return in_defence


@pytest.fixture
def requested(cast, case):
    return services.request_review(
        case=case,
        actor=cast.arbitrator,
        ground="disagreement",
        reason="仲裁庭对加班费计算基数意见分歧。",
        questions=QUESTIONS,
        scope=["claims", "facts"],
    )


def meeting_time(*, days_ahead: int = 2, at: time = time(10, 0)):
    """A working day at least `days_ahead` days from now, at `at` (the meeting is booked in
    working hours, whenever the tests run)."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    while not timing.is_working_day(day):
        day += timedelta(days=1)
    return timing.at(day, at)


@pytest.fixture
def approved(cast, requested):
    meeting_at = meeting_time()
    return services.approve_review(
        review=requested,
        actor=cast.chair,
        meeting_at=meeting_at,
        access_until=meeting_at + timedelta(days=8),
        note="同意会审。",
    )


@pytest.fixture
def with_experts(cast, approved, city_expert):
    services.invite_expert(review=approved, actor=cast.chair, user=city_expert)
    services.invite_expert(review=approved, actor=cast.chair, user=cast.other_arbitrator)
    return approved


def vote_all(review, user, choice, opinion):
    votes = {q.pk: choice for q in review.questions.all()}
    return services.record_opinion(review=review, actor=user, opinion=opinion, votes=votes)
