"""The case page's panel of real-name checks: what was checked for each party, when, how it came out."""

from medarb.cases import policy
from medarb.identity.models import IdentityCheck


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    """Staff see every party's checks (values masked, as they were stored); parties see none here."""
    if not policy.is_staff(request.user):
        return None
    checks = list(
        IdentityCheck.objects.filter(party__case=case)
        .select_related("party", "user")
        .order_by("party_id", "checked_at")
    )
    if not checks:
        return None  # a window application: the officer saw the originals
    by_party: dict = {}
    for check in checks:
        by_party.setdefault(check.party, []).append(check)
    return {"parties": list(by_party.items())}
