"""The case page's panel of evidence that came with an online application."""

from medarb.cases import policy
from medarb.portal.models import DraftEvidence


def application_evidence_context(*, request, case, can_write: bool) -> dict | None:
    """Staff who read the case, and the applicant who uploaded it, see the evidence filed online."""
    items = list(DraftEvidence.objects.filter(draft__submitted_case=case).select_related("file", "draft"))
    if not items:
        return None
    if not policy.is_staff(request.user) and items[0].draft.user_id != request.user.pk:
        return None
    return {"items": items}
