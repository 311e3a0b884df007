"""Journey on a phone: a worker applies for arbitration online, step by step — who they are,
the employer, what happened, claims, evidence upload — then passes the real-name checks (ID
card photo read by OCR, SMS code) and sees the statutory decision date."""

import pytest

from medarb.browser_testing import login_party
from medarb.cases.models import Case, Channel
from medarb.core.sms import ConsoleBackend
from medarb.identity.testing import id_card_png
from medarb.testing import EMPLOYER_USCC, WORKER_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_applies_for_arbitration_online_end_to_end(phone_page, live_server, cast, tmp_path):
    page = phone_page
    evidence = tmp_path / "工资条.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
    card = tmp_path / "身份证.png"
    card.write_bytes(id_card_png())

    login_party(page, live_server, "13800138000", next_path="/portal/apply/")
    page.goto(f"{live_server.url}/portal/apply/")

    page.wait_for_selector("[data-testid=apply-applicant]")
    page.fill("input[name=name]", "张三")
    page.fill("input[name=id_number]", WORKER_ID)
    page.fill("input[name=phone]", "13800138000")
    page.fill("[name=address]", "东湖路1号")
    page.locator("[data-testid=apply-applicant] button[type=submit]").click()

    page.wait_for_selector("[data-testid=apply-employer]")
    page.fill("input[name=name]", "某电子有限公司")
    page.fill("input[name=uscc]", EMPLOYER_USCC)
    page.fill("[name=address]", "工业园8号")
    page.fill("input[name=legal_representative]", "王老板")
    page.locator("[data-testid=apply-employer] button[type=submit]").click()

    page.wait_for_selector("[data-testid=apply-facts]")
    page.select_option("select[name=street]", str(cast.street_a.pk))
    page.fill("input[name=started_on]", "2024-03-01")
    page.fill("input[name=ended_on]", "2026-08-31")
    page.fill("input[name=monthly_wage]", "6000")
    page.fill("textarea[name=facts]", "公司拖欠三个月工资。")
    page.locator("[data-testid=apply-facts] button[type=submit]").click()

    page.wait_for_selector("[data-testid=apply-claims]")
    page.select_option("select[name=claim-0-cause]", "wages.unpaid")
    page.fill("[name=claim-0-description]", "支付拖欠工资")
    page.fill("input[name=claim-0-amount]", "18000")
    page.locator("[data-testid=apply-claims] button[type=submit]").click()

    page.wait_for_selector("input[type=file][name=file]")
    page.set_input_files("input[name=file]", str(evidence))
    page.fill("[name=description]", "工资条")
    with page.expect_navigation():
        page.get_by_role("button", name="上传").click()
    assert "工资条" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="继续").click()

    page.wait_for_selector("[data-testid=apply-submit]")
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    code = ConsoleBackend.outbox[-1]["params"]["code"]
    page.check("input[name=kind][value=arbitration]")
    page.set_input_files("input[name=photo]", str(card))
    page.fill("input[name=sms_code]", code)
    with page.expect_navigation(timeout=60_000):  # OCR of the card takes about a second
        page.get_by_role("button", name="提交申请").click()

    due = page.locator("[data-testid=decision-due]").inner_text()
    case = Case.objects.get()
    assert case.channel == Channel.ONLINE and case.unit == cast.district
    assert len(due) == 10 and due.startswith("20")
