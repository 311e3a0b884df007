"""The case page's panel of real-name checks: what was checked for each party, when, by whom,
how it came out, and (for those who handle the case) the window's face check."""

from medarb.cases import policy
from medarb.identity import card_readers, requirements
from medarb.identity.models import CheckMethod, IdentityCheck


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    """Staff see every party's checks (values masked, as they were stored); parties see none here."""
    if not policy.is_staff(request.user):
        return None
    checks = list(
        IdentityCheck.objects.filter(party__case=case)
        .select_related("party", "user", "checked_by", "review", "review__decided_by")
        .order_by("party_id", "checked_at")
    )
    by_party: dict = {}
    for check in checks:
        by_party.setdefault(check.party_id, []).append(check)
    parties = [
        {"party": party, "checks": by_party.get(party.pk, []), "face": can_write and bool(party.id_index)}
        for party in case.parties.all()
        if party.pk in by_party or (can_write and party.id_index and not party.is_organisation)
    ]
    labels = dict(CheckMethod.choices)
    required = [str(labels[m]) for m in requirements.required_methods(case.unit)]
    if not parties and not required:
        return None
    return {
        "parties": parties,
        "required": required,
        "missing": requirements.missing(case) if required else [],
        "reader": card_readers.configured() is not None,
    }
