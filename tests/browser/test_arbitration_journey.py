"""One case through the browser: an application at the window, acceptance, tribunal,
service, hearing, award drafted, signed off by the chair, served, closed.

Each person signs in through the real login form and acts only through the buttons of the
case page's procedure panel and the act forms they lead to.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from medarb.browser_testing import login_as
from medarb.cases.models import Case
from medarb.documents import testing as documents_testing
from medarb.orgs.models import RegionalStandard, StandardKind
from medarb.procedure.calendar import add_period

SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The acts issue sealed papers now: keep their files and the demo PKI out of var/.
_session_data_dir = documents_testing._session_data_dir
document_store = documents_testing.document_store


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def _as(username: str):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        login_as(page, live_server, username)
        return page

    yield _as
    for context in contexts:
        context.close()


def act(
    page, live_server, case_id: int, label: str, fill: dict | None = None, select: dict | None = None
) -> None:
    """Click the panel's button for `label`, fill the act's form and submit it."""
    page.goto(f"{live_server.url}/cases/{case_id}/")
    page.locator("[data-testid=workflow-actions] a").filter(
        has_text=re.compile(f"^{re.escape(label)}$")
    ).click()
    page.wait_for_selector("[data-testid=act-form]")
    for name, value in (select or {}).items():
        page.select_option(f"[data-testid=act-form] [name={name}]", label=value)
    for name, value in (fill or {}).items():
        page.fill(f"[data-testid=act-form] [name={name}]", value)
    with page.expect_navigation():
        page.click("[data-testid=act-submit]")
    errors = page.locator("[data-testid=form-errors], .invalid-feedback").all_inner_texts()
    assert f"/cases/{case_id}/" == page.url.removeprefix(live_server.url), f"{label}: {errors}"


def test_from_the_window_application_to_the_award_served(cast, as_user, live_server, tmp_path):
    RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.MIN_WAGE_MONTHLY,
        amount=Decimal("2000"),
        effective_from=date(2020, 1, 1),
    )
    today = timezone.localdate()

    # The filing officer registers the application at the window.
    filing = as_user("filing")
    filing.goto(f"{live_server.url}/cases/register/")
    filing.select_option("[name=kind]", "arbitration")
    filing.fill("[name=received_on]", today.isoformat())
    filing.fill("[name=facts]", "用人单位拖欠2026年工资三个月。")
    filing.fill("[name=party-0-name]", "张三")
    filing.fill("[name=party-1-name]", "某电子有限公司")
    filing.fill("[name=claim-0-description]", "支付拖欠工资")
    filing.fill("[name=claim-0-amount]", "15000")
    with filing.expect_navigation():
        filing.click("form:has([name=facts]) button[type=submit]")
    errors = filing.locator(".alert-danger, div:has(> .invalid-feedback)").all_inner_texts()
    assert "/register/" not in filing.url, errors
    case = Case.objects.get(party_names__contains="张三")
    assert case.status == "application_received"

    act(filing, live_server, case.pk, "受理立案")
    assert "已立案" in filing.locator("[data-testid=workflow-state]").inner_text()
    assert filing.locator("[data-testid=deadlines] [data-rule=award]").count() == 1

    # The clerk composes the tribunal, serves the respondent and schedules the hearing.
    clerk = as_user("clerk")
    act(
        clerk,
        live_server,
        case.pk,
        "组成仲裁庭",
        select={"kind": "独任仲裁", "presiding": "林仲裁", "clerk": "陈书记"},
    )
    assert "林仲裁" in clerk.locator("[data-testid=tribunal]").inner_text()
    act(clerk, live_server, case.pk, "送达申请书副本", select={"method": "直接送达"})
    act(clerk, live_server, case.pk, "进入举证期")
    hearing_day = add_period(today, 7, "working")
    starts = datetime.combine(hearing_day, time(9, 30))
    act(clerk, live_server, case.pk, "安排开庭", fill={"starts_at": starts.strftime("%Y-%m-%dT%H:%M")})
    assert "待开庭" in clerk.locator("[data-testid=workflow-state]").inner_text()

    # On the day of the hearing (sessions from before have long expired: everyone signs in again).
    with time_machine.travel(starts.replace(minute=35, tzinfo=SHANGHAI), tick=True):
        hearing_today = timezone.localdate()
        # The arbitrator holds the hearing and drafts the award.
        arbitrator = as_user("arbitrator")
        act(arbitrator, live_server, case.pk, "开庭")
        act(arbitrator, live_server, case.pk, "庭审终结，进入合议")
        claim = case.claims.get()
        act(
            arbitrator,
            live_server,
            case.pk,
            "报请签发裁决书",
            fill={
                "findings": "申请人主张的欠薪事实清楚。",
                "majority_opinion": "被申请人应支付拖欠工资。",
                f"awarded_{claim.pk}": "15000",
            },
        )
        assert "裁决签发" in arbitrator.locator("[data-testid=workflow-state]").inner_text()

        # The chair reads the draft and its PDF on the sign-off page, then signs it off; the
        # clerk serves it and the case closes.
        chair = as_user("chair")
        chair.goto(f"{live_server.url}/cases/{case.pk}/act/sign_off_award/")
        review = chair.locator("[data-testid=award-review]").inner_text()
        for seen in (
            "申请人主张的欠薪事实清楚",
            "被申请人应支付拖欠工资",
            "支付拖欠工资",
            "15,000.00",
            "终局",
        ):
            assert seen in review, seen
        chair.screenshot(path=str(tmp_path / "sign-off.png"), full_page=True)
        href = chair.locator("[data-testid=award-preview]").get_attribute("href")
        preview = chair.request.get(f"{live_server.url}{href}")
        assert preview.ok and preview.headers["content-type"] == "application/pdf"
        act(chair, live_server, case.pk, "签发裁决书")
        clerk = as_user("clerk")
        act(clerk, live_server, case.pk, "送达裁决书，结案", select={"method": "直接送达"})
        assert "裁决结案" in clerk.locator("[data-testid=workflow-state]").inner_text()
        timeline = clerk.locator("[data-testid=timeline]").inner_text()
    case.refresh_from_db()
    assert (
        case.status == "closed_award"
        and case.closed_on == hearing_today
        and case.close_reason == "award_final"
    )
    for step in ("受理立案", "组成仲裁庭", "安排开庭", "报请签发裁决书", "签发裁决书", "送达裁决书，结案"):
        assert step in timeline
