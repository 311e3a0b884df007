"""The joint-review panel of the case page and the chair's and experts' dashboard entry."""

from medarb.cases import policy
from medarb.cases.models import CaseKind
from medarb.reviews import selectors, services


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    user = request.user
    if case.kind != CaseKind.ARBITRATION or not policy.is_staff(user):
        return None  # parties never learn that a review exists
    reviews = selectors.reviews_of_case(user=user, case=case)
    can_request = not case.closed_on and services.may_request(user, case)
    if not reviews and not can_request:
        return None
    return {"case": case, "reviews": reviews, "can_request": can_request}


def dashboard_panel_context(*, request) -> dict | None:
    user = request.user
    if not policy.is_staff(user):
        return None
    approvals = list(selectors.awaiting_approval(user)[:20])
    opinions = list(selectors.awaiting_opinion(user)[:20])
    signatures = list(selectors.awaiting_signature(user)[:20])
    if not approvals and not opinions and not signatures:
        return None
    return {"approvals": approvals, "opinions": opinions, "signatures": signatures}
