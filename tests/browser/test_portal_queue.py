"""Journeys on a phone: a worker books a slot at the filing window by tapping it; on the day
they check in remotely for a queue ticket; the filing officer calls it at the counter (a second
browser), and the waiting-room display — open all along — shows the call by polling the queue
(ETag, 304 while unchanged), without reloading."""

import time
from datetime import datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medarb.appointments import services as appointments
from medarb.appointments.models import Booking, PointKind, ServicePoint, Ticket
from medarb.browser_testing import DESKTOP, login_as, login_party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 23 November 2026, 08:00 in Shanghai: a working day with the whole day's slots ahead.
MONDAY_MORNING = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def point(cast):
    return ServicePoint.objects.create(unit=cast.district, name="立案窗口", kind=PointKind.FILING_WINDOW)


def test_a_worker_books_a_slot_by_tapping_it(phone_page, live_server, cast, point):
    with time_machine.travel(MONDAY_MORNING, tick=True):
        page = phone_page
        login_party(page, live_server, "13800138000", next_path=f"/appointments/{point.pk}/book/")
        page.goto(f"{live_server.url}/appointments/{point.pk}/book/")
        page.locator("label.slot:not(.disabled)").first.click()
        with page.expect_navigation():
            page.locator("[data-testid=booking-form] button[type=submit]").click()

        assert "预约成功" in page.locator("main").inner_text()
        assert Booking.objects.filter(point=point, user=cast.worker).exists()


def test_a_booked_ticket_is_called_at_the_counter_and_shown_live_on_the_display(
    browser, phone_page, live_server, cast, point
):
    with time_machine.travel(MONDAY_MORNING, tick=True):
        appointments.book(
            point=point,
            user=cast.worker,
            day=MONDAY_MORNING.date(),
            slot=clock_time(8, 30),
            name="张三",
            phone="13800138000",
        )
        display_context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
        staff_context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
        try:
            display = display_context.new_page()
            display.goto(f"{live_server.url}/appointments/{point.pk}/display/")
            display.wait_for_selector(".queue-display[data-version]", state="attached")
            display.evaluate("window.__notReloaded = true")

            page = phone_page
            login_party(page, live_server, "13800138000", next_path="/appointments/mine/")
            page.goto(f"{live_server.url}/appointments/mine/")
            with page.expect_navigation():
                page.get_by_role("button", name="在线签到取号").click()
            ticket = Ticket.objects.get(point=point)
            assert ticket.label in page.locator("main").inner_text()
            display.locator("[data-role=waiting]").get_by_text(ticket.label).wait_for()

            staff = staff_context.new_page()
            login_as(staff, live_server, "filing", next_path=f"/appointments/{point.pk}/counter/")
            staff.goto(f"{live_server.url}/appointments/{point.pk}/counter/")
            with staff.expect_navigation():
                staff.locator("[data-testid=call-next]").click()

            display.locator("[data-role=called]").get_by_text(ticket.label).wait_for()
            assert display.evaluate("window.__notReloaded === true")  # the same page, updated in place
        finally:
            display_context.close()
            staff_context.close()
            # The event stream notices the closed page at its next write (once a second); let
            # it end while the test database still exists.
            time.sleep(2.5)
