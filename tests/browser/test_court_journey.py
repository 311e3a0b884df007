"""Arbitration–court linkage in the browser: the clerk binds an awarded case's dossier and
hands it to the court; the court's liaison finds it on 裁审衔接, acknowledges the package by
its hash, records the worker's suit and then the judgment that changed the award; the chair's
overview shows the reversal rate move from nothing to 100 %."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.court.testing import awarded_case
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _as(browser, live_server, username, path="/"):
    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, username, next_path=path)
    return page


def test_award_to_the_court_to_its_judgment_to_the_reversal_rate(
    browser, live_server, cast, settings, tmp_path
):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = awarded_case(cast)

    chair = _as(browser, live_server, "chair", "/court/")
    expect(chair.get_by_test_id("reversal-rate")).to_have_text("—")

    clerk = _as(browser, live_server, "clerk", f"/cases/{case.pk}/")
    clerk.get_by_test_id("dossier-compile").click()
    expect(clerk.get_by_test_id("volume-main")).to_have_attribute("data-state", "ready", timeout=60_000)
    clerk.reload()
    court = clerk.get_by_test_id("court-panel")
    court.get_by_test_id("transfer").click()
    expect(clerk.get_by_test_id("court-transfer")).to_contain_text("待法院签收")

    liaison = _as(browser, live_server, "court", "/court/")
    liaison.get_by_test_id("shared-cases").get_by_role("link", name=case.display_number).click()
    panel = liaison.get_by_test_id("court-panel")
    package = liaison.request.get(
        live_server.url + panel.get_by_role("link", name="卷宗包").get_attribute("href")
    )
    assert package.ok
    panel.locator("input[name=sha256]").fill(hashlib.sha256(package.body()).hexdigest())
    panel.get_by_test_id("acknowledge").click()
    expect(liaison.get_by_test_id("transfer-received")).to_contain_text("朱法官")

    panel = liaison.get_by_test_id("court-panel")
    panel.locator("summary", has_text="登记法院立案").click()
    form = panel.get_by_test_id("filing-form")
    form.locator("#court-route").select_option("suit")
    form.locator("#court-party").select_option(label="张三（申请人）")
    form.locator("#court-number").fill("（2026）鹭民初8号")
    form.locator("#court-filed").fill("2026-04-10")
    form.get_by_test_id("record-filing").click()
    filing = liaison.get_by_test_id("court-filing")
    expect(filing).to_contain_text("审理中")
    expect(filing.get_by_test_id("filing-late")).to_have_count(0)

    judgment = tmp_path / "判决书.pdf"
    judgment.write_bytes(write_pdf("<h1>民事判决书</h1><p>改判被申请人支付加班费。</p>"))
    filing.locator("summary", has_text="登记裁判结果").click()
    outcome = filing.get_by_test_id("outcome-form")
    outcome.locator("select[name=outcome]").select_option("changed")
    outcome.locator("input[name=decided_on]").fill("2026-06-01")
    outcome.locator("input[name=judgment]").set_input_files(str(judgment))
    outcome.get_by_test_id("record-outcome").click()
    expect(liaison.get_by_test_id("court-filing")).to_have_attribute("data-outcome", "changed")
    liaison.get_by_test_id("court-panel").screenshot(path=str(SHOTS / "court-panel.png"))

    chair.reload()
    expect(chair.get_by_test_id("challenged")).to_have_text("1")
    expect(chair.get_by_test_id("reversal-rate")).to_have_text("100%")
    chair.screenshot(path=str(SHOTS / "court-overview.png"), full_page=True)
