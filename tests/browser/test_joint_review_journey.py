# ruff: noqa: F811  (fixtures imported from the arbitration and review tests)
"""A joint review in the browser: the arbitrator requests it, the chair approves and invites a
city expert, both give opinions and votes, the chair closes it, the minutes are issued and
signed from the dashboard; the parties' portal shows nothing of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from medarb.arbitration import services as arbitration
from medarb.arbitration.tests.conftest import minimum_wage, pool  # noqa: F401
from medarb.browser_testing import _new_page, draw_signature, login_as, login_party
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.reviews.models import JointReview, ReviewState
from medarb.reviews.tests.conftest import (
    city_expert,  # noqa: F401
    meeting_time,
)
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, username, path):
    _context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, username, next_path=path)
    page.goto(f"{live_server.url}{path}")
    return page


def _vote(page, opinion, choice):
    page.fill("[data-testid=review-opinion-form] textarea[name=opinion]", opinion)
    for group in page.locator("[data-testid=review-opinion-form] fieldset").all():
        group.locator(f"input[value={choice}]").check()
    page.click("[data-testid=review-opinion-form] button[type=submit]")
    page.wait_for_selector("[data-testid=participant-opinion]")


def test_request_approve_invite_vote_and_minutes(browser, live_server, cast, pool, minimum_wage, city_expert):
    today = timezone.localdate()
    case = arbitration.accept_case(
        case=register(actor=cast.filing_officer, unit=cast.district, received_on=today),
        actor=cast.filing_officer,
        on=today,
    )
    arbitration.compose_tribunal(
        case=case, actor=cast.arbitrator, kind="sole", presiding=cast.arbitrator, clerk=cast.clerk, on=today
    )

    page = _as(browser, live_server, "arbitrator", f"/cases/{case.pk}/")
    page.click("[data-testid=joint-review-panel] a.btn")
    page.select_option("select[name=ground]", "disagreement")
    page.fill("textarea[name=reason]", "仲裁庭对加班费计算基数意见分歧。")
    page.fill("input[name=question_1]", "加班费计算基数如何确定？")
    page.fill("textarea[name=proposal_1]", "按劳动合同约定的月工资计算。")
    page.check("input[name=scope][value=claims]")
    page.click("[data-testid=review-request-form] button[type=submit]")
    page.wait_for_selector("[data-testid=review-state]")
    review = JointReview.objects.get(case=case)
    page.context.close()

    chair = _as(browser, live_server, "chair", "/")
    chair.click(f"[data-testid=joint-review-todo] a[href='/reviews/{review.pk}/']")
    chair.check("input[name=decision][value=approve]")
    meeting = timezone.localtime(meeting_time(days_ahead=1))  # in working hours, whenever this runs
    chair.fill("input[name=meeting_at]", f"{meeting:%Y-%m-%dT%H:%M}")
    chair.fill("input[name=access_until]", f"{meeting + timedelta(days=7):%Y-%m-%dT%H:%M}")
    chair.click("[data-testid=review-decision-form] button[type=submit]")
    chair.wait_for_selector("[data-testid=review-invite-form]")
    chair.select_option("[data-testid=review-invite-form] select[name=user]", str(city_expert.pk))
    chair.click("[data-testid=review-invite-form] button[type=submit]")
    chair.wait_for_selector("text=钱市级")

    expert = _as(browser, live_server, "cityexpert", "/")
    expert.click(f"[data-testid=joint-review-todo] a[href='/reviews/{review.pk}/']")
    _vote(expert, "同意仲裁庭的拟处理意见。", "agree")
    expert.context.close()

    arbitrator = _as(browser, live_server, "arbitrator", f"/reviews/{review.pk}/")
    _vote(arbitrator, "应按约定工资计算。", "agree")
    arbitrator.context.close()

    chair.reload()
    chair.click("[data-testid=review-close-form] button[type=submit]")
    chair.wait_for_selector("[data-testid=minutes-link]")
    assert "多数意见同意" in chair.locator("[data-testid=review-conclusion]").inner_text()
    review.refresh_from_db()
    assert review.state == ReviewState.CLOSED and review.minutes.is_internal
    chair.context.close()

    for user in (city_expert, cast.arbitrator):  # 待签署纪要 on each participant's dashboard
        signer = _as(browser, live_server, user.username, "/")
        signer.click(f"a[href='{reverse('documents:sign', args=[review.minutes_id])}']")
        if signer.locator("[data-testid=signer]").count():  # a handler of the case picks themself
            signer.select_option("[data-testid=signer]", f"staff:{user.pk}")
        draw_signature(signer)
        # signing binds the hand signature into the sealed PDF: seconds of CPU, and the session's
        # first signature also makes its keys
        with signer.expect_navigation(timeout=90_000):
            signer.click("[data-signature-form] button[type=submit]")
        signer.context.close()
    signed = {s.signer_label for s in review.minutes.hand_signatures.all()}
    assert any("钱市级" in label for label in signed) and len(signed) == 2

    case.parties.filter(side="applicant").update(user=cast.worker)
    _context, worker = _new_page(browser, viewport={"width": 390, "height": 844})
    login_party(worker, live_server, "13800138000")
    for path in (reverse("portal:my_cases"), reverse("portal:my_case", args=[case.pk])):
        worker.goto(f"{live_server.url}{path}")
        assert case.display_number in worker.content()
        assert "会审" not in worker.content() and "疑案" not in worker.content()
