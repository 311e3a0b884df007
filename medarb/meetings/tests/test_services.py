"""Meetings against a real Janus: who the room admits (Janus's own answer, not only the app's),
links that work once per browser and only while the meeting is open, presence, caucus."""

from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.audit.models import AuditEntry
from medarb.cases.models import PartySide, TimelineEntry
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.sms import ConsoleBackend
from medarb.hearings.models import SittingKind, SittingState
from medarb.meetings import services
from medarb.meetings.client import JanusClient
from medarb.meetings.models import AttendeeRole, Connection, Meeting, Purpose
from medarb.meetings.testing import ADMIN_KEY, join, needs_janus
from medarb.meetings.tests.conftest import sitting_now
from medarb.testing import register

pytestmark = [needs_janus, pytest.mark.django_db(transaction=False)]
UNAUTHORIZED = 433


@pytest.fixture(autouse=True)
def _janus(janus_settings):
    return janus_settings


def link_of(sms: dict) -> str:
    return sms["params"]["link"].rstrip("/").rsplit("/", 1)[-1]


def applicant(case):
    return case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)


def respondent(case):
    return case.parties.get(side=PartySide.RESPONDENT, principal__isnull=True)


class TestOpening:
    def test_the_host_opens_a_room_that_admits_the_tribunal_and_clerk_and_nobody_else(
        self, cast, sitting, janus_server
    ):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        assert meeting.purpose == Purpose.MEDIATION
        assert JanusClient(janus_server["url"], admin_key=ADMIN_KEY).room_exists(meeting.room)
        roles = {a.user: a.role for a in meeting.attendees.all()}
        assert roles == {cast.arbitrator: AttendeeRole.HOST, cast.clerk: AttendeeRole.STAFF}
        for attendee in meeting.attendees.all():
            assert (
                join(janus_server["url"], meeting.room, token=attendee.janus_token)["videoroom"] == "joined"
            )
        refused = [join(janus_server["url"], meeting.room, token=t)["error_code"] for t in ("", "forged")]
        assert refused == [UNAUTHORIZED, UNAUTHORIZED]
        assert TimelineEntry.objects.filter(case=sitting.case, kind="meeting_opened").exists()

    def test_opening_twice_gives_the_meeting_already_open(self, cast, sitting):
        first = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        assert services.open_meeting(sitting=sitting, actor=cast.clerk) == first

    def test_someone_who_cannot_act_on_the_case_cannot_host(self, cast, sitting):
        for user in (cast.other_arbitrator, cast.street_mediator, cast.worker, cast.supervisor):
            with pytest.raises(NotAllowed):
                services.open_meeting(sitting=sitting, actor=user)
        assert not Meeting.objects.exists()

    def test_a_sitting_hours_away_or_cancelled_cannot_be_opened(self, cast, case):
        later = sitting_now(case, clerk=cast.clerk)
        later.starts_at += timedelta(hours=3)
        later.ends_at += timedelta(hours=3)
        later.save()
        with pytest.raises(DomainError, match="30"):
            services.open_meeting(sitting=later, actor=cast.arbitrator)
        cancelled = sitting_now(case, clerk=cast.clerk)
        cancelled.state = SittingState.CANCELLED
        cancelled.save()
        with pytest.raises(DomainError):
            services.open_meeting(sitting=cancelled, actor=cast.arbitrator)

    def test_janus_down_is_a_clear_refusal_and_no_meeting_is_left(self, cast, sitting, settings):
        settings.MEDARB_JANUS_URL = "http://127.0.0.1:9/janus"
        with pytest.raises(DomainError, match="视频会议服务暂时不可用"):
            services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        assert not Meeting.objects.exists()


class TestInvitations:
    def test_a_party_gets_a_single_use_link_by_sms_and_janus_admits_their_token(
        self, cast, sitting, janus_server
    ):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        attendee = services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        [sms] = ConsoleBackend.outbox
        assert sms["phone"] == "13800138000"
        assert sms["params"]["link"].startswith("http") and "/meetings/m/" in sms["params"]["link"]
        token = link_of(sms)
        assert attendee.link_hash == services.hash_link(token) and token not in attendee.link_hash
        assert services.admit_link(token=token, browser="phone-1") == attendee
        assert services.admit_link(token=token, browser="phone-1") == attendee  # rejoin, same browser
        assert join(janus_server["url"], meeting.room, token=attendee.janus_token)["videoroom"] == "joined"

    def test_a_replayed_link_in_another_browser_is_refused(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        token = link_of(ConsoleBackend.outbox[-1])
        services.admit_link(token=token, browser="phone-1")
        with pytest.raises(services.MeetingRefused, match="另一台设备"):
            services.admit_link(token=token, browser="someone-else")

    def test_a_resent_link_replaces_the_old_one(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        party = applicant(sitting.case)
        services.invite_party(meeting=meeting, party=party, actor=cast.clerk)
        old = link_of(ConsoleBackend.outbox[-1])
        services.invite_party(meeting=meeting, party=party, actor=cast.clerk)
        new = link_of(ConsoleBackend.outbox[-1])
        with pytest.raises(services.MeetingRefused, match="无效"):
            services.admit_link(token=old, browser="b")
        assert services.admit_link(token=new, browser="b").party == party
        assert meeting.attendees.filter(party=party).count() == 1

    def test_an_expired_link_and_a_link_of_a_closed_meeting_are_refused(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        attendee = services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        token = link_of(ConsoleBackend.outbox[-1])
        attendee.link_expires_at = timezone.now() - timedelta(minutes=1)
        attendee.save()
        with pytest.raises(services.MeetingRefused, match="过期"):
            services.admit_link(token=token, browser="b")
        services.invite_party(meeting=meeting, party=attendee.party, actor=cast.clerk)
        token = link_of(ConsoleBackend.outbox[-1])
        services.close_meeting(meeting=meeting, actor=cast.arbitrator)
        with pytest.raises(services.MeetingRefused, match="会议已结束"):
            services.admit_link(token=token, browser="b")

    def test_a_party_of_another_case_is_neither_invited_nor_admitted(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        other = register(actor=cast.filing_officer, unit=cast.district, worker_phone="13700137001")
        with pytest.raises(NotAllowed):
            services.invite_party(meeting=meeting, party=applicant(other), actor=cast.clerk)
        with pytest.raises(services.MeetingRefused, match="没有受邀"):
            services.admit_user(meeting=meeting, user=cast.outsider)

    def test_a_signed_in_party_is_admitted_once_invited(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        party = applicant(sitting.case)
        party.user = cast.worker
        party.save()
        with pytest.raises(services.MeetingRefused):
            services.admit_user(meeting=meeting, user=cast.worker)
        services.invite_party(meeting=meeting, party=party, actor=cast.clerk)
        assert services.admit_user(meeting=meeting, user=cast.worker).party == party

    def test_a_joint_review_never_takes_a_party(self, cast, case):
        review = sitting_now(case, kind=SittingKind.JOINT_REVIEW, clerk=cast.clerk, members=[cast.arbitrator])
        meeting = services.open_meeting(sitting=review, actor=cast.arbitrator)
        assert meeting.purpose == Purpose.JOINT_REVIEW
        with pytest.raises(NotAllowed):
            services.invite_party(meeting=meeting, party=applicant(case), actor=cast.clerk)
        assert TimelineEntry.objects.get(case=case, kind="meeting_opened").is_internal

    def test_a_witness_is_invited_to_a_hearing_only(self, cast, sitting, hearing):
        mediation = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        with pytest.raises(DomainError):
            services.invite_witness(meeting=mediation, name="李证人", phone="13600136000", actor=cast.clerk)
        meeting = services.open_meeting(sitting=hearing, actor=cast.arbitrator)
        witness = services.invite_witness(
            meeting=meeting, name="李证人", phone="13600136000", actor=cast.clerk
        )
        assert witness.role == AttendeeRole.WITNESS and witness.name == "李证人（证人）"
        assert ConsoleBackend.outbox[-1]["phone"] == "13600136000"
        for bad in ("0592-1234567", "12345", "<script>"):
            with pytest.raises(DomainError, match="手机号"):
                services.invite_witness(meeting=meeting, name="王证人", phone=bad, actor=cast.clerk)

    def test_a_colleague_who_cannot_read_the_case_is_not_invited(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        with pytest.raises(NotAllowed):
            services.invite_staff(meeting=meeting, user=cast.other_arbitrator, actor=cast.arbitrator)
        assert (
            services.invite_staff(meeting=meeting, user=cast.chair, actor=cast.arbitrator).user == cast.chair
        )


class TestPresence:
    def test_joins_drops_and_leaves_are_kept_and_shown_as_the_state(self, cast, sitting):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        host = meeting.attendees.get(user=cast.arbitrator)
        services.note_presence(attendee=host, event="joined", participant=4242)
        host.refresh_from_db()
        assert host.connection == Connection.CONNECTED and host.first_joined_at
        assert host.janus_id == 4242
        services.note_presence(attendee=host, event="connection", state="failed")
        assert host.connection == Connection.UNSTABLE
        services.note_presence(attendee=host, event="joined")
        services.note_presence(attendee=host, event="left")  # the kick finds 4242 gone: no matter
        assert host.connection == Connection.LEFT and host.left_at and host.janus_id is None
        assert [p.event for p in host.presence.all()] == ["joined", "connection", "joined", "left"]
        with pytest.raises(DomainError):
            services.note_presence(attendee=host, event="hacked")


class TestCaucus:
    def test_a_caucus_room_admits_the_host_and_one_side_only(self, cast, sitting, janus_server):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        worker = services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        employer = services.invite_party(meeting=meeting, party=respondent(sitting.case), actor=cast.clerk)
        caucus = services.open_caucus(meeting=meeting, side=PartySide.APPLICANT, actor=cast.arbitrator)
        assert services.caucus_for(worker) == caucus
        assert services.caucus_for(employer) is None
        inside = services.caucus_attendee(caucus, worker)
        assert join(janus_server["url"], caucus.room, token=inside.janus_token)["videoroom"] == "joined"
        assert (
            join(janus_server["url"], caucus.room, token=employer.janus_token)["error_code"] == UNAUTHORIZED
        )
        services.close_caucus(caucus=caucus, actor=cast.arbitrator)
        assert services.caucus_for(worker) is None
        assert not JanusClient(janus_server["url"], admin_key=ADMIN_KEY).room_exists(caucus.room)

    def test_only_a_mediation_has_a_caucus(self, cast, hearing):
        meeting = services.open_meeting(sitting=hearing, actor=cast.arbitrator)
        with pytest.raises(DomainError):
            services.open_caucus(meeting=meeting, side=PartySide.APPLICANT, actor=cast.arbitrator)


class TestClosing:
    def test_closing_destroys_the_rooms_and_is_on_the_record(self, cast, sitting, janus_server):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        caucus = services.open_caucus(meeting=meeting, side=PartySide.APPLICANT, actor=cast.arbitrator)
        services.close_meeting(meeting=meeting, actor=cast.arbitrator)
        client = JanusClient(janus_server["url"], admin_key=ADMIN_KEY)
        assert not client.room_exists(meeting.room) and not client.room_exists(caucus.room)
        caucus.refresh_from_db()
        assert caucus.closed_at
        assert TimelineEntry.objects.filter(case=sitting.case, kind="meeting_closed").exists()
        assert AuditEntry.objects.filter(summary="invite_party", case_id=sitting.case_id).exists()
        with pytest.raises(services.MeetingRefused):
            services.close_meeting(meeting=meeting, actor=cast.arbitrator)


class TestJanusRestarts:
    def test_open_meetings_get_their_rooms_back_with_everyone_invited(self, cast, sitting, janus_server):
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        worker = services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        client = JanusClient(janus_server["url"], admin_key=ADMIN_KEY)
        client.destroy_room(meeting.room)  # what a restart of Janus does to every room
        assert services.restore_rooms() == 1
        assert services.restore_rooms() == 0
        assert join(janus_server["url"], meeting.room, token=worker.janus_token)["videoroom"] == "joined"
        assert join(janus_server["url"], meeting.room, token="forged")["error_code"] == UNAUTHORIZED


class TestEveryRefusal:
    def test_the_five_ways_in_without_an_invitation_are_all_refused(self, cast, sitting, janus_server):
        """Counted: an uninvited user, a party of another case, a replayed link, an expired
        link, and a join sent straight to Janus without a token (creating a room without the
        admin key is refused in test_janus_server)."""
        meeting = services.open_meeting(sitting=sitting, actor=cast.arbitrator)
        worker = services.invite_party(meeting=meeting, party=applicant(sitting.case), actor=cast.clerk)
        token = link_of(ConsoleBackend.outbox[-1])
        services.admit_link(token=token, browser="the worker's phone")
        other = register(actor=cast.filing_officer, unit=cast.district, worker_phone="13700137002")
        other_party = applicant(other)
        other_party.user = cast.outsider
        other_party.save()
        refusals = 0
        for attempt in (
            lambda: services.admit_user(meeting=meeting, user=cast.other_arbitrator),
            lambda: services.admit_user(meeting=meeting, user=cast.outsider),
            lambda: services.admit_link(token=token, browser="another phone"),
        ):
            with pytest.raises(services.MeetingRefused):
                attempt()
            refusals += 1
        worker.link_expires_at = timezone.now() - timedelta(seconds=1)
        worker.save()
        with pytest.raises(services.MeetingRefused):
            services.admit_link(token=token, browser="the worker's phone")
        refusals += 1
        refusals += join(janus_server["url"], meeting.room)["error_code"] == UNAUTHORIZED
        assert refusals == 5
