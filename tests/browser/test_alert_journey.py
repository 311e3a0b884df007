"""Early warning in the browser: a wave of applications against one employer raises an alert;
the chair sees it on the dashboard, names an owner, calls a joint meeting, records and seals
its minutes with a task for the street room; the street mediator finds the alert on their
dashboard (new), sees only that there are cases they may not open, and reports the task
done; the chair closes the alert with its outcome."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.alerts import services
from medarb.alerts.models import Alert, AlertState
from medarb.alerts.testing import collective_rule, wave
from medarb.browser_testing import _new_page, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _as(browser, live_server, username, path="/"):
    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, username, next_path=path)
    return page


def test_alert_to_joint_meeting_to_follow_up_to_closure(browser, live_server, cast, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    today = date.today() - timedelta(days=1)
    collective_rule(actor=cast.chair, unit=cast.district, linked_units=[cast.street_a])
    wave(actor=cast.filing_officer, unit=cast.district, count=12, last_day=today)
    (alert,) = services.run_scan(today=today)

    chair = _as(browser, live_server, "chair")
    panel = chair.get_by_test_id("alerts-panel")
    expect(panel).to_contain_text("12 名劳动者申请")
    panel.get_by_role("link", name=alert.title).click()
    expect(chair.get_by_test_id("alert-cases").locator("tbody tr")).to_have_count(12)
    chair.select_option("#owner", label=str(cast.district_mediator))
    chair.get_by_test_id("assign-owner").click()
    expect(chair.get_by_test_id("alert-owner")).to_contain_text(str(cast.district_mediator))
    chair.fill("#place", "区仲裁院三楼会议室")
    chair.fill("#attendees", "区仲裁院 周主任\n东湖街道 李街道\n区劳动保障监察大队 刘监察")
    chair.get_by_test_id("call-meeting").click()
    expect(chair.get_by_test_id("alert-state")).to_have_text("联动处置中")
    form = chair.get_by_test_id("minutes-form")
    form.locator("textarea[name=minutes]").fill("会议通报了欠薪情况。\n决定由街道约谈企业负责人。")
    form.locator("input[name=task_0]").fill("约谈企业负责人，督促制定工资支付方案")
    form.locator("select[name=unit_0]").select_option(label=cast.street_a.name)
    form.locator("input[name=due_0]").fill((today + timedelta(days=7)).isoformat())
    chair.get_by_test_id("seal-minutes").click()
    expect(chair.get_by_test_id("minutes-pdf")).to_be_visible()
    pdf = chair.request.get(live_server.url + chair.get_by_test_id("minutes-pdf").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    chair.screenshot(path=str(SHOTS / "alert-chair.png"), full_page=True)

    street = _as(browser, live_server, "smediator")
    street_panel = street.get_by_test_id("alerts-panel")
    expect(street_panel.get_by_test_id("alert-unread")).to_be_visible()
    street_panel.get_by_role("link", name=alert.title).click()
    expect(street.get_by_test_id("alert-hidden-cases")).to_contain_text("另有 12 件案件")
    expect(street.get_by_test_id("close-form")).to_have_count(0)
    street.locator("input[name=result]").fill("已约谈，企业承诺月底前支付")
    street.get_by_test_id("follow-up-done").click()
    expect(street.get_by_test_id("follow-ups")).to_contain_text("已约谈")
    street.screenshot(path=str(SHOTS / "alert-street.png"), full_page=True)

    chair.reload()
    chair.fill("#outcome", "企业已支付拖欠工资，劳动者撤回申请")
    chair.get_by_test_id("close-alert").click()
    expect(chair.get_by_test_id("alert-state")).to_have_text("已办结")
    assert Alert.objects.get().state == AlertState.CLOSED
