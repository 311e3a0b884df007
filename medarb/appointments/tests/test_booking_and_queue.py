from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medarb.appointments import services
from medarb.appointments.models import BookingState, ServicePoint, TicketState
from medarb.appointments.selectors import forget_queue_version, queue_for
from medarb.core.errors import DomainError, NotAllowed

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 12, 1, 8, 0, tzinfo=SHANGHAI)


@pytest.fixture
def morning():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_queue_versions():
    forget_queue_version()  # room ids repeat from one test database to the next
    yield
    forget_queue_version()


@pytest.fixture
def window(cast):
    return ServicePoint.objects.create(unit=cast.district, name="立案窗口", kind="filing_window", capacity=2)


def book(point, user, day=date(2026, 12, 1), slot=time(9, 0), phone="13800138000"):
    return services.book(point=point, user=user, day=day, slot=slot, name=str(user), phone=phone)


@pytest.mark.django_db
@pytest.mark.usefixtures("morning")
class TestBooking:
    def test_a_working_day_offers_slots_in_both_sessions(self, window):
        slots = services.slots_for(point=window, day=date(2026, 12, 1))
        assert slots[0].start.time() == time(8, 30)
        assert slots[-1].start.time() == time(17, 0)
        assert time(12, 0) not in {s.start.time() for s in slots}

    def test_a_weekend_offers_nothing_and_refuses_bookings(self, window, cast):
        assert services.slots_for(point=window, day=date(2026, 12, 5)) == []
        with pytest.raises(DomainError, match="休息日"):
            book(window, cast.worker, day=date(2026, 12, 5))

    def test_national_day_is_closed_but_an_adjusted_working_weekend_is_open(self, window, cast):
        with time_machine.travel(datetime(2026, 9, 28, 8, 0, tzinfo=SHANGHAI), tick=False):
            assert services.slots_for(point=window, day=date(2026, 10, 1)) == []
            with pytest.raises(DomainError, match="休息日"):
                book(window, cast.worker, day=date(2026, 10, 1))
            assert services.slots_for(point=window, day=date(2026, 10, 10))  # a Saturday worked in lieu

    def test_a_full_slot_is_refused_and_another_is_offered(self, window, cast):
        book(window, cast.worker)
        book(window, cast.employer, phone="13900139000")
        with pytest.raises(DomainError, match="约满"):
            book(window, cast.outsider, phone="13700137000")
        free = {s.start.time(): s.free for s in services.slots_for(point=window, day=date(2026, 12, 1))}
        assert free[time(9, 0)] == 0 and free[time(9, 30)] == 2

    def test_one_person_cannot_hold_two_bookings_on_one_day(self, window, cast):
        book(window, cast.worker)
        with pytest.raises(DomainError, match="已有预约"):
            book(window, cast.worker, slot=time(10, 0))

    def test_a_past_slot_or_odd_time_is_refused(self, window, cast):
        with pytest.raises(DomainError):
            book(window, cast.worker, slot=time(9, 10))
        with pytest.raises(DomainError):
            book(window, cast.worker, day=date(2026, 11, 30))

    def test_rescheduling_to_a_full_slot_keeps_the_old_booking(self, window, cast):
        ours = book(window, cast.worker)
        book(window, cast.employer, slot=time(10, 0), phone="13900139000")
        book(window, cast.outsider, slot=time(10, 0), phone="13700137000")
        with pytest.raises(DomainError):
            services.reschedule_booking(
                booking=ours, user=cast.worker, day=date(2026, 12, 1), slot=time(10, 0)
            )
        ours.refresh_from_db()
        assert ours.state == BookingState.BOOKED

    def test_rescheduling_moves_the_booking(self, window, cast):
        ours = book(window, cast.worker)
        moved = services.reschedule_booking(
            booking=ours, user=cast.worker, day=date(2026, 12, 2), slot=time(14, 0)
        )
        ours.refresh_from_db()
        assert ours.state == BookingState.CANCELLED and moved.rescheduled_from == ours

    def test_nobody_cancels_someone_elses_booking(self, window, cast):
        ours = book(window, cast.worker)
        with pytest.raises(NotAllowed):
            services.cancel_booking(booking=ours, user=cast.employer)


@pytest.mark.django_db
@pytest.mark.usefixtures("morning")
class TestQueue:
    def test_check_in_only_on_the_day_of_the_booking(self, window, cast):
        later = book(window, cast.worker, day=date(2026, 12, 2))
        with pytest.raises(DomainError, match="当天"):
            services.check_in(number=later.number)

    def test_booked_tickets_are_called_before_walk_ins_and_the_display_follows(self, window, cast):
        walk_in = services.take_ticket(point=window)
        booked = services.check_in(number=book(window, cast.worker).number)
        assert (walk_in.label, booked.label) == ("A001", "A002")
        called = services.call_next(point=window, actor=cast.filing_officer, counter="2号窗口")
        assert called == booked
        view = queue_for(window).as_json()
        assert view["called"] == [{"ticket": "A002", "counter": "2号窗口"}]
        assert [w["ticket"] for w in view["waiting"]] == ["A001"]
        services.finish_ticket(ticket=called, actor=cast.filing_officer)
        called.refresh_from_db()
        assert called.state == TicketState.DONE

    def test_staff_of_another_unit_cannot_call(self, window, cast):
        services.take_ticket(point=window)
        with pytest.raises(NotAllowed):
            services.call_next(point=window, actor=cast.street_mediator, counter="1")

    def test_checking_in_twice_gives_the_same_ticket(self, window, cast):
        number = book(window, cast.worker).number
        assert services.check_in(number=number) == services.check_in(number=number)


@pytest.mark.django_db
@pytest.mark.usefixtures("morning")
class TestPages:
    def test_a_party_books_from_the_page_and_sees_the_booking(self, client, window, cast):
        client.force_login(cast.worker)
        response = client.post(
            f"/appointments/{window.pk}/book/",
            {"day": "2026-12-01", "slot": "09:30", "name": "张三", "phone": "13800138000"},
        )
        assert response.status_code == 302
        assert "09:30" in client.get("/appointments/mine/").content.decode()

    def test_a_full_slot_on_the_page_gets_a_message_not_an_error(self, client, window, cast):
        window.capacity = 0
        window.save()
        client.force_login(cast.worker)
        response = client.post(
            f"/appointments/{window.pk}/book/",
            {"day": "2026-12-01", "slot": "09:30", "name": "张三", "phone": "13800138000"},
        )
        assert response.status_code == 200 and "约满" in response.content.decode()

    def test_the_kiosk_gives_a_walk_in_ticket_without_login(self, client, window):
        body = client.post(f"/appointments/{window.pk}/kiosk/", {"action": "walk_in"}).content.decode()
        assert "A001" in body

    def test_the_display_polls_the_queue_as_json_with_an_etag(self, client, window, cast):
        services.take_ticket(point=window)
        services.call_next(point=window, actor=cast.filing_officer, counter="3号窗口")
        response = client.get(f"/appointments/{window.pk}/queue/")
        assert response.status_code == 200 and response["ETag"]
        assert response.json()["called"][0]["counter"] == "3号窗口"
        page = client.get(f"/appointments/{window.pk}/display/").content.decode()
        assert 'data-etag="{}"'.format(response["ETag"].replace('"', "&quot;")) in page  # what it shows

    def test_an_unchanged_queue_answers_304_after_at_most_one_small_query(
        self, client, window, django_assert_max_num_queries
    ):
        services.take_ticket(point=window)
        etag = client.get(f"/appointments/{window.pk}/queue/")["ETag"]
        forget_queue_version()  # as on another server process: the stamp is read once
        with django_assert_max_num_queries(1):
            response = client.get(f"/appointments/{window.pk}/queue/", headers={"If-None-Match": etag})
        assert response.status_code == 304 and response["ETag"] == etag and response.content == b""
        with django_assert_max_num_queries(0):  # the next display of the room, within the second
            assert (
                client.get(f"/appointments/{window.pk}/queue/", headers={"If-None-Match": etag}).status_code
                == 304
            )

    def test_a_call_changes_the_etag_and_the_display_gets_the_new_queue(
        self, client, window, cast, django_capture_on_commit_callbacks
    ):
        services.take_ticket(point=window)
        etag = client.get(f"/appointments/{window.pk}/queue/")["ETag"]
        with django_capture_on_commit_callbacks(execute=True):
            services.call_next(point=window, actor=cast.filing_officer, counter="2号窗口")
        response = client.get(f"/appointments/{window.pk}/queue/", headers={"If-None-Match": etag})
        assert response.status_code == 200 and response["ETag"] != etag
        assert response.json()["called"] == [{"ticket": "A001", "counter": "2号窗口"}]

    def test_an_unknown_room_is_a_404(self, client):
        assert client.get("/appointments/999999/queue/").status_code == 404

    def test_the_counter_screen_is_for_the_units_staff_only(self, client, window, cast):
        client.force_login(cast.street_mediator)
        assert client.get(f"/appointments/{window.pk}/counter/").status_code == 403
        client.force_login(cast.filing_officer)
        assert client.get(f"/appointments/{window.pk}/counter/").status_code == 200
