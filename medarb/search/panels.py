"""The case page's "similar cases" panel (staff only)."""

from medarb.cases import policy
from medarb.cases.panels import Panel, register_panel


def _context(*, request, case, can_write: bool) -> dict | None:
    from medarb.search.retrieval import similar

    if not policy.is_staff(request.user):
        return None
    return {"hits": similar(user=request.user, case=case)}


def register_panels() -> None:
    register_panel(
        Panel(name="similar_cases", template="search/_similar_panel.html", context=_context, order=80)
    )
