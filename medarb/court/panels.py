"""The case page's 裁审衔接 panel: the case at court (filings, periods, outcomes) and its
dossier handed to the court."""

from medarb.archives.models import CompileState
from medarb.court import rules, selectors
from medarb.court.models import Route

LINKABLE = (*rules.AWARDS, *rules.AGREEMENTS)


def case_context(*, request, case, can_write: bool) -> dict | None:
    filings = selectors.filings_of(case)
    if case.closed_on is None or (case.close_reason not in LINKABLE and not filings):
        return None
    user = request.user
    liaison = selectors.court_units(user)
    may_record = can_write or selectors.is_liaison_of(user, case)
    transfers = selectors.transfers_of(case)
    dossier = getattr(case, "dossier", None)
    bound = bool(dossier and dossier.volumes.filter(volume="main", state=CompileState.READY).exists())
    return {
        "case": case,
        "filings": filings,
        "transfers": transfers,
        "may_record": may_record,
        "may_transfer": can_write and bound,
        "needs_binding": can_write and not bound,
        "liaison_courts": liaison,
        "routes": Route.choices,
        "outcomes": rules.OUTCOMES,
        "parties": list(case.parties.filter(principal__isnull=True).order_by("side", "id"))
        if may_record
        else [],
        "courts": selectors.courts_for(case) if may_record else [],
    }
