"""Journey on a phone: a worker signs in with phone + SMS code, sees the progress of their case
in My cases, opens the document served on them, and finds it marked as received."""

import pytest

from medarb.browser_testing import login_party
from medarb.cases.services import add_timeline
from medarb.delivery import services as delivery
from medarb.documents import services as documents
from medarb.documents import testing as documents_testing
from medarb.procedure.clocks import start_deadline
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_session_data_dir = documents_testing._session_data_dir
document_store = documents_testing.document_store


def _issue_and_serve(case, clerk):
    notice = documents.issue_document(
        case=case,
        template_code="hearing_notice",
        actor=clerk,
        context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
    )
    delivery.serve_document(document=notice, actor=clerk, parties=[case.parties.get(name="张三")])
    return notice


def test_a_worker_sees_progress_and_opens_a_served_document_in_my_cases(
    phone_page, live_server, cast, settings
):
    settings.SITE_URL = live_server.url
    case = register(actor=cast.filing_officer, unit=cast.district)
    start_deadline(case=case, rule_code="acceptance_decision", start=case.received_on)
    add_timeline(case=case, actor=cast.filing_officer, kind="note", title="材料已收到，正在审查")
    add_timeline(case=case, actor=cast.clerk, kind="note", title="内部讨论记录", internal=True)
    notice = _issue_and_serve(case, cast.clerk)
    page = phone_page

    login_party(page, live_server, "13800138000", next_path="/portal/my/")
    page.goto(f"{live_server.url}/portal/my/")

    card = page.locator("article.my-case")
    assert card.count() == 1
    text = card.inner_text()
    assert case.status_label in text
    assert "受理审查期限" in text
    assert "未查收" in text
    page.locator("summary", has_text="办理进展").click()
    assert "出具开庭通知书" in card.inner_text()
    assert "内部讨论记录" not in page.content()
    # Nothing runs off the side of a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    card.get_by_role("link", name=notice.title).click()
    page.wait_for_selector("[data-testid=served-ok]")

    page.goto(f"{live_server.url}/portal/my/{case.pk}/")
    documents_section = page.locator("section[aria-labelledby=h-documents]").inner_text()
    assert notice.title in documents_section and "送达时间" in documents_section
    assert "材料已收到，正在审查" in page.locator("section[aria-labelledby=h-timeline]").inner_text()
