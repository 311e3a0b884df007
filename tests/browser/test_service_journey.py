"""Journey: a clerk issues a hearing notice and serves it; the worker opens it from the
e-mail (read from a real local SMTP server) with the one-time code; the proof of service
appears on the case page."""

import re

import pytest

from medarb.browser_testing import login_as
from medarb.delivery.services import confirm_service_address
from medarb.documents import testing as documents_testing
from medarb.documents.testing import numbered_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The documents fixtures: isolated file store and PKI, and a real local SMTP server.
_session_data_dir = documents_testing._session_data_dir
document_store = documents_testing.document_store
smtp_server = documents_testing.smtp_server

LINK = re.compile(r"(/delivery/s/[^/\s]+/\?c=email)")
CODE = re.compile(r"验证码\s*(\d{6})")


def test_clerk_serves_a_hearing_notice_that_the_worker_opens_from_the_email(
    page, browser, live_server, cast, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    case = numbered_case(cast)
    worker = case.parties.get(name="张三")
    confirm_service_address(
        party=worker, actor=cast.clerk, consent_electronic=True, email="zhangsan@example.com"
    )

    login_as(page, live_server, "clerk", next_path=f"/cases/{case.pk}/")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    issue = page.locator("[data-testid=issue-form]")
    issue.locator("select[name=paper]").select_option("hearing_notice")
    issue.locator("button[type=submit]").click()
    # The paper's own form: a date-and-time picker and the room, labelled in Chinese.
    form = page.locator("[data-testid=paper-form]")
    form.get_by_label("开庭时间").fill("2026-12-10T09:30")
    form.get_by_label("开庭地点").fill("第一仲裁庭")
    # The draft opens in another tab and leaves this form usable.
    with page.expect_popup() as preview:
        form.get_by_role("button", name="预览样稿（PDF）").click()
    preview.value.close()
    assert form.get_by_role("button", name="签章出具").is_enabled()
    form.get_by_role("button", name="签章出具").click()
    page.wait_for_selector("[data-testid=document-row]")
    row = page.locator("[data-testid=document-row]", has_text="开庭通知书")
    serve = row.locator("[data-testid=serve-form]")
    serve.locator("input[name=party]").nth(1).uncheck()  # the employer gave no address yet
    serve.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=service-status]")
    assert "已发送，待签收" in page.locator("[data-testid=document-row]", has_text="开庭通知书").inner_text()

    assert len(smtp_server.messages) == 1
    body = smtp_server.bodies()[0]
    link, code = LINK.search(body).group(1), CODE.search(body).group(1)

    party_context = browser.new_context(locale="zh-CN")
    party = party_context.new_page()
    party.goto(f"{live_server.url}{link}")
    assert "开庭通知书" in party.locator("[data-testid=served-title]").inner_text()
    party.fill("input[name=code]", code)
    party.locator("form button[type=submit]").click()
    party.wait_for_selector("[data-testid=served-ok]")
    with party.expect_popup() as popup:
        party.click("[data-testid=open-pdf]")
    assert popup.value.url.endswith("/file/")
    party_context.close()

    page.reload()
    row = page.locator("[data-testid=document-row]", has_text="开庭通知书")
    assert "已送达" in row.inner_text()
    proof_link = row.locator("[data-testid=proof-link]")
    assert proof_link.count() == 1
    assert "已送达张三" in page.locator("[data-testid=timeline]").inner_text()
    response = page.request.get(live_server.url + proof_link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
