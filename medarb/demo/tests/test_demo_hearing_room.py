"""The demo's hearing-room system can be tried after `make run`: capture devices in every court
and mediation room, tribunals for the cases that reached a hearing, and sittings for the sample
cases whose state implies them (today and on the coming working days) that never clash."""

import pytest
from django.utils import timezone

from medarb.arbitration.models import Tribunal
from medarb.audit.models import AuditEntry
from medarb.cases.models import CaseKind
from medarb.demo import hearing_room
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.hearings.services import check_clashes
from medarb.mediation.models import Session
from medarb.orgs.models import Room, RoomKind
from medarb.recording.models import CaptureDevice, DeviceKind

pytestmark = pytest.mark.django_db


def _sittings(**filters):
    return list(Sitting.objects.filter(**filters).with_related().select_related("case__tribunal"))


class TestCaptureDevices:
    def test_every_court_and_mediation_room_of_the_district_has_a_camera_per_seat_and_a_visualiser(
        self, demo
    ):
        rooms = Room.objects.filter(
            unit__path__startswith=demo.units["district"].path, kind__in=hearing_room.EQUIPPED_ROOMS
        )
        assert rooms.count() == 3 + 1 + 13  # three courts, the district's 调解室, a room per street
        for room in rooms:
            devices = list(room.devices.all())
            cameras = [d for d in devices if d.kind == DeviceKind.CAMERA]
            seats = (
                hearing_room.COURT_SEATS
                if room.kind == RoomKind.ARBITRATION_COURT
                else hearing_room.MEDIATION_SEATS
            )
            assert len(cameras) == len(seats), room
            assert [d.kind for d in devices].count(DeviceKind.VISUALISER) == 1, room
            assert all(d.is_active for d in devices)

    def test_each_device_has_its_own_key_kept_only_as_a_hash_and_its_registration_is_audited(self, demo):
        devices = list(CaptureDevice.objects.all())

        assert len({d.key_hash for d in devices}) == len(devices)
        assert all(len(d.key_hash) == 64 and len(d.key_hint) == 4 for d in devices)
        registered = AuditEntry.objects.filter(action="create", object_type="recording.capturedevice")
        assert registered.count() == len(devices)


class TestDemoSittings:
    def test_cases_awaiting_or_in_a_hearing_have_their_tribunal(self, demo):
        for case in demo.cases:
            case.refresh_from_db()
            if case.kind == CaseKind.ARBITRATION and case.status in hearing_room.TRIBUNAL_STATES:
                assert Tribunal.objects.filter(case=case).exists(), case

    def test_a_seated_tribunal_has_met_its_composition_clock_and_no_to_do_waits_on_a_partys_period(
        self, demo
    ):
        from medarb.procedure.models import Deadline, DeadlineState, Task, TaskState
        from medarb.procedure.rules import PARTY_PERIODS

        seated = Tribunal.objects.values("case_id")
        assert not Deadline.objects.filter(
            case__in=seated, rule_code="compose_tribunal", state=DeadlineState.RUNNING
        ).exists()
        assert Deadline.objects.filter(case__in=seated, rule_code="compose_tribunal", state=DeadlineState.MET)
        assert not Task.objects.filter(state=TaskState.OPEN, deadline__rule_code__in=PARTY_PERIODS).exists()

    def test_hearings_sit_today_and_on_coming_days_with_the_tribunal_the_case_has(self, demo):
        today = timezone.localdate()
        hearings = _sittings(kind=SittingKind.HEARING, state=SittingState.SCHEDULED)
        days = {timing.local(s.starts_at).date() for s in hearings}

        assert today in days and any(day > today for day in days)
        for sitting in hearings:
            tribunal = sitting.case.tribunal
            assert sitting.case.status in {"hearing_scheduled", "hearing"}
            assert {m.pk for m in sitting.members.all()} == {m.pk for m in tribunal.members.all()}
            assert sitting.clerk_id == tribunal.clerk_id
            assert sitting.room.kind == RoomKind.ARBITRATION_COURT
            assert sitting.case.unit.path.startswith(sitting.room.unit.path)

    def test_cases_being_decided_were_heard_on_a_working_day_before_today_and_the_hearing_is_held(self, demo):
        today = timezone.localdate()
        heard = [
            c for c in demo.cases if c.kind == CaseKind.ARBITRATION and c.status in hearing_room.HEARD_STATES
        ]

        held = [s for c in heard for s in _sittings(case=c, kind=SittingKind.HEARING)]
        assert held
        for sitting in held:
            day = timing.local(sitting.starts_at).date()
            assert sitting.kind == SittingKind.HEARING and sitting.state == SittingState.HELD
            assert sitting.case.accepted_on < day < today and timing.is_working_day(day)
            assert {m.pk for m in sitting.members.all()} == {
                m.pk for m in sitting.case.tribunal.members.all()
            }

    def test_every_case_awaiting_a_hearing_has_one_and_hearings_to_come_respect_the_notice(self, demo):
        today = timezone.localdate()
        waiting = [
            c for c in demo.cases if c.kind == CaseKind.ARBITRATION and c.status == "hearing_scheduled"
        ]

        for case in waiting:
            (hearing,) = _sittings(case=case, kind=SittingKind.HEARING)
            day = timing.local(hearing.starts_at).date()
            if day > today:  # through the scheduler: the five-day notice (Law Art. 35) is kept
                assert timing.latest_notice_date(day, case.unit_path) >= today
                assert not hearing.notice_waiver_reason

    def test_mediation_cases_in_session_have_a_session_with_their_mediator_in_a_room_of_theirs(self, demo):
        in_session = [c for c in demo.cases if c.kind == CaseKind.MEDIATION and c.status == "in_session"]

        assert in_session
        for case in in_session:
            case.refresh_from_db()
            (sitting,) = _sittings(case=case)
            assert sitting.kind == SittingKind.MEDIATION_SESSION
            assert [m.pk for m in sitting.members.all()] == [case.handler_id]
            assert case.unit.path.startswith(sitting.room.unit.path)
            assert Session.objects.filter(case=case, sitting_id=sitting.pk).exists()

    def test_the_clash_rules_accept_every_seeded_sitting(self, demo):
        sittings = _sittings()

        assert len(sittings) >= 8
        for sitting in sittings:
            people = [*sitting.members.all(), *([sitting.clerk] if sitting.clerk else [])]
            check_clashes(
                case=sitting.case,
                room=sitting.room,
                starts_at=sitting.starts_at,
                ends_at=sitting.ends_at,
                people=people,
                actor=sitting.created_by,
                exclude=sitting,
            )

    def test_every_sitting_lies_within_working_hours_on_one_day(self, demo):
        hours = timing.working_hours()
        for sitting in _sittings():
            start, end = timing.local(sitting.starts_at), timing.local(sitting.ends_at)
            assert start.date() == end.date()
            assert hours.start <= start.time() and end.time() <= hours.end

    def test_sittings_to_come_went_through_the_scheduler_and_the_others_say_they_are_demo_data(self, demo):
        today = timezone.localdate()
        for sitting in _sittings():
            kinds = set(
                sitting.case.timeline.filter(data__sitting_id=sitting.pk).values_list("kind", flat=True)
            )
            if timing.local(sitting.starts_at).date() < today:  # held: the act went through the service
                assert kinds == {"demo_sitting", "sitting_held"}, sitting
            elif timing.local(sitting.starts_at).date() == today:
                assert kinds == {"demo_sitting"}, sitting
            else:
                assert "sitting_scheduled" in kinds, sitting
