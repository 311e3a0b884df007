"""The commission's side of the linkage in the browser: the chair sets up a mobile arbitration
court at an address and records a joint meeting with the court (sealed minutes); the district
mediator invites the court's mediator into a mediation case, who then opens it and mediates."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as
from medarb.cases.models import CaseKind
from medarb.court.testing import awarded_case
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.orgs.models import Role
from medarb.testing import make_staff, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _as(browser, live_server, username, path="/"):
    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, username, next_path=path)
    return page


def test_circuit_court_joint_meeting_and_joint_mediation(browser, live_server, cast, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = awarded_case(cast)
    make_staff("courtmed", "钟调解", cast.court, Role.MEDIATOR)
    mediation = register(actor=cast.district_mediator, unit=cast.district, kind=CaseKind.MEDIATION)

    chair = _as(browser, live_server, "chair", "/court/")
    circuit = chair.get_by_test_id("circuit-form")
    circuit.locator("#c-name").fill("东湖工业园巡回仲裁庭")
    circuit.locator("#c-address").fill("鹭湖区东湖工业园管委会三楼")
    circuit.get_by_test_id("open-circuit").click()
    expect(chair.get_by_test_id("circuit-courts")).to_contain_text("鹭湖区东湖工业园管委会三楼")

    meetings = chair.get_by_test_id("joint-meetings")
    meetings.locator("summary").click()
    form = meetings.get_by_test_id("meeting-form")
    form.locator("#m-held").fill((timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("#m-place").fill("鹭湖区人民法院第三会议室")
    form.locator("#m-attendees").fill("周主任\n朱法官")
    form.locator("#m-topics").fill("加班费举证责任的裁审统一")
    form.locator("#m-minutes").fill("双方就加班费举证责任分配形成一致意见。")
    form.locator("#m-cases").fill(case.display_number)
    form.get_by_test_id("record-meeting").click()
    link = chair.get_by_test_id("meeting-minutes")
    expect(link).to_be_visible()
    pdf = chair.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    chair.screenshot(path=str(SHOTS / "court-linkage-chair.png"), full_page=True)

    mediator = _as(browser, live_server, "dmediator", f"/cases/{mediation.pk}/")
    panel = mediator.get_by_test_id("joint-mediation")
    panel.get_by_test_id("invite-court-mediator").click()
    expect(mediator.get_by_test_id("court-mediator")).to_contain_text("钟调解")

    court_mediator = _as(browser, live_server, "courtmed", f"/cases/{mediation.pk}/")
    expect(court_mediator.locator("h1")).to_contain_text(mediation.display_number)
    court_mediator.screenshot(path=str(SHOTS / "court-mediator-case.png"), full_page=True)
