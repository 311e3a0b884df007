"""The case page's 裁审衔接 panel: the case at court (filings, periods, outcomes) and its
dossier handed to the court."""

from medarb.archives.models import CompileState
from medarb.cases.models import CaseKind
from medarb.court import rules, selectors
from medarb.court.models import Route

LINKABLE = (*rules.AWARDS, *rules.AGREEMENTS)


def _joint_mediation(case, *, can_write: bool) -> dict | None:
    """An open mediation case: the court mediators who mediate beside the commission's own."""
    from medarb.cases.models import CaseShare, ShareReason

    joined = [
        s.user
        for s in CaseShare.objects.active()
        .filter(case=case, reason=ShareReason.COURT_LINKAGE, user__isnull=False)
        .select_related("user")
    ]
    candidates = [m for m in selectors.court_mediators(case) if m not in joined] if can_write else []
    if not (joined or candidates):
        return None
    return {"case": case, "joint_mediation": True, "joined": joined, "candidates": candidates}


def case_context(*, request, case, can_write: bool) -> dict | None:
    if case.kind == CaseKind.MEDIATION and case.closed_on is None:
        return _joint_mediation(case, can_write=can_write)
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
        "joint_mediation": False,
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
