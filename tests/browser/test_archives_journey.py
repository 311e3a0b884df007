"""Archives in the browser: the clerk binds a closed case's dossier and hands it over; the
archivist accepts it (归档); the worker asks to read the main volume in the portal, the chair
approves, and the worker opens it with their name watermarked on every page."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from medarb.archives.testing import closed_case_with_papers
from medarb.browser_testing import _new_page, login_as, login_party
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _as(browser, live_server, username, path="/"):
    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, username, next_path=path)
    return page


def test_closed_case_to_dossier_to_archives_to_a_watermarked_reading(browser, live_server, cast, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = closed_case_with_papers(cast)

    clerk = _as(browser, live_server, "clerk", f"/cases/{case.pk}/")
    panel = clerk.get_by_test_id("dossier-panel")
    expect(panel.get_by_test_id("dossier-state")).to_have_text("未立卷")
    panel.get_by_test_id("dossier-compile").click()
    panel = clerk.get_by_test_id("dossier-panel")
    expect(panel.get_by_test_id("volume-main")).to_have_attribute("data-state", "ready", timeout=60_000)
    expect(panel.get_by_test_id("volume-internal")).to_have_attribute("data-state", "ready", timeout=60_000)
    expect(panel.get_by_test_id("volume-main")).to_contain_text("5 件文件，8 页")
    href = panel.get_by_test_id("volume-main").get_by_test_id("volume-open").get_attribute("href")
    volume = clerk.request.get(live_server.url + href)
    assert volume.ok and len(PdfReader(io.BytesIO(volume.body())).pages) == 11
    panel.locator("#check-note").fill("文书齐全，页码连续")
    panel.get_by_test_id("dossier-check").click()
    expect(clerk.get_by_test_id("dossier-state")).to_have_text("已检查，待接收")
    clerk.get_by_test_id("dossier-panel").screenshot(path=str(SHOTS / "archives-clerk-panel.png"))

    archivist = _as(browser, live_server, "archivist", "/archives/")
    row = archivist.get_by_test_id("dossier-row").filter(has_text=case.display_number)
    archivist.screenshot(path=str(SHOTS / "archives-desk.png"), full_page=True)
    row.get_by_role("button", name="接收归档").click()
    archivist.get_by_role("link", name="已归档").click()
    expect(archivist.get_by_test_id("dossier-row").filter(has_text=case.display_number)).to_contain_text(
        "仲档"
    )
    archivist.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(archivist.get_by_test_id("dossier-state")).to_have_text("已归档")
    expect(archivist.locator("body")).to_contain_text("已归档")  # the case's own state

    _context, worker = _new_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    login_party(worker, live_server, "13800138000", next_path=f"/portal/my/{case.pk}/")
    form = worker.get_by_test_id("reading-form")
    form.locator("#reading-purpose").fill("准备向人民法院起诉")
    form.get_by_role("button", name="申请查阅").click()
    expect(worker.get_by_test_id("dossier-reading")).to_contain_text("待审批")

    chair = _as(browser, live_server, "chair", "/archives/")
    expect(chair.locator("body")).to_contain_text("准备向人民法院起诉")
    chair.screenshot(path=str(SHOTS / "archives-chair.png"), full_page=True)
    chair.get_by_test_id("reading-approve").click()
    expect(chair.locator("body")).to_contain_text("已审批")

    worker.reload()
    link = worker.get_by_test_id("reading-open")
    expect(link).to_be_visible()
    worker.screenshot(path=str(SHOTS / "archives-worker.png"), full_page=True)
    marked = worker.request.get(live_server.url + link.get_attribute("href"))
    assert marked.ok and marked.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(marked.body())).pages
    assert all("张三 查阅" in page.extract_text() for page in pages)
