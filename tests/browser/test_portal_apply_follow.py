"""Journey on a phone: the worker submits the application and the page follows the reading of
the ID card photo, which runs as a job; the button says 正在提交… meanwhile, and is usable
again when the worker comes back to the page.

Huey runs jobs immediately in tests; here it queues them, and the test runs the queued job
itself while the page is polling, as a consumer would."""

import time

import pytest
from django.contrib.auth import get_user_model
from huey.contrib.djhuey import HUEY
from playwright.sync_api import expect

from medarb.browser_testing import login_party
from medarb.cases.models import Case
from medarb.core.sms import ConsoleBackend
from medarb.identity.testing import id_card_png
from medarb.portal import application
from medarb.portal.models import ApplicationSubmission, SubmissionState
from medarb.testing import EMPLOYER_USCC, WORKER_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13800138000"


@pytest.fixture
def queued_jobs():
    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def draft_up_to_submit(cast) -> None:
    """The first four steps, saved as the wizard saves them (their pages have their own journey)."""
    user = get_user_model().objects.get(pk=cast.worker.pk)
    draft = application.current_draft(user=user)
    steps = {
        "applicant": {"name": "张三", "id_number": WORKER_ID, "phone": PHONE, "address": "东湖路1号"},
        "employer": {"name": "某电子有限公司", "uscc": EMPLOYER_USCC, "address": "工业园8号"},
        "facts": {
            "street": cast.street_a.pk,
            "started_on": "2024-03-01",
            "ended_on": "2026-08-31",
            "monthly_wage": "6000",
            "facts": "公司拖欠三个月工资。",
        },
        "claims": [{"cause": "wages.unpaid", "description": "支付拖欠工资", "amount": "18000"}],
        "evidence": {"count": 0},
    }
    for step, answers in steps.items():
        application.save_step(draft=draft, step=step, answers=answers)


def fill_submit_step(page, live_server, tmp_path) -> None:
    card = tmp_path / "身份证.png"
    card.write_bytes(id_card_png())
    page.goto(f"{live_server.url}/portal/apply/submit/")
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    page.check("input[name=kind][value=arbitration]")
    page.set_input_files("input[name=photo]", str(card))
    page.fill("input[name=sms_code]", ConsoleBackend.outbox[-1]["params"]["code"])


@pytest.fixture
def slow_submit(monkeypatch):
    """The submit request takes a while on the server (as under load), so the busy button can
    be seen before the next page arrives."""
    from medarb.portal import submission

    started = submission.start_submission

    def slowly(**kwargs):
        time.sleep(1)
        return started(**kwargs)

    monkeypatch.setattr(submission, "start_submission", slowly)


def click_submit_and_see_it_busy(page) -> None:
    """Press the button and read it while the request runs: one evaluate that clicks and
    watches (Playwright's locators would wait for the navigation to end first)."""
    seen = page.evaluate("""() => new Promise((resolve) => {
        const b = document.querySelector("[data-testid=apply-submit-button]");
        const look = () => b.disabled
            ? resolve([b.disabled, b.textContent.trim(), b.getAttribute("aria-busy")])
            : setTimeout(look, 10);
        b.click();
        look();
    })""")
    assert seen == [True, "正在提交…", "true"]
    page.wait_for_url("**/portal/apply/check/**")


def test_the_page_follows_the_reading_of_the_card_to_the_decision_date(
    phone_page, live_server, cast, tmp_path, queued_jobs, slow_submit
):
    page = phone_page
    login_party(page, live_server, PHONE, next_path="/portal/apply/")
    draft_up_to_submit(cast)
    fill_submit_step(page, live_server, tmp_path)

    click_submit_and_see_it_busy(page)

    assert "/portal/apply/check/" in page.url
    status = page.get_by_role("status").filter(has_text="正在识别身份证")
    expect(status).to_be_visible()
    assert ApplicationSubmission.objects.get().state == SubmissionState.QUEUED
    assert Case.objects.count() == 0

    # The page polls; nothing changes until a consumer runs the job.
    with page.expect_response(lambda r: "/portal/apply/check/" in r.url and "seen=waiting" in r.url):
        pass
    expect(status).to_be_visible()
    assert queued_jobs.pending_count() == 1
    queued_jobs.execute(queued_jobs.dequeue())

    page.wait_for_url("**/portal/apply/done/**")
    due = page.locator("[data-testid=decision-due]").inner_text()
    assert len(due) == 10 and due.startswith("20")
    assert Case.objects.get().parties.filter(user=cast.worker).exists()


def test_a_refused_card_is_explained_on_the_page_and_the_button_works_again_after_going_back(
    phone_page, live_server, cast, tmp_path, queued_jobs, slow_submit
):
    page = phone_page
    login_party(page, live_server, PHONE, next_path="/portal/apply/")
    user = get_user_model().objects.get(pk=cast.worker.pk)
    draft_up_to_submit(cast)
    draft = application.current_draft(user=user)
    answers = draft.data["applicant"] | {"name": "李四"}  # the card says 张三
    application.save_step(draft=draft, step="applicant", answers=answers)
    fill_submit_step(page, live_server, tmp_path)

    click_submit_and_see_it_busy(page)
    queued_jobs.execute(queued_jobs.dequeue())

    failure = page.get_by_test_id("apply-failed")
    expect(failure).to_be_visible()
    expect(failure).to_contain_text("姓名")
    expect(failure).to_contain_text("不一致")

    page.go_back()
    button = page.get_by_test_id("apply-submit-button")
    expect(button).to_be_enabled()
    expect(button).to_have_text("提交申请")

    # Headless Chromium loaded the page afresh above (navigation type back_forward); a page
    # restored from the back/forward cache keeps its busy button, and its pageshow (persisted)
    # must free it. Busy it, keep the submit from leaving, then restore as the cache would.
    before, after = page.evaluate("""async () => {
        const b = document.querySelector("[data-testid=apply-submit-button]");
        window.addEventListener("submit", (event) => event.preventDefault());
        b.click();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const before = [b.disabled, b.textContent.trim()];
        window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
        return [before, [b.disabled, b.textContent.trim()]];
    }""")
    assert before == [True, "正在提交…"]
    assert after == [False, "提交申请"]
