"""The case page's 卷宗归档 panel, the dashboard's archives panel, and the guard that leaves
"归档" to the archivist's acceptance."""

from django.utils.translation import gettext_lazy as _

from medarb.archives import retention, selectors
from medarb.archives.models import CompileState, Dossier, DossierState
from medarb.cases import policy
from medarb.documents.models import Volume


def case_context(*, request, case, can_write: bool) -> dict | None:
    dossier = Dossier.objects.filter(case=case).select_related("checked_by", "accepted_by").first()
    if case.closed_on is None and dossier is None:
        return None
    user = request.user
    archivist = selectors.is_archivist(user, case)
    if not (can_write or archivist or policy.can_read_case(user, case)):
        return None
    volumes = selectors.latest_volumes(dossier) if dossier else {}
    internal = selectors.may_see_internal(user, case)
    shown = [
        volumes[key]
        for key in (Volume.MAIN, Volume.INTERNAL)
        if key in volumes and (internal or key == Volume.MAIN)
    ]
    state = dossier.state if dossier else DossierState.OPEN
    return {
        "case": case,
        "dossier": dossier,
        "state": state,
        "volumes": shown,
        "building": any(v.state in (CompileState.QUEUED, CompileState.BUILDING) for v in volumes.values()),
        "ready": len(volumes) == 2 and all(v.state == CompileState.READY for v in volumes.values()),
        "may_bind": can_write and state == DossierState.OPEN,
        "may_correct": can_write and state == DossierState.ARCHIVED,
        "archivist": archivist and state == DossierState.CHECKED,
        "period": retention.period_of(case),
        "corrections": list(dossier.corrections.all()[:5]) if dossier else [],
    }


def dashboard_context(*, request) -> dict | None:
    user = request.user
    waiting = list(selectors.to_accept(user)[:8])
    lapsed = selectors.lapsed(user).count()
    readings = list(selectors.readings_to_decide(user)[:8])
    corrections = list(selectors.corrections_to_decide(user)[:8])
    if not (waiting or lapsed or readings or corrections):
        return None
    return {"waiting": waiting, "lapsed": lapsed, "readings": readings, "corrections": corrections}


def archive_guard(case, actor=None) -> str | None:
    if Dossier.objects.filter(case=case, state=DossierState.ARCHIVED).exists():
        return None
    return _("卷宗须经书记员检查移交、档案管理员接收后归档（归档时自动办理）。")
