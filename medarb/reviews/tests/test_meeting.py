"""The meeting of a joint review is a sitting (会审) booked through the hearings service: in the
review centre and the participants' calendars, never in a party's, and never taking a party's
time (`medarb.reviews.meeting`)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from medarb.cases.models import TimelineEntry
from medarb.core.errors import NotAllowed, ProcedureError
from medarb.hearings.models import SittingKind, SittingState
from medarb.hearings.services import schedule_sitting
from medarb.meetings import services as meetings
from medarb.orgs.models import RoomKind
from medarb.orgs.services import add_room
from medarb.reviews import services
from medarb.reviews.tests.conftest import meeting_time, vote_all

pytestmark = pytest.mark.django_db


def test_approval_books_the_meeting_with_the_tribunal_and_an_invited_expert_joins_it(cast, with_experts):
    sitting = with_experts.sitting

    assert sitting.kind == SittingKind.JOINT_REVIEW and sitting.state == SittingState.SCHEDULED
    assert sitting.starts_at == with_experts.meeting_at and not sitting.is_public
    assert {m.pk for m in sitting.members.all()} == {p.user_id for p in with_experts.participants.all()}
    entries = TimelineEntry.objects.filter(case=with_experts.case, data__sitting_id=sitting.pk)
    assert entries and not entries.filter(is_internal=False).exists()


def test_the_meeting_takes_the_nearest_review_centre(cast, requested):
    centre = add_room(unit=cast.district, name="远程会审中心", kind=RoomKind.REMOTE_REVIEW_CENTRE, seats=20)
    review = services.approve_review(
        review=requested,
        actor=cast.chair,
        meeting_at=meeting_time(),
        access_until=meeting_time(days_ahead=9),
    )
    assert review.sitting.room == centre


def test_an_expert_booked_elsewhere_at_that_time_is_not_invited(cast, approved, city_expert):
    schedule_sitting(
        case=approved.case,
        actor=cast.chair,
        kind=SittingKind.MEDIATION_SESSION,
        room=None,
        starts_at=approved.sitting.starts_at,
        ends_at=approved.sitting.ends_at,
        members=[city_expert],
    )
    with pytest.raises(ProcedureError, match="时间冲突"):
        services.invite_expert(review=approved, actor=cast.chair, user=city_expert)
    assert not approved.participants.filter(user=city_expert).exists()


def test_the_parties_may_be_booked_at_the_time_of_the_review(cast, approved):
    # The parties take no part in the review: a session of theirs at that time is no clash
    # (the tribunal is busy, so another arbitrator sits).
    session = schedule_sitting(
        case=approved.case,
        actor=cast.chair,
        kind=SittingKind.MEDIATION_SESSION,
        room=None,
        starts_at=approved.sitting.starts_at,
        ends_at=approved.sitting.ends_at,
        members=[cast.other_arbitrator],
    )
    assert session.state == SittingState.SCHEDULED


def test_a_review_closed_once_its_meeting_began_records_it_held(cast, with_experts):
    vote_all(with_experts, cast.arbitrator, "agree", "同意。")
    with time_machine.travel(with_experts.sitting.starts_at + timedelta(minutes=30), tick=False):
        closed = services.close_review(review=with_experts, actor=cast.chair)
    closed.sitting.refresh_from_db()
    assert closed.sitting.state == SittingState.HELD


def test_a_review_closed_before_its_meeting_cancels_the_booking(cast, with_experts):
    vote_all(with_experts, cast.arbitrator, "agree", "同意。")
    closed = services.close_review(review=with_experts, actor=cast.chair)
    closed.sitting.refresh_from_db()
    assert closed.sitting.state == SittingState.CANCELLED


class TestByVideo:
    def test_the_review_meeting_admits_the_tribunal_and_every_invited_expert_and_no_party(
        self, cast, with_experts, city_expert, janus_settings
    ):
        sitting = with_experts.sitting
        sitting.starts_at = timezone.now()  # the time of the meeting has come
        sitting.save()
        meeting = meetings.open_meeting(sitting=sitting, actor=cast.arbitrator)
        invited = {a.user for a in meeting.attendees.all()}
        assert {cast.arbitrator, city_expert, cast.other_arbitrator} <= invited
        assert all(a.party_id is None for a in meeting.attendees.all())
        with pytest.raises(NotAllowed):
            meetings.invite_party(meeting=meeting, party=sitting.case.parties.first(), actor=cast.arbitrator)
