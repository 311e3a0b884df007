"""数据看板 and 统计报表 in the browser: the statistician opens 数据看板 from the menu, sees the
charts, clicks a figure and gets the list of exactly the cases it counts; the report page's
counts open their lists the same way."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.cases.models import Case
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_from_the_dashboard_to_the_cases_behind_a_figure(browser, live_server, cast):
    SHOTS.mkdir(parents=True, exist_ok=True)
    today = date.today()
    for days in (3, 10, 20):
        register(actor=cast.filing_officer, unit=cast.district, received_on=today - timedelta(days=days))
    street = register(
        actor=cast.street_mediator,
        unit=cast.street_a,
        kind="mediation",
        received_on=today - timedelta(days=5),
    )
    Case.objects.filter(pk=street.pk).update(closed_on=today - timedelta(days=1), close_reason="mediated")

    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, cast.statistician.username)
    page.get_by_role("link", name="数据看板").click()
    page.wait_for_function("() => document.querySelector('[data-chart=ways] canvas') !== null")
    page.screenshot(path=str(SHOTS / "reports-dashboard.png"), full_page=True)
    mediated = page.get_by_test_id("dashboard-ways").get_by_test_id("dashboard-count").first
    expect(mediated).to_have_text("1")
    mediated.click()
    expect(page.get_by_test_id("statistics-filter")).to_contain_text("调解结案")
    expect(page.get_by_test_id("case-table").locator("tbody tr")).to_have_count(1)
    page.go_back()
    page.get_by_test_id("kpis").get_by_test_id("dashboard-count").nth(1).click()  # received
    expect(page.get_by_test_id("case-table").locator("tbody tr")).to_have_count(4)

    page.get_by_role("link", name="统计报表").first.click()
    start = (today - timedelta(days=30)).isoformat()
    page.fill("#report-start", start)
    page.fill("#report-end", today.isoformat())
    page.get_by_role("button", name="统计").click()
    page.screenshot(path=str(SHOTS / "reports-table.png"), full_page=True)
    intake = page.locator('[data-key="intake"] tbody tr').last
    expect(intake.locator("td").nth(1)).to_have_text("4")
    intake.locator("td").nth(1).locator("a").click()
    expect(page.get_by_test_id("case-table").locator("tbody tr")).to_have_count(4)
