"""Evidence that came with an online application: its panel on the case page, its folder on the disc."""

from pathlib import PurePosixPath

from medarb.cases import policy
from medarb.portal.models import DraftEvidence
from medarb.recording.disc import DiscItem


def application_evidence_context(*, request, case, can_write: bool) -> dict | None:
    """Staff who read the case, and the applicant who uploaded it, see the evidence filed online."""
    items = list(DraftEvidence.objects.filter(draft__submitted_case=case).select_related("file", "draft"))
    if not items:
        return None
    if not policy.is_staff(request.user) and items[0].draft.user_id != request.user.pk:
        return None
    return {"items": items}


def evidence_on_disc(case, viewer=None) -> list[DiscItem]:
    items = DraftEvidence.objects.filter(draft__submitted_case=case).select_related("file")
    return [
        DiscItem("证据", f"{item.description}{_suffix(item.file.original_name)}", item.file) for item in items
    ]


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix[:8]
