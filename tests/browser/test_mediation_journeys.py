"""Mediation through the browser: an oral registration at a street room to a signed and
sealed agreement PDF; a failed mediation handed to arbitration; a mediator completing a
course and downloading the certificate. People act only through the pages' buttons and forms.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from medarb.browser_testing import draw_signature, login_as
from medarb.cases.models import Case
from medarb.mediation import training
from medarb.mediation.tests.helpers import in_session, next_working_morning, room_for
from medarb.testing import EMPLOYER_USCC, WORKER_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


def test_an_oral_registration_at_a_street_room_ends_in_a_signed_agreement_pdf(
    page, live_server, cast, request
):
    room_for(cast.street_a, name="东湖调解室")
    login_as(page, live_server, "smediator")
    page.goto(f"{live_server.url}/mediation/register/")
    page.fill("#id_facts", "公司拖欠8月至10月工资。")
    page.fill("#id_oral_statement", "申请人张三口述：某电子有限公司拖欠工资三个月，共8000元。")
    page.fill("#id_oral_place", "东湖街道调解室")
    page.check("#id_oral_confirmed")
    page.fill("#id_party-0-name", "张三")
    page.fill("#id_party-0-id_number", WORKER_ID)
    page.fill("#id_party-0-phone", "13800138000")
    page.fill("#id_party-1-name", "某电子有限公司")
    page.fill("#id_party-1-uscc", EMPLOYER_USCC)
    page.fill("#id_claim-0-description", "支付拖欠工资")
    page.fill("#id_claim-0-amount", "8000")
    submit(page, "[data-testid=mediation-register-form]")
    assert "/cases/" in page.url, page.locator("div:has(> .invalid-feedback)").all_inner_texts()
    assert page.locator("[data-testid=case-status]").inner_text() == "登记待受理"
    assert "申请人张三口述" in page.locator("[data-testid=mediation-panel]").inner_text()

    click_and_wait(page, "[data-testid=workflow-actions] [data-action=accept]")
    submit(page, "[data-testid=act-form]")
    assert page.locator("[data-testid=case-status]").inner_text() == "已受理"

    click_and_wait(page, "[data-testid=workflow-actions] [data-action=open_session]")
    starts_at = next_working_morning()
    page.fill("#id_starts_at", timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_room").select_option(index=1)
    submit(page, "[data-testid=act-form]")
    assert page.locator("[data-testid=case-status]").inner_text() == "调解中"

    # A session is recorded once it has begun: the server's clock moves to that morning.
    clock = time_machine.travel(starts_at + timedelta(minutes=45), tick=True)
    clock.start()
    request.addfinalizer(clock.stop)
    case_page = page.url
    login_as(page, live_server, "smediator")  # a new working day: the mediator signs in again
    page.goto(case_page)

    click_and_wait(page, "[data-testid=record-session-1]")
    for box in page.locator("input[name=attendees]").all():
        box.check()
    page.fill("#id_applicant_position", "要求支付8000元")
    page.fill("#id_respondent_position", "同意支付7000元，分期")
    page.fill("#id_proposals", "一次性支付7000元")
    page.select_option("#id_outcome", "agreement")
    submit(page, "[data-testid=session-record-form]")
    assert "同意支付7000元" in page.locator("[data-testid=mediation-sessions]").inner_text()

    click_and_wait(page, "[data-testid=draft-agreement]")
    page.fill("#id_term-0-description", "支付拖欠工资")
    page.fill("#id_term-0-amount", "7000")
    page.fill("#id_term-0-due_on", (timezone.localdate() + timedelta(days=10)).isoformat())
    submit(page, "[data-testid=agreement-form]")
    assert "/agreement/sign/" in page.url

    # No complaint before anything is submitted; an empty pad is refused in the page, nothing is sent.
    assert not page.locator("[data-signature-empty]").is_visible()
    page.click("[data-signature-form] button[type=submit]")
    assert page.locator("[data-signature-empty]").is_visible()
    for seed in (1, 2, 3):
        draw_signature(page, seed)
        submit(page, "[data-signature-form]")
    assert page.locator("[data-testid=signed-list] li").count() == 3

    click_and_wait(page, "[data-testid=seal-link]")
    submit(page, "[data-testid=act-form]")
    assert page.locator("[data-testid=case-status]").inner_text() == "履行中"
    href = page.locator("[data-testid=agreement-pdf]").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")


def test_a_failed_mediation_is_handed_to_arbitration(page, live_server, cast):
    case, _session = in_session(cast.street_mediator, cast.street_a)
    login_as(page, live_server, "smediator")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    click_and_wait(page, "[data-testid=workflow-actions] [data-action=fail]")
    submit(page, "[data-testid=act-form]")  # no reason: refused with a message, nothing changed
    assert "调解不成的原因" in page.content() and "/act/fail/" in page.url
    page.fill("#id_reason", "双方对金额分歧过大")
    submit(page, "[data-testid=act-form]")
    assert page.locator("[data-testid=case-status]").inner_text() == "调解不成"

    click_and_wait(page, "[data-testid=workflow-actions] [data-action=hand_over]")
    submit(page, "[data-testid=act-form]")
    assert page.locator("[data-testid=case-status]").inner_text() == "已转仲裁"
    arbitration = Case.objects.get(kind="arbitration")
    # The street names the new application; the commission, which owns it, opens it.
    assert arbitration.display_number in page.locator("[data-testid=mediation-links]").inner_text()
    page.context.clear_cookies()
    login_as(page, live_server, "filing")
    page.goto(f"{live_server.url}/cases/{arbitration.pk}/")
    assert page.locator("[data-testid=case-status]").inner_text() == "收件"
    assert case.display_number in page.locator("[data-testid=mediation-links]").inner_text()
    assert "张三" in page.locator("[data-testid=parties]").inner_text()
    assert "支付拖欠工资" in page.locator("[data-testid=claims]").inner_text()


def test_a_mediator_completes_a_course_and_gets_the_certificate(page, live_server, cast):
    course = training.create_course(actor=cast.chair, owner_unit=cast.district, title="劳动争议调解实务")
    training.add_lesson(actor=cast.chair, course=course, title="调解程序", body="受理、调解、协议。")
    training.add_question(
        actor=cast.chair, course=course, text="调解期限是几日？", choices=["5日", "15日"], answer=1
    )
    training.assign_course(actor=cast.chair, course=course, unit=cast.district)
    login_as(page, live_server, "smediator")
    page.goto(f"{live_server.url}/mediation/training/")
    assert "必修" in page.locator("[data-testid=course-list]").inner_text()
    click_and_wait(page, "[data-testid=course-list] a")
    click_and_wait(page, "[data-testid=lesson-list] a")
    assert page.locator("[data-testid=lesson-title]").inner_text() == "调解程序"
    page.go_back()
    page.reload()
    click_and_wait(page, "[data-testid=quiz-link]")
    page.get_by_label("15日").check()
    submit(page, "[data-testid=quiz-form]")
    assert page.locator("[data-testid=course-completed]").is_visible()
    href = page.locator("[data-testid=certificate-link]").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
