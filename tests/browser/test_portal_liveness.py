"""Journey on a phone: the worker's selfie with the liveness check (活体检测) in the online
application. The phone's front camera (Chromium's fake camera playing the man facing, then
turned) opens on a tap; 活体检测 takes the burst while he turns his head and the still with it;
the application is filed and the case's face check has passed liveness."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import PHONE, launch_chromium, login_party
from medarb.cases.models import Case
from medarb.core.sms import ConsoleBackend
from medarb.identity.models import IdentityCheck
from medarb.identity.testing import camera_showing, fake_camera, id_card_png, photo
from tests.browser.test_portal_apply_follow import PHONE as MOBILE
from tests.browser.test_portal_apply_follow import draft_up_to_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def phone_camera(tmp_path_factory, playwright_session):
    video = camera_showing(["obama.jpg", "obama2.jpg"], tmp_path_factory.mktemp("camera"))
    chromium = launch_chromium(playwright_session, *fake_camera(video))
    yield chromium
    chromium.close()


def test_the_worker_takes_a_selfie_turning_the_head_and_the_case_is_filed_with_liveness(
    phone_camera, live_server, cast, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = phone_camera.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
        permissions=["camera"],
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    login_party(page, live_server, MOBILE, next_path="/portal/apply/")
    draft_up_to_submit(cast)
    card = tmp_path / "身份证.png"
    card.write_bytes(id_card_png(face=photo("obama2.jpg")))
    page.goto(f"{live_server.url}/portal/apply/submit/")
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    page.check("input[name=kind][value=arbitration]")
    page.set_input_files("input[name=photo]", str(card))
    page.fill("input[name=sms_code]", ConsoleBackend.outbox[-1]["params"]["code"])

    expect(page.locator("#face-video")).to_be_hidden()  # no camera until asked for
    page.get_by_test_id("open-camera").click()
    expect(page.get_by_test_id("liveness")).to_be_enabled()
    page.wait_for_function("() => document.getElementById('face-video').videoWidth > 0")
    page.get_by_test_id("liveness").click()
    page.wait_for_function("() => document.getElementById('id_frames').files.length === 8")
    page.wait_for_function("() => document.getElementById('id_live').files.length === 1")
    expect(page.locator("#camera-status")).to_contain_text("已采集转头画面")
    page.screenshot(path=str(SHOTS / "portal-liveness.png"), full_page=True)
    page.get_by_test_id("apply-submit-button").click()
    page.wait_for_url("**/portal/apply/done/**")

    case = Case.objects.get()
    check = IdentityCheck.objects.get(party__case=case, method="face")
    assert check.passed and check.detail["liveness"]["passed"], check.detail
    context.close()
