"""文书检索 and 裁决公开 in the browser: an arbitrator searches, opens an award and goes on to a
similar case; the chair chooses an award, reads the anonymised text and publishes it, and a
visitor without an account reads it with the worker's name masked."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.publication.testing import case_with_award

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_search_open_an_award_similar_cases_and_publication(browser, live_server, cast):
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = case_with_award(
        actor=cast.filing_officer,
        unit=cast.district,
        cause="wages.overtime",
        claims=[("支付延时加班费", True), ("支付休息日加班费", False)],
        facts="申请人每周工作六天，实行包薪制，被申请人未支付加班费。",
        findings="申请人刘德华（电话13812345678）于2023年入职，双方约定包薪制。",
        reasoning="包薪制下约定的工资不低于最低工资加加班费的，不再另行支付加班费。",
        worker="刘德华",
        signed_off=date(2025, 4, 2),
    )
    second = case_with_award(
        actor=cast.filing_officer,
        unit=cast.district,
        cause="wages.overtime",
        claims=[("支付加班费", True)],
        facts="被申请人以包薪制为由拒绝支付加班费。",
        worker="陈小明",
        signed_off=date(2024, 9, 9),
    )
    case_with_award(
        actor=cast.other_arbitrator, unit=cast.other_district, facts="包薪制 加班费", worker="赵六"
    )

    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, cast.arbitrator.username)
    page.get_by_role("link", name="文书检索").click()
    page.fill("#records-q", "包薪制 加班费")
    page.get_by_role("button", name="检索").click()
    results = page.get_by_test_id("records-results")
    expect(results.locator("mark").first).to_be_visible()
    expect(page.get_by_test_id("records-total")).to_contain_text("共 3 件文书")  # not the other district's
    page.screenshot(path=str(SHOTS / "retrieval-results.png"), full_page=True)
    results.get_by_role("link", name="仲裁裁决书").first.click()
    expect(page.get_by_test_id("record-text")).to_contain_text("裁决如下")
    similar = page.get_by_test_id("similar-cases")
    expect(similar.get_by_role("link").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "retrieval-award.png"), full_page=True)
    similar.get_by_role("link").first.click()
    expect(page.get_by_test_id("record-text")).to_be_visible()

    _context, chair = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(chair, live_server, cast.chair.username)
    chair.get_by_role("link", name="裁决公开").click()
    chair.get_by_role("link", name="审核公开裁决").click()
    award_row = chair.get_by_test_id("publication-candidates").locator("tr", has_text="2025-04-02")
    award_row.get_by_test_id("choose-award").click()
    text = chair.locator("#pub-text")
    expect(text).to_contain_text("刘某")
    assert "刘德华" not in text.input_value() and "13812345678" not in text.input_value()
    chair.fill("#pub-title", "包薪制下加班费的认定")
    chair.screenshot(path=str(SHOTS / "publication-review.png"), full_page=True)
    chair.get_by_test_id("publish").click()
    expect(chair.get_by_test_id("publication-state")).to_have_text("已公开")

    _context, visitor = _new_page(browser, viewport={"width": 420, "height": 860})
    visitor.goto(f"{live_server.url}/library/?q=包薪制")
    visitor.get_by_role("link", name="包薪制下加班费的认定").click()
    published = visitor.get_by_test_id("published-text")
    expect(published).to_contain_text("刘某")
    assert "刘德华" not in published.inner_text()
    visitor.screenshot(path=str(SHOTS / "publication-public.png"), full_page=True)
    assert first.pk != second.pk
