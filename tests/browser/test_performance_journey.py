"""绩效考核 in the browser: the chair opens 绩效考核 from the menu, sees the handlers with
overdue cases flagged, and opens the overdue case of one of them."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.performance.testing import build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def minimum_wage(db):
    from datetime import date
    from decimal import Decimal

    from medarb.orgs.models import RegionalStandard, StandardKind

    return RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.MIN_WAGE_MONTHLY,
        amount=Decimal("2000.00"),
        effective_from=date(2025, 1, 1),
    )


@pytest.fixture
def district(cast, minimum_wage, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DOCUMENTS_PKI_DIR = tmp_path / "pki"
    settings.DOCUMENTS_DEMO_PKI = True
    return build_district(cast)


def test_the_chair_sees_a_flagged_handler_and_opens_their_cases(browser, live_server, cast, district):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _context, page = _new_page(browser, viewport={"width": 1400, "height": 900})
    login_as(page, live_server, cast.chair.username)
    page.get_by_role("link", name="绩效考核").first.click()
    page.fill("#perf-start", "2026-03-01")
    page.fill("#perf-end", "2026-06-30")
    page.get_by_role("button", name="查看").click()
    flagged = page.get_by_test_id("flagged-handler")
    expect(flagged).to_have_count(2)
    lin = flagged.filter(has_text="林仲裁")
    expect(lin).to_contain_text("超期未结 1 件")
    expect(page.get_by_test_id("people-table").locator("tr[data-name=林仲裁]")).to_contain_text("75.0")
    page.screenshot(path=str(SHOTS / "performance-overview.png"), full_page=True)
    lin.get_by_test_id("flagged-cases").click()
    expect(page.get_by_test_id("performance-filter")).to_contain_text("承办人员：林仲裁")
    rows = page.get_by_test_id("case-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(district.e.number)
    page.screenshot(path=str(SHOTS / "performance-drill-down.png"), full_page=True)
