"""The online mediation as people do it, in Chromium with fake cameras: the mediator opens the
meeting and invites both parties; each party opens the link of their SMS on a phone and is in
the room; a replayed link is refused; a caucus with the worker leaves the employer waiting;
ending the meeting ends it on the phones, and the attendance is on the meeting page.

Signalling runs over loopback; media does not (Janus gathers no loopback candidates, so each
page's connection fails and room.js tries again): a page is "in" once Janus said `joined` to
it. tests/test_media.py carries media, in a network namespace."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from medarb.browser_testing import PHONE, launch_chromium, login_as
from medarb.core.sms import ConsoleBackend
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.meetings.models import Connection, Meeting
from medarb.meetings.testing import needs_janus
from medarb.recording import presentation

pytestmark = [needs_janus, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(scope="module")
def media_browser(playwright_session):
    chromium = launch_chromium(playwright_session, *FAKE_MEDIA)
    yield chromium
    chromium.close()


def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, permissions=["camera", "microphone"]
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def wait_joined(page) -> None:
    page.wait_for_function("() => window.medarbMeeting && window.medarbMeeting.joinedMs !== null")


def link_for(number: str, live_server) -> str:
    sms = [m for m in ConsoleBackend.outbox if m["phone"] == number and m["template"] == "SMS_MEETING"][-1]
    return live_server.url + re.sub(r"^https?://[^/]+", "", sms["params"]["link"])


def test_an_online_mediation_from_opening_to_the_end(
    janus_settings, live_server, media_browser, cast, sitting
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    host = media_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    host.set_default_timeout(15_000)
    login_as(host, live_server, cast.arbitrator.username)
    host.goto(live_server.url + reverse("hearings:sitting", args=[sitting.pk]))
    host.click("[data-testid=sitting-video]")
    host.click("[data-testid=open-meeting]")
    expect(host.locator("[data-testid=meeting-state]")).to_have_text("进行中")
    host.click("[data-testid=invite-parties]")
    expect(host.locator(".alert-success")).to_contain_text("2 位当事人")

    worker, employer = phone(media_browser), phone(media_browser)
    worker.goto(link_for("13800138000", live_server))
    employer.goto(link_for("13900139000", live_server))
    for page in (worker, employer):
        wait_joined(page)
    # The clerk shows a paper in the room: the parties see it above the video, as it happens.
    documents.issue_document(
        case=sitting.case, template_code="acceptance_notice", actor=cast.clerk, sign=False
    )
    item = presentation.case_items(sitting)[0]
    presentation.show(sitting=sitting, actor=cast.clerk, sha256=item.stored.sha256, page=1)
    for page in (worker, employer):
        expect(page.get_by_test_id("meeting-evidence-title")).to_contain_text("受理通知书", timeout=12_000)
        expect(page.get_by_test_id("meeting-evidence").locator("img")).to_be_visible()
    worker.screenshot(path=str(SHOTS / "meeting-worker-phone.png"), full_page=True)

    replay = phone(media_browser)
    replay.goto(link_for("13800138000", live_server))
    expect(replay.locator("[data-testid=refusal]")).to_contain_text("另一台设备")

    host.goto(live_server.url + reverse("meetings:sitting", args=[sitting.pk]))
    host.click("[data-testid=caucus-applicant]")
    expect(worker.locator("[data-testid=go-caucus]")).to_be_visible(timeout=12_000)
    expect(employer.locator("[data-testid=waiting]")).to_be_visible(timeout=12_000)
    worker.click("[data-testid=go-caucus]")
    caucus = Meeting.objects.get(parent__isnull=False)
    expect(worker.locator("#meeting-room")).to_have_attribute("data-room", str(caucus.room))
    wait_joined(worker)

    host.click("[data-testid=end-caucus]")
    expect(worker.locator("[data-testid=back-to-main]")).to_be_visible(timeout=12_000)
    worker.click("[data-testid=back-to-main]")
    wait_joined(worker)
    host.reload()
    host.screenshot(path=str(SHOTS / "meeting-host.png"), full_page=True)

    host.click("[data-testid=close-meeting]")
    for page in (worker, employer):
        expect(page.locator("[data-testid=meeting-ended]")).to_be_visible(timeout=12_000)
    expect(host.locator("[data-testid=past-meetings]")).to_be_visible()
    meeting = Meeting.objects.get(parent__isnull=True)
    joined = {a.name: a.first_joined_at is not None for a in meeting.attendees.all()}
    assert joined["张三（申请人）"] and joined["某电子有限公司（被申请人）"]
    assert set(meeting.attendees.values_list("connection", flat=True)) <= {
        Connection.LEFT,
        Connection.INVITED,
    }


def test_remote_guidance_through_the_duty_roster(janus_settings, live_server, media_browser, cast):
    """The district's admin puts the arbitrator on duty today; a street mediator calls the
    district's duty about a case; the arbitrator answers from the dashboard and is in the room;
    the mediator ends the call with the guidance noted."""
    from medarb.cases.models import CaseKind, TimelineEntry
    from medarb.testing import register

    SHOTS.mkdir(parents=True, exist_ok=True)
    case = register(actor=cast.street_mediator, unit=cast.street_a, kind=CaseKind.MEDIATION)
    desk = {"width": 1366, "height": 900}
    admin = media_browser.new_context(locale="zh-CN", viewport=desk).new_page()
    login_as(admin, live_server, cast.unit_admin.username)
    admin.click("nav >> text=值班表")
    today = timezone.localdate()
    admin.get_by_label(f"{cast.arbitrator.full_name} {today.month}月{today.day}日").check()
    admin.click("[data-testid=save-duty]")
    expect(admin.locator(".alert-success")).to_contain_text("新增 1 班")
    admin.screenshot(path=str(SHOTS / "duty-roster.png"), full_page=True)

    called = media_browser.new_context(locale="zh-CN", viewport=desk, permissions=["camera", "microphone"])
    arbitrator = called.new_page()
    arbitrator.set_default_timeout(15_000)
    login_as(arbitrator, live_server, cast.arbitrator.username)
    expect(arbitrator.locator("[data-testid=on-duty]")).to_contain_text("值班")

    caller = media_browser.new_context(locale="zh-CN", viewport=desk, permissions=["camera", "microphone"])
    mediator = caller.new_page()
    mediator.set_default_timeout(15_000)
    login_as(mediator, live_server, cast.street_mediator.username)
    mediator.goto(live_server.url + reverse("meetings:call", args=[case.pk]))
    mediator.screenshot(path=str(SHOTS / "guidance-call.png"), full_page=True)
    mediator.click("[data-testid=call-duty]")
    wait_joined(mediator)

    # the dashboard already open rings by itself (it asks every 10 s)
    expect(arbitrator.locator("[data-testid=answer-call]")).to_be_visible(timeout=15_000)
    arbitrator.screenshot(path=str(SHOTS / "guidance-rings.png"), full_page=True)
    arbitrator.click("[data-testid=answer-call]")
    wait_joined(arbitrator)

    mediator.fill("textarea[name=note]", "先核实加班事实，再按实际工资计算。")
    mediator.click("[data-testid=end-call]")
    expect(mediator.locator(".alert-success")).to_be_visible()
    note = TimelineEntry.objects.get(case=case, kind="meeting_closed")
    assert note.is_internal and "加班" in note.detail
