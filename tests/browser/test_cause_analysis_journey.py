"""争议成因分析 in the browser: the statistician opens 成因分析 from the menu, sees the chart
and the tables, and a figure opens the list of exactly the cases it counts."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_from_the_menu_to_the_cases_behind_a_figure(browser, live_server, cast):
    SHOTS.mkdir(parents=True, exist_ok=True)
    today = date.today()
    for days in (3, 10, 40):
        register(actor=cast.filing_officer, unit=cast.district, received_on=today - timedelta(days=days))
    register(
        actor=cast.street_mediator,
        unit=cast.street_a,
        kind="mediation",
        received_on=today - timedelta(days=5),
    )
    register(actor=cast.filing_officer, unit=cast.district, received_on=today - timedelta(days=370))

    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, cast.statistician.username)
    page.get_by_role("link", name="成因分析").click()
    expect(page.get_by_test_id("cause-total")).to_contain_text("收案 4 件，上年同期 1 件")
    page.wait_for_function("() => document.querySelector('[data-chart=causes] canvas') !== null")
    page.screenshot(path=str(SHOTS / "cause-analysis.png"), full_page=True)
    page.get_by_test_id("cause-table").get_by_test_id("cause-count").first.click()
    expect(page.get_by_test_id("unit-filter")).to_contain_text("含下级")
    expect(page.get_by_test_id("case-table").locator("tbody tr")).to_have_count(4)
    page.screenshot(path=str(SHOTS / "cause-drill-down.png"), full_page=True)
