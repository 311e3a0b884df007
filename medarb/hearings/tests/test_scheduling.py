"""Booking sittings: clashes of room, people and parties; hours, holidays, notice; the acts."""

from datetime import date

import pytest
import time_machine

from medarb.audit.models import AuditEntry
from medarb.cases.models import TimelineEntry
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.hearings import services
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.hearings.tests.conftest import HEARING_DAY, at, new_case

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def case(cast):
    return new_case(actor=cast.filing_officer, unit=cast.district, n=1)


@pytest.fixture
def other_case(cast):
    return new_case(actor=cast.filing_officer, unit=cast.district, n=2)


def book(case, actor, *, room, start="09:30", end="11:30", members, clerk=None, day=HEARING_DAY, **extra):
    return services.schedule_sitting(
        case=case,
        actor=actor,
        kind=extra.pop("kind", SittingKind.HEARING),
        room=room,
        starts_at=at(day, start),
        ends_at=at(day, end),
        members=members,
        clerk=clerk,
        **extra,
    )


class TestScheduling:
    def test_an_arbitrator_books_a_hearing_in_the_district_court(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk)
        assert sitting.state == SittingState.SCHEDULED
        assert list(sitting.members.all()) == [cast.arbitrator]
        entry = TimelineEntry.objects.get(case=case, kind="sitting_scheduled")
        assert "2026-12-03 09:30–11:30" in entry.title and "第一数字仲裁庭" in entry.title
        audit = AuditEntry.objects.get(object_type="hearings.sitting", object_id=str(sitting.pk))
        assert audit.case_id == case.pk and audit.summary == "schedule_sitting"

    def test_a_remote_sitting_needs_no_room(self, cast, case):
        sitting = book(case, cast.arbitrator, room=None, members=[cast.arbitrator])
        assert sitting.room is None and sitting.place == "远程"

    def test_at_least_one_arbitrator_or_mediator_is_needed(self, cast, rooms, case):
        with pytest.raises(DomainError, match="至少选择一名"):
            book(case, cast.arbitrator, room=rooms.court, members=[])

    def test_a_party_account_cannot_sit_as_a_member(self, cast, rooms, case):
        with pytest.raises(DomainError, match="不是在职工作人员"):
            book(case, cast.arbitrator, room=rooms.court, members=[cast.worker])

    def test_a_mediation_case_has_sessions_not_hearings(self, cast, rooms):
        mediation = new_case(actor=cast.district_mediator, unit=cast.district, n=40, kind="mediation")
        with pytest.raises(DomainError, match="调解案件不开庭"):
            book(mediation, cast.district_mediator, room=rooms.court, members=[cast.district_mediator])

    def test_a_closed_case_gets_no_new_sittings(self, cast, rooms, case):
        case.closed_on = date(2026, 11, 22)
        case.save(update_fields=["closed_on"])
        with pytest.raises(ProcedureError, match="已结案"):
            book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])


class TestClashes:
    def test_a_room_clash_is_refused_naming_the_clashing_hearing(self, cast, rooms, case, other_case):
        book(other_case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with pytest.raises(ProcedureError) as refused:
            book(case, cast.chair, room=rooms.court, start="10:00", end="12:00", members=[cast.chair])
        assert refused.value.field == "room"
        assert (
            f"与 {other_case.number} 在 第一数字仲裁庭 2026-12-03 09:30–11:30 的开庭冲突"
            in refused.value.message
        )
        assert Sitting.objects.filter(case=case).count() == 0

    def test_an_arbitrator_clash_is_refused_even_in_another_room(self, cast, rooms, case, other_case):
        book(other_case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with pytest.raises(ProcedureError) as refused:
            book(
                case, cast.chair, room=rooms.court_two, start="11:00", end="12:00", members=[cast.arbitrator]
            )
        assert refused.value.message.startswith("林仲裁 时间冲突")
        assert (
            f"与 {other_case.number} 在 第一数字仲裁庭 2026-12-03 09:30–11:30 的开庭冲突"
            in refused.value.message
        )

    def test_a_clerk_clash_is_refused(self, cast, rooms, case, other_case):
        book(other_case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk)
        with pytest.raises(ProcedureError) as refused:
            book(case, cast.chair, room=rooms.court_two, members=[cast.chair], clerk=cast.clerk)
        assert refused.value.message.startswith("陈书记 时间冲突")
        assert other_case.number in refused.value.message

    def test_a_clerk_of_one_sitting_cannot_be_a_member_of_another_at_the_same_time(
        self, cast, rooms, case, other_case
    ):
        book(other_case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk)
        with pytest.raises(ProcedureError, match="陈书记 时间冲突"):
            book(case, cast.chair, room=rooms.court_two, members=[cast.chair, cast.clerk])

    def test_a_party_clash_is_refused_when_the_same_worker_is_in_another_case(self, cast, rooms, case):
        # Same resident ID as case 1's worker, different phone: the blind ID index matches.
        from medarb.hearings.tests.conftest import resident_id

        second = new_case(actor=cast.filing_officer, unit=cast.district, n=3)
        worker = second.parties.get(side="applicant")
        from medarb.core.crypto import blind_index

        worker.id_index = blind_index(resident_id(1))
        worker.save(update_fields=["id_index"])
        book(second, cast.chair, room=rooms.court_two, members=[cast.chair])
        with pytest.raises(ProcedureError) as refused:
            book(
                case, cast.arbitrator, room=rooms.court, start="11:00", end="12:00", members=[cast.arbitrator]
            )
        assert refused.value.message.startswith("当事人 工人1 时间冲突")
        assert (
            f"与 {second.number} 在 第二数字仲裁庭 2026-12-03 09:30–11:30 的开庭冲突" in refused.value.message
        )

    def test_a_party_clash_is_found_by_phone_number(self, cast, rooms, case):
        from medarb.core.crypto import blind_index

        second = new_case(actor=cast.filing_officer, unit=cast.district, n=4)
        employer = second.parties.get(side="respondent")
        employer.phone_index = blind_index("13900130001")  # case 1's employer phone
        employer.save(update_fields=["phone_index"])
        book(second, cast.chair, room=rooms.court_two, members=[cast.chair])
        with pytest.raises(ProcedureError, match="当事人 公司1 时间冲突"):
            book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])

    def test_touching_intervals_do_not_clash(self, cast, rooms, case, other_case):
        book(
            other_case,
            cast.arbitrator,
            room=rooms.court,
            start="09:00",
            end="10:30",
            members=[cast.arbitrator],
        )
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="10:30", end="12:00", members=[cast.arbitrator]
        )
        assert sitting.pk

    def test_a_sitting_ending_when_the_first_begins_does_not_clash(self, cast, rooms, case, other_case):
        book(
            other_case,
            cast.arbitrator,
            room=rooms.court,
            start="10:30",
            end="12:00",
            members=[cast.arbitrator],
        )
        assert book(
            case, cast.arbitrator, room=rooms.court, start="09:00", end="10:30", members=[cast.arbitrator]
        ).pk

    @pytest.mark.parametrize("act", ["cancel", "postpone"])
    def test_cancelled_and_postponed_sittings_do_not_block(self, cast, rooms, case, other_case, act):
        first = book(
            other_case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk
        )
        getattr(services, f"{act}_sitting")(sitting=first, actor=cast.arbitrator, reason="申请人申请延期")
        assert book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk).pk

    def test_a_clash_with_a_case_the_actor_cannot_see_does_not_name_it(self, cast, rooms):
        street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=5, kind="mediation")
        sibling_case = new_case(actor=cast.street_b_mediator, unit=cast.street_b, n=6, kind="mediation")
        book(
            sibling_case,
            cast.street_b_mediator,
            room=rooms.court,
            members=[cast.street_b_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        )
        with pytest.raises(ProcedureError) as refused:
            book(
                street_case,
                cast.street_mediator,
                room=rooms.court,
                members=[cast.street_mediator],
                kind=SittingKind.MEDIATION_SESSION,
            )
        message = refused.value.message
        assert sibling_case.number not in message
        assert "西湖街道调解室 的一项安排 在 第一数字仲裁庭 2026-12-03 09:30–11:30 的调解冲突" in message


class TestWorkingTime:
    def test_before_half_past_eight_is_refused(self, cast, rooms, case):
        with pytest.raises(DomainError, match="工作时间 08:30–17:30"):
            book(
                case, cast.arbitrator, room=rooms.court, start="08:00", end="09:00", members=[cast.arbitrator]
            )

    def test_running_past_half_past_five_is_refused(self, cast, rooms, case):
        with pytest.raises(DomainError, match="工作时间"):
            book(
                case, cast.arbitrator, room=rooms.court, start="16:30", end="17:45", members=[cast.arbitrator]
            )

    def test_the_whole_working_day_can_be_booked(self, cast, rooms, case):
        assert book(
            case, cast.arbitrator, room=rooms.court, start="08:30", end="17:30", members=[cast.arbitrator]
        ).pk

    def test_a_weekend_is_refused(self, cast, rooms, case):
        with pytest.raises(DomainError, match="2026-12-05 不是工作日"):
            book(case, cast.arbitrator, room=rooms.court, day=date(2026, 12, 5), members=[cast.arbitrator])

    def test_a_public_holiday_is_refused(self, cast, rooms, case):
        with (
            time_machine.travel(at(date(2026, 9, 1), "10:00"), tick=False),
            pytest.raises(DomainError, match="2026-10-01 不是工作日"),
        ):
            book(case, cast.arbitrator, room=rooms.court, day=date(2026, 10, 1), members=[cast.arbitrator])

    def test_a_make_up_working_saturday_can_be_booked(self, cast, rooms, case):
        # 9 May 2026 is a Saturday worked in exchange for the Labour Day holiday.
        with time_machine.travel(at(date(2026, 4, 20), "10:00"), tick=False):
            assert book(
                case, cast.arbitrator, room=rooms.court, day=date(2026, 5, 9), members=[cast.arbitrator]
            ).pk

    def test_a_day_an_administrator_declared_a_holiday_is_refused(self, cast, rooms, case):
        from medarb.procedure.calendar import forget_overrides
        from medarb.procedure.models import HolidayOverride

        HolidayOverride.objects.create(day=HEARING_DAY, is_working_day=False, note="区委统一调休")
        forget_overrides()
        try:
            with pytest.raises(DomainError, match="2026-12-03 不是工作日"):
                book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        finally:
            forget_overrides()

    def test_the_past_cannot_be_booked(self, cast, rooms, case):
        with pytest.raises(DomainError, match="开始时间已过"):
            book(case, cast.arbitrator, room=rooms.court, day=date(2026, 11, 20), members=[cast.arbitrator])

    def test_a_sitting_must_end_after_it_starts(self, cast, rooms, case):
        with pytest.raises(DomainError, match="结束时间必须晚于开始时间"):
            book(
                case, cast.arbitrator, room=rooms.court, start="11:00", end="10:00", members=[cast.arbitrator]
            )

    def test_configured_hours_apply(self, cast, rooms, case, settings):
        settings.HEARINGS_WORKING_HOURS = ("09:00", "12:00")
        with pytest.raises(DomainError, match="工作时间 09:00–12:00"):
            book(
                case, cast.arbitrator, room=rooms.court, start="13:00", end="14:00", members=[cast.arbitrator]
            )


class TestHearingNotice:
    def test_a_hearing_less_than_five_working_days_away_is_refused_without_a_waiver(self, cast, rooms, case):
        # Today is Monday 23 November; Friday 27 is only four working days away.
        with pytest.raises(services.NoticeTooShort) as refused:
            book(case, cast.arbitrator, room=rooms.court, day=date(2026, 11, 27), members=[cast.arbitrator])
        assert refused.value.field == "notice_waiver_reason"
        assert refused.value.latest_notice_on == date(2026, 11, 20)
        assert "第三十五条" in refused.value.message

    def test_the_parties_waiver_is_recorded_when_they_give_up_the_notice_period(self, cast, rooms, case):
        sitting = book(
            case,
            cast.arbitrator,
            room=rooms.court,
            day=date(2026, 11, 27),
            members=[cast.arbitrator],
            notice_waiver_reason="双方当事人书面同意提前开庭",
        )
        assert sitting.notice_waiver_reason == "双方当事人书面同意提前开庭"
        assert (
            "双方当事人书面同意提前开庭"
            in TimelineEntry.objects.get(case=case, kind="sitting_scheduled").detail
        )
        audit = AuditEntry.objects.get(object_type="hearings.sitting", object_id=str(sitting.pk))
        assert audit.data["notice_waiver_reason"] == "双方当事人书面同意提前开庭"

    def test_exactly_five_working_days_is_enough(self, cast, rooms, case):
        # Monday 30 November: the notice can still be served today, 23 November.
        assert book(
            case, cast.arbitrator, room=rooms.court, day=date(2026, 11, 30), members=[cast.arbitrator]
        ).pk

    def test_a_mediation_session_needs_no_five_day_notice(self, cast, rooms):
        street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=7, kind="mediation")
        sitting = book(
            street_case,
            cast.street_mediator,
            room=rooms.street_a,
            day=date(2026, 11, 24),
            members=[cast.street_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        )
        assert sitting.pk


class TestPermissions:
    def test_a_street_mediator_books_the_district_court_for_a_street_case(self, cast, rooms):
        street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=8, kind="mediation")
        sitting = book(
            street_case,
            cast.street_mediator,
            room=rooms.court,
            members=[cast.street_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        )
        assert sitting.room == rooms.court

    def test_a_street_mediator_cannot_book_for_a_district_case(self, cast, rooms, case):
        with pytest.raises(NotAllowed):
            book(case, cast.street_mediator, room=rooms.court, members=[cast.street_mediator])

    def test_a_street_mediator_with_a_write_share_can_book_for_a_district_case(self, cast, rooms, case):
        from medarb.cases.services import share_case

        share_case(
            actor=cast.arbitrator, case=case, reason="guidance", user=cast.street_mediator, access="write"
        )
        assert book(case, cast.street_mediator, room=rooms.court, members=[cast.arbitrator]).pk

    def test_a_district_case_cannot_use_a_street_room(self, cast, rooms, case):
        with pytest.raises(NotAllowed, match="东湖调解室"):
            book(case, cast.arbitrator, room=rooms.street_a, members=[cast.arbitrator])

    def test_a_street_case_cannot_use_the_sibling_streets_room(self, cast, rooms):
        street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=9, kind="mediation")
        with pytest.raises(NotAllowed, match="西湖调解室"):
            book(
                street_case,
                cast.street_mediator,
                room=rooms.street_b,
                members=[cast.street_mediator],
                kind=SittingKind.MEDIATION_SESSION,
            )

    def test_a_supervisor_reads_but_cannot_book(self, cast, rooms, case):
        with pytest.raises(NotAllowed):
            book(case, cast.supervisor, room=rooms.court, members=[cast.arbitrator])


class TestLaterActs:
    def test_rescheduling_moves_the_sitting_and_checks_clashes_again(self, cast, rooms, case, other_case):
        blocker = book(
            other_case,
            cast.arbitrator,
            room=rooms.court,
            start="14:00",
            end="15:00",
            members=[cast.arbitrator],
        )
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with pytest.raises(ProcedureError, match=f"与 {other_case.number}"):
            services.reschedule_sitting(
                sitting=sitting,
                actor=cast.arbitrator,
                starts_at=at(HEARING_DAY, "14:30"),
                ends_at=at(HEARING_DAY, "15:30"),
            )
        moved = services.reschedule_sitting(
            sitting=sitting,
            actor=cast.arbitrator,
            starts_at=at(HEARING_DAY, "10:00"),
            ends_at=at(HEARING_DAY, "12:00"),
            reason="申请人申请",
        )
        assert moved.starts_at == at(HEARING_DAY, "10:00") and moved.room == rooms.court
        assert blocker.pk != moved.pk
        assert TimelineEntry.objects.filter(case=case, kind="sitting_rescheduled").count() == 1

    def test_a_sitting_does_not_clash_with_itself_when_rescheduled_by_an_hour(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator], clerk=cast.clerk)
        moved = services.reschedule_sitting(
            sitting=sitting,
            actor=cast.arbitrator,
            starts_at=at(HEARING_DAY, "10:30"),
            ends_at=at(HEARING_DAY, "12:30"),
        )
        assert moved.state == SittingState.SCHEDULED

    def test_a_postponed_hearing_gets_its_new_date_by_rescheduling(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        services.postpone_sitting(sitting=sitting, actor=cast.arbitrator, reason="被申请人申请延期开庭")
        moved = services.reschedule_sitting(
            sitting=sitting,
            actor=cast.arbitrator,
            starts_at=at(date(2026, 12, 10), "09:30"),
            ends_at=at(date(2026, 12, 10), "11:00"),
        )
        assert moved.state == SittingState.SCHEDULED

    def test_cancelling_needs_a_reason(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with pytest.raises(DomainError, match="取消理由"):
            services.cancel_sitting(sitting=sitting, actor=cast.arbitrator, reason=" ")

    def test_a_cancelled_sitting_cannot_be_held(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        services.cancel_sitting(sitting=sitting, actor=cast.arbitrator, reason="撤回申请")
        with pytest.raises(ProcedureError):
            services.record_sitting_held(sitting=sitting, actor=cast.arbitrator)

    def test_a_sitting_is_recorded_as_held_only_once_it_has_begun(self, cast, rooms, case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with pytest.raises(ProcedureError, match="开始时间未到"):
            services.record_sitting_held(sitting=sitting, actor=cast.arbitrator)
        with time_machine.travel(at(HEARING_DAY, "11:40"), tick=False):
            held = services.record_sitting_held(sitting=sitting, actor=cast.arbitrator, note="双方到庭")
        assert held.state == SittingState.HELD
        assert TimelineEntry.objects.filter(case=case, kind="sitting_held").exists()

    def test_a_held_sitting_still_blocks_its_room(self, cast, rooms, case, other_case):
        sitting = book(case, cast.arbitrator, room=rooms.court, members=[cast.arbitrator])
        with time_machine.travel(at(HEARING_DAY, "11:40"), tick=False):
            services.record_sitting_held(sitting=sitting, actor=cast.arbitrator)
        with pytest.raises(ProcedureError, match="第一数字仲裁庭"):
            book(other_case, cast.chair, room=rooms.court, members=[cast.chair])
