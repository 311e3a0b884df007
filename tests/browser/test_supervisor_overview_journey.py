"""The demo supervisor (纪检监察组) signs in and finds the district's overview on the dashboard:
open cases by unit and state (sortable, with a chart), overdue clocks and today's sittings."""

import os

import pytest

from medarb.browser_testing import login_as
from medarb.demo import district
from medarb.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    return load_demo()


def _shot(page, name: str) -> None:
    folder = os.environ.get("MEDARB_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_the_demo_supervisor_sees_the_overview_with_figures(page, live_server, demo):
    login_as(page, live_server, "supervisor", district.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")

    overview = page.get_by_test_id("supervision-overview")
    assert int(overview.get_by_test_id("figure-open").inner_text()) > 0
    assert int(overview.get_by_test_id("figure-overdue").inner_text()) > 0
    table = page.get_by_test_id("open-by-unit")
    assert table.locator("tbody tr").count() > 5
    assert page.get_by_test_id("overdue-clocks").locator("tbody tr").count() > 0
    today = page.get_by_test_id("sittings-today")
    assert today.locator("tbody tr").count() > 0
    assert today.get_by_text("数字仲裁庭").count() > 0  # a hearing in one of the district's courts
    # The chart is drawn by the self-hosted ECharts (a canvas inside its box).
    page.locator("[data-chart=open-by-unit] canvas").first.wait_for()

    counts = lambda: [int(t) for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts()]  # noqa: E731
    table.get_by_role("button", name="件数").click()
    assert counts() == sorted(counts())
    table.get_by_role("button", name="件数").click()
    assert counts() == sorted(counts(), reverse=True)
    _shot(page, "supervisor-dashboard")
