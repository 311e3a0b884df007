"""The case page's 法律援助 panel: the applications of the case and their periods, to those who
handle it and to the station; a handler refers a worker from here."""

from medarb.cases.models import PartyKind
from medarb.legalaid import selectors
from medarb.legalaid.models import Application, Matter


def case_context(*, request, case, can_write: bool) -> dict | None:
    applications = list(
        Application.objects.filter(case=case).select_related("party", "assignee", "station", "refusal_notice")
    )
    officer = any(selectors.is_officer(request.user, a) for a in applications)
    if not (applications or can_write):
        return None
    workers = [p for p in case.parties.all() if p.kind == PartyKind.WORKER and p.principal_id is None]
    if not applications and not workers:
        return None
    return {
        "case": case,
        "applications": applications,
        "may_refer": can_write and bool(workers) and bool(selectors.stations_for(case)),
        "workers": workers,
        "matters": Matter.choices,
        "officer": officer,
    }
