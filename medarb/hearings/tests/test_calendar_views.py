"""Room and person calendars, the case panel, the scheduling form and the sitting page."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.hearings import services
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.hearings.tests.conftest import HEARING_DAY, at, new_case

pytestmark = pytest.mark.usefixtures("frozen")


def client_for(user) -> Client:
    return sign_in(Client(), user)


def book(case, actor, *, room, start, end, members, day=HEARING_DAY, kind=SittingKind.HEARING, clerk=None):
    return services.schedule_sitting(
        case=case,
        actor=actor,
        kind=kind,
        room=room,
        starts_at=at(day, start),
        ends_at=at(day, end),
        members=members,
        clerk=clerk,
    )


def week_url(room, day=HEARING_DAY) -> str:
    return f"{reverse('hearings:room_week', args=[room.pk])}?d={day:%Y-%m-%d}"


class TestRoomWeekCalendar:
    def test_it_shows_the_weeks_sittings_on_their_days(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=1)
        book(case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator])
        response = client_for(cast.arbitrator).get(week_url(rooms.court))
        assert response.status_code == 200
        body = response.content.decode()
        assert "2026-11-30 — 2026-12-06" in body
        assert case.number in body and "09:30–11:30" in body
        # Thursday is the fifth column (after the time gutter); 09:30 is the fifth quarter-hour row.
        assert "cal-entry cal-c-5 cal-r-6 cal-s-8 cal-kind-hearing" in body

    def test_a_sibling_street_sees_another_streets_booking_only_as_busy(self, cast, rooms):
        street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=2, kind="mediation")
        book(
            street_case,
            cast.street_mediator,
            room=rooms.court,
            start="14:00",
            end="15:00",
            members=[cast.street_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        )
        own = client_for(cast.street_mediator).get(week_url(rooms.court)).content.decode()
        sibling = client_for(cast.street_b_mediator).get(week_url(rooms.court)).content.decode()
        assert street_case.number in own
        assert street_case.number not in sibling
        assert "已占用" in sibling and "14:00–15:00" in sibling
        assert "cal-busy" in sibling and "李街道" not in sibling

    def test_a_street_cannot_open_a_sibling_streets_room(self, cast, rooms):
        response = client_for(cast.street_b_mediator).get(week_url(rooms.street_a))
        assert response.status_code == 404

    def test_another_districts_room_is_not_found(self, cast, rooms):
        assert client_for(cast.arbitrator).get(week_url(rooms.other_district)).status_code == 404

    def test_a_party_cannot_open_room_calendars(self, cast, rooms):
        client = Client()
        client.force_login(cast.worker)
        assert client.get(week_url(rooms.court)).status_code == 403

    def test_cancelled_sittings_leave_the_grid(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=3)
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        )
        services.cancel_sitting(sitting=sitting, actor=cast.arbitrator, reason="撤回申请")
        body = client_for(cast.arbitrator).get(week_url(rooms.court)).content.decode()
        assert case.number not in body and 'data-testid="cal-empty"' in body

    def test_htmx_navigation_gets_only_the_calendar(self, cast, rooms):
        response = client_for(cast.arbitrator).get(
            week_url(rooms.court, date(2026, 12, 10)), HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="calendar"')
        assert "<html" not in body and "2026-12-07 — 2026-12-13" in body
        assert "?d=2026-11-30" in body and "?d=2026-12-14" in body

    def test_a_malformed_date_falls_back_to_this_week(self, cast, rooms):
        response = client_for(cast.arbitrator).get(
            f"{reverse('hearings:room_week', args=[rooms.court.pk])}?d=2026-13-45"
        )
        assert response.status_code == 200 and "2026-11-23 — 2026-11-29" in response.content.decode()

    def test_reading_a_calendar_with_cases_is_audited(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=4)
        book(case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator])
        client_for(cast.chair).get(week_url(rooms.court))
        entry = AuditEntry.objects.filter(actor=cast.chair, object_type="hearings.calendar").get()
        assert entry.data == {"cases": [case.pk]}

    def test_the_week_view_runs_a_fixed_number_of_queries(self, cast, rooms, django_assert_num_queries):
        client = client_for(cast.arbitrator)
        url = week_url(rooms.court)
        members = [cast.arbitrator, cast.chair, cast.district_mediator]
        for n, start in enumerate(["08:30", "10:00", "13:00", "15:00"]):
            case = new_case(actor=cast.filing_officer, unit=cast.district, n=10 + n)
            end = f"{int(start[:2]) + 1:02d}{start[2:]}"
            book(case, cast.arbitrator, room=rooms.court, start=start, end=end, members=members[: 1 + n % 3])
            if n == 0:
                with django_assert_num_queries(QUERIES_WEEK):
                    client.get(url)
        with django_assert_num_queries(QUERIES_WEEK):
            response = client.get(url)
        assert response.content.decode().count('data-testid="cal-entry"') == 4


# Session, user, OTP device (twice), memberships, room, sittings, members prefetch, visible
# cases, and the audit append (savepoint, head lock, insert, head update, release): the same
# for one sitting or forty.
QUERIES_WEEK = 14


class TestRoomDayCalendar:
    def test_the_day_view_shows_one_day_with_prev_and_next(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=5)
        book(case, cast.arbitrator, room=rooms.court, start="13:30", end="15:00", members=[cast.arbitrator])
        url = f"{reverse('hearings:room_day', args=[rooms.court.pk])}?d=2026-12-03"
        body = client_for(cast.arbitrator).get(url).content.decode()
        assert "cal-days-1" in body and case.number in body
        assert "?d=2026-12-02" in body and "?d=2026-12-04" in body


class TestPersonCalendar:
    def test_an_arbitrator_sees_their_week_across_rooms(self, cast, rooms):
        first = new_case(actor=cast.filing_officer, unit=cast.district, n=6)
        second = new_case(actor=cast.filing_officer, unit=cast.district, n=7)
        book(first, cast.arbitrator, room=rooms.court, start="09:30", end="10:30", members=[cast.arbitrator])
        book(
            second,
            cast.chair,
            room=rooms.court_two,
            start="14:00",
            end="15:00",
            members=[cast.chair],
            clerk=cast.arbitrator,
        )
        url = f"{reverse('hearings:person_week', args=[cast.arbitrator.pk])}?d=2026-12-03"
        body = client_for(cast.arbitrator).get(url).content.decode()
        assert first.number in body and second.number in body
        assert "第二数字仲裁庭" in body

    def test_a_street_mediator_can_check_a_district_arbitrators_availability_without_details(
        self, cast, rooms
    ):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=8)
        book(case, cast.arbitrator, room=rooms.court, start="09:30", end="10:30", members=[cast.arbitrator])
        url = f"{reverse('hearings:person_week', args=[cast.arbitrator.pk])}?d=2026-12-03"
        body = client_for(cast.street_mediator).get(url).content.decode()
        assert "已占用" in body and case.number not in body

    def test_another_districts_arbitrator_is_not_found(self, cast):
        url = reverse("hearings:person_week", args=[cast.other_arbitrator.pk])
        assert client_for(cast.street_mediator).get(url).status_code == 404


class TestCasePanelAndScheduleForm:
    def test_a_writer_sees_the_button_and_the_case_sittings(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=20)
        book(case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator])
        body = client_for(cast.arbitrator).get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'data-testid="hearings-panel"' in body and "安排开庭/调解" in body
        assert "2026-12-03 09:30–11:30" in body

    def test_a_reader_sees_the_sittings_but_no_button(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=21)
        body = client_for(cast.supervisor).get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'data-testid="hearings-panel"' in body and 'data-testid="schedule-sitting"' not in body

    def test_a_reader_cannot_open_the_form(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=22)
        assert (
            client_for(cast.supervisor).get(reverse("hearings:schedule", args=[case.pk])).status_code == 403
        )

    def test_the_form_offers_the_units_rooms_and_people_and_books(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=23)
        client = client_for(cast.arbitrator)
        form_page = client.get(reverse("hearings:schedule", args=[case.pk])).content.decode()
        assert "第一数字仲裁庭" in form_page and "东湖调解室" not in form_page
        assert "林仲裁" in form_page and "陈书记" in form_page
        response = client.post(
            reverse("hearings:schedule", args=[case.pk]),
            {
                "kind": "hearing",
                "room": rooms.court.pk,
                "day": "2026-12-03",
                "start": "09:30",
                "end": "11:30",
                "members": [cast.arbitrator.pk],
                "clerk": cast.clerk.pk,
                "is_public": "on",
            },
        )
        assert response.status_code == 302
        sitting = Sitting.objects.get(case=case)
        assert sitting.clerk == cast.clerk and sitting.room == rooms.court

    def test_a_clash_is_shown_on_the_form_and_nothing_is_saved(self, cast, rooms):
        other = new_case(actor=cast.filing_officer, unit=cast.district, n=24)
        book(other, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator])
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=25)
        response = client_for(cast.arbitrator).post(
            reverse("hearings:schedule", args=[case.pk]),
            {
                "kind": "hearing",
                "room": rooms.court.pk,
                "day": "2026-12-03",
                "start": "10:00",
                "end": "11:00",
                "members": [cast.district_mediator.pk],
            },
        )
        assert response.status_code == 200
        assert (
            f"与 {other.number} 在 第一数字仲裁庭 2026-12-03 09:30–11:30 的开庭冲突"
            in response.content.decode()
        )
        assert not Sitting.objects.filter(case=case).exists()

    def test_a_short_notice_asks_for_the_waiver_reason(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=26)
        data = {
            "kind": "hearing",
            "room": rooms.court.pk,
            "day": "2026-11-26",
            "start": "09:30",
            "end": "10:30",
            "members": [cast.arbitrator.pk],
        }
        client = client_for(cast.arbitrator)
        response = client.post(reverse("hearings:schedule", args=[case.pk]), data)
        assert 'data-testid="error-notice_waiver_reason"' in response.content.decode()
        response = client.post(
            reverse("hearings:schedule", args=[case.pk]), {**data, "notice_waiver_reason": "双方同意"}
        )
        assert response.status_code == 302

    def test_an_incomplete_form_gets_messages_not_a_crash(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=27)
        response = client_for(cast.arbitrator).post(
            reverse("hearings:schedule", args=[case.pk]), {"kind": "hearing"}
        )
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


class TestSittingPage:
    def test_the_writer_cancels_from_the_sitting_page(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=30)
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        )
        client = client_for(cast.arbitrator)
        assert client.get(reverse("hearings:sitting", args=[sitting.pk])).status_code == 200
        response = client.post(
            reverse("hearings:sitting_act", args=[sitting.pk, "cancel"]), {"reason": "撤回申请"}
        )
        assert response.status_code == 302
        sitting.refresh_from_db()
        assert sitting.state == SittingState.CANCELLED

    def test_a_cancel_without_reason_is_a_message_not_a_crash(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=31)
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        )
        response = client_for(cast.arbitrator).post(
            reverse("hearings:sitting_act", args=[sitting.pk, "cancel"]), {"reason": ""}, follow=True
        )
        assert "请填写取消理由" in response.content.decode()

    def test_the_writer_reschedules_from_the_sitting_page(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=32)
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        )
        client_for(cast.arbitrator).post(
            reverse("hearings:sitting_act", args=[sitting.pk, "reschedule"]),
            {
                "room": rooms.court_two.pk,
                "day": "2026-12-04",
                "start": "14:00",
                "end": "15:00",
                "reason": "场所调整",
            },
        )
        sitting.refresh_from_db()
        assert sitting.room == rooms.court_two and sitting.starts_at == at(date(2026, 12, 4), "14:00")

    def test_a_reader_cannot_act(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=33)
        sitting = book(
            case, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        )
        response = client_for(cast.supervisor).post(
            reverse("hearings:sitting_act", args=[sitting.pk, "cancel"]), {"reason": "x"}
        )
        assert response.status_code == 403

    def test_a_sibling_street_cannot_open_the_sitting(self, cast, rooms):
        case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=34, kind="mediation")
        sitting = book(
            case,
            cast.street_mediator,
            room=rooms.street_a,
            start="09:30",
            end="11:30",
            members=[cast.street_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        )
        assert (
            client_for(cast.street_b_mediator).get(reverse("hearings:sitting", args=[sitting.pk])).status_code
            == 404
        )
