# ruff: noqa: F811  (the rooms fixture is imported from the hearings tests)
"""A clerk's journey: open the case, book a hearing, see it on the room's week calendar."""

from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.browser_testing import login_as
from medarb.hearings import timing
from medarb.hearings.tests.conftest import new_case, rooms  # noqa: F401  (the rooms fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_working_day_far_enough_ahead():
    """The first working day after the hearing notice period, counted from the real today
    (the browser's session cookie lives in real time, so time is not frozen here)."""
    day = timezone.localdate() + timedelta(days=10)
    while not timing.is_working_day(day) or timezone.localdate() > timing.latest_notice_date(day):
        day += timedelta(days=1)
    return day


def test_an_arbitrator_books_a_hearing_from_the_case_page_and_finds_it_on_the_week_calendar(
    page, live_server, cast, rooms
):
    case = new_case(actor=cast.filing_officer, unit=cast.district, n=1)
    day = a_working_day_far_enough_ahead()
    login_as(page, live_server, "arbitrator", next_path=f"/cases/{case.pk}/")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("[data-testid=schedule-sitting]")
    page.select_option("select[name=kind]", "hearing")
    page.select_option("select[name=room]", str(rooms.court.pk))
    page.fill("input[name=day]", f"{day:%Y-%m-%d}")
    page.fill("input[name=start]", "09:30")
    page.fill("input[name=end]", "11:30")
    page.select_option("select[name=members]", [str(cast.arbitrator.pk)])
    page.select_option("select[name=clerk]", str(cast.clerk.pk))
    page.click("[data-testid=schedule-form] button[type=submit]")
    page.wait_for_url(f"**/cases/{case.pk}/")
    panel = page.locator("[data-testid=hearings-panel]")
    assert f"{day:%Y-%m-%d} 09:30–11:30" in panel.inner_text()

    # From the sitting page to the room's week, then a week forward and back with htmx.
    panel.get_by_role("link", name="开庭", exact=True).click()
    page.get_by_role("link", name=str(rooms.court)).click()
    calendar = page.locator("[data-testid=calendar]")
    entry = calendar.locator("[data-testid=cal-entry]")
    assert entry.count() == 1
    assert case.number in entry.inner_text() and "09:30–11:30" in entry.inner_text()
    page.evaluate("window.stillTheSamePage = true")
    page.click("[data-testid=cal-next]")
    page.wait_for_selector("[data-testid=cal-empty]")
    assert calendar.locator("[data-testid=cal-entry]").count() == 0
    assert page.evaluate("window.stillTheSamePage") is True  # swapped by htmx, not reloaded
    assert f"?d={day + timedelta(days=7 - day.weekday()):%Y-%m-%d}" in page.url  # pushed to history
    page.click("[data-testid=cal-prev]")
    page.wait_for_selector("[data-testid=cal-entry]")
    assert case.number in page.locator("[data-testid=cal-entry]").inner_text()


def test_the_week_calendar_reads_as_a_list_on_a_phone(phone_page, live_server, cast, rooms):
    from medarb.hearings import services
    from medarb.hearings.models import SittingKind

    case = new_case(actor=cast.filing_officer, unit=cast.district, n=2)
    day = a_working_day_far_enough_ahead()
    services.schedule_sitting(
        case=case,
        actor=cast.arbitrator,
        kind=SittingKind.HEARING,
        room=rooms.court,
        starts_at=timing.at(day, timing.working_hours().start),
        ends_at=timing.at(day, timing.working_hours().end),
        members=[cast.arbitrator],
    )
    login_as(phone_page, live_server, "arbitrator")
    phone_page.goto(f"{live_server.url}/hearings/rooms/{rooms.court.pk}/week/?d={day:%Y-%m-%d}")
    entry = phone_page.locator("[data-testid=cal-entry]")
    assert entry.is_visible() and case.number in entry.inner_text()
    box = entry.bounding_box()
    assert box["width"] > 300  # a full-width card, not a 1/7 column
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
