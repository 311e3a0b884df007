"""The face check at the window as a filing officer does it, in Chromium whose camera shows a
real photo (`--use-file-for-fake-video-capture` with a Y4M made from the photo): the officer
opens 人脸比对 from the case page, takes the still, photographs the card's front and compares;
then a check of the wrong person goes to 人脸复核, where the officer looks at both photos and
decides with a reason. With a 华视 reader on the window PC (a local service speaking its
protocol), the card is read instead of photographed and the chip's photo is compared."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from medarb.browser_testing import launch_chromium, login_as
from medarb.identity.models import FaceReview, IdentityCheck, ReviewState
from medarb.identity.testing import (
    ChinaVisionReader,
    camera_showing,
    chinavision_card,
    fake_camera,
    id_card_png,
    photo,
)
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture(scope="module")
def camera_browser(tmp_path_factory, playwright_session):
    video = camera_showing(["obama.jpg", "obama2.jpg"], tmp_path_factory.mktemp("camera"))
    chromium = launch_chromium(playwright_session, *fake_camera(video))
    yield chromium
    chromium.close()


def window_case_page(camera_browser, live_server, cast, settings):
    """A new case, and its page open in the camera browser as the filing officer."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = register(actor=cast.filing_officer, unit=cast.district)
    context = camera_browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, permissions=["camera"]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    login_as(page, live_server, cast.filing_officer.username)
    page.goto(live_server.url + reverse("cases:detail", args=[case.pk]))
    return case, context, page


def test_the_window_compares_a_live_face_with_the_card_and_reviews_a_failure(
    live_server, camera_browser, cast, tmp_path, settings
):
    _case, context, page = window_case_page(camera_browser, live_server, cast, settings)
    page.click("[data-testid=face-check]")
    snap = page.locator("[data-testid=take-photo]")
    expect(snap).to_be_enabled()
    page.wait_for_function("() => document.getElementById('face-video').videoWidth > 0")
    snap.click()
    page.wait_for_function("() => document.getElementById('id_live').files.length === 1")
    page.click("[data-testid=liveness]")  # the party turns their head while 8 frames are taken
    page.wait_for_function("() => document.getElementById('id_frames').files.length === 8")
    card = tmp_path / "card.png"
    card.write_bytes(id_card_png(face=photo("obama2.jpg")))
    page.set_input_files("#id_card", str(card))
    page.screenshot(path=str(SHOTS / "face-window.png"), full_page=True)
    page.click("[data-testid=compare]")
    expect(page.locator(".alert-success")).to_contain_text("人脸比对通过")
    expect(page.locator("[data-testid=identity-panel]")).to_contain_text("阈值 0.50")
    page.locator("[data-testid=identity-panel]").screenshot(path=str(SHOTS / "face-panel.png"))
    first = IdentityCheck.objects.get()
    assert first.passed and first.detail["liveness"]["passed"], first.detail

    # the wrong person at the window: the file input (no camera still) with another man's photo
    page.click("[data-testid=face-check]")
    expect(page.locator("[data-testid=has-reference]")).to_be_visible()
    live = tmp_path / "other.jpg"
    live.write_bytes(photo("biden.jpg"))
    page.set_input_files("#id_live", str(live))
    page.set_input_files("#id_card", str(card))
    page.click("[data-testid=compare]")
    expect(page.locator(".alert-warning")).to_contain_text("人工复核")

    page.click("nav >> text=人脸复核")
    page.click("[data-testid=open-review]")
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(SHOTS / "face-review.png"), full_page=True)
    page.fill("#id_reason", "与身份证照片不符，本人未到场")
    page.click("[data-testid=reject]")
    expect(page.locator(".alert-success")).to_contain_text("复核结果已记录")
    assert FaceReview.objects.get().state == ReviewState.REJECTED
    context.close()


@pytest.fixture
def card_reader(settings):
    reader = ChinaVisionReader()
    settings.MEDARB_CARD_READER = "chinavision"
    settings.MEDARB_CARD_READER_URL = reader.url
    yield reader
    reader.close()


def test_the_window_reads_the_card_on_the_reader_and_compares_with_the_chip_photo(
    live_server, camera_browser, cast, card_reader, settings
):
    case, context, page = window_case_page(camera_browser, live_server, cast, settings)
    page.click("[data-testid=card-reader]")
    status = page.locator("#reader-status")

    page.click("[data-testid=read-card]")  # nothing on the reader yet
    expect(status).to_contain_text("读卡失败：未找到卡")
    card_reader.card = chinavision_card(name="李四")  # somebody else's card
    page.click("[data-testid=read-card]")
    expect(status).to_contain_text("卡内姓名与本案登记的不一致")
    card_reader.card = chinavision_card(face=photo("obama.jpg"))
    page.click("[data-testid=read-card]")
    expect(status).to_contain_text("读卡核验通过")
    expect(page.locator("#chip-photo")).to_be_visible()
    assert page.evaluate("document.getElementById('id_card').files.length") == 1
    assert card_reader.requests[-3:] == ["/OpenDevice", "/readcard", "/CloseDevice"]

    snap = page.locator("[data-testid=take-photo]")
    expect(snap).to_be_enabled()
    page.wait_for_function("() => document.getElementById('face-video').videoWidth > 0")
    snap.click()
    page.wait_for_function("() => document.getElementById('id_live').files.length === 1")
    page.screenshot(path=str(SHOTS / "face-reader.png"), full_page=True)
    page.click("[data-testid=compare]")
    expect(page.locator(".alert-success")).to_contain_text("人脸比对通过")
    panel = page.locator("[data-testid=identity-panel]")
    expect(panel).to_contain_text("与身份证芯片照片")
    expect(panel).to_contain_text("有效期至 2035-06-01")
    panel.screenshot(path=str(SHOTS / "face-reader-panel.png"))
    face = IdentityCheck.objects.get(method="face")
    assert face.passed and face.detail["card_source"] == "chip", face.detail
    readings = IdentityCheck.objects.filter(method="id_card_reader").order_by("checked_at")
    assert [r.passed for r in readings] == [False, True]

    settings.MEDARB_CARD_READER_URL = "http://127.0.0.1:9"  # the reader's service is not running
    page.goto(live_server.url + reverse("identity:face", args=[case.parties.get(is_organisation=False).pk]))
    page.click("[data-testid=read-card]")
    expect(status).to_contain_text("无法连接身份证阅读器")
    context.close()
