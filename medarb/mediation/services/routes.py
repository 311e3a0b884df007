"""What follows an agreement: arbitral review, judicial confirmation, payment order."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases.models import Case
from medarb.cases.services import record_act
from medarb.core.errors import DomainError, ProcedureError
from medarb.mediation import engine
from medarb.mediation.models import (
    AgreementStatus,
    FollowUpRoute,
    RouteKind,
    RouteResult,
)
from medarb.mediation.selectors import current_agreement
from medarb.mediation.services.common import require_write

ROUTE_ARTICLES = {
    RouteKind.ARBITRAL_REVIEW: "《劳动人事争议仲裁办案规则》第七十四条",
    RouteKind.JUDICIAL_CONFIRMATION: "《人民调解法》第三十三条、《民事诉讼法》第二百零五条",
    RouteKind.PAYMENT_ORDER: "《劳动争议调解仲裁法》第十六条",
}


@transaction.atomic
def record_route(
    *, case: Case, actor, kind: str, body: str, filed_on: date, note: str = "", request=None
) -> FollowUpRoute:
    """Record an application for arbitral review (Art. 74–78), judicial confirmation
    (人民调解法 Art. 33) or a payment order (Law Art. 16) on an effective agreement."""
    require_write(actor, case)
    agreement = current_agreement(case)
    if agreement is None or agreement.status != AgreementStatus.EFFECTIVE:
        raise ProcedureError(_("只有已生效的调解协议才能申请审查确认、司法确认或支付令。"))
    if kind not in RouteKind.values:
        raise DomainError(_("请选择途径。"), field="kind")
    if not body.strip():
        raise DomainError(_("请填写受理机关。"), field="body")
    if filed_on < agreement.effective_on:
        raise DomainError(_("申请日期不能早于协议生效日期。"), field="filed_on")
    if kind == RouteKind.ARBITRAL_REVIEW:
        last = engine.period_end("arbitral_review", agreement.effective_on, case)
        if filed_on > last:
            raise DomainError(
                _("仲裁审查须在协议生效之日起%(n)s日内共同申请（截至 %(d)s）。")
                % {"n": engine.period("arbitral_review", case).days, "d": last},
                field="filed_on",
            )
    elif kind == RouteKind.JUDICIAL_CONFIRMATION:
        last = engine.period_end("judicial_confirmation", agreement.effective_on, case)
        if filed_on > last:
            raise DomainError(
                _("司法确认须在协议生效之日起%(n)s日内共同申请（截至 %(d)s）。")
                % {"n": engine.period("judicial_confirmation", case).days, "d": last},
                field="filed_on",
            )
    elif not case.claims.filter(
        Q(cause__startswith="wages.")
        | Q(cause="social_insurance.work_injury")
        | Q(cause__startswith="termination.")
    ).exists():
        raise DomainError(
            _("支付令仅适用于拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金的协议。"), field="kind"
        )
    route = FollowUpRoute.objects.create(
        case=case,
        agreement=agreement,
        kind=kind,
        body=body.strip(),
        filed_on=filed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    record_act(
        case=case,
        actor=actor,
        kind="mediation_route",
        title=gettext_lazy("申请%(k)s：%(b)s"),
        params={"k": RouteKind(route.kind).label, "b": route.body},
        article=ROUTE_ARTICLES[route.kind],
        obj=route,
        action=AuditAction.CREATE,
        summary=f"route {kind}",
        request=request,
    )
    return route


@transaction.atomic
def decide_route(
    *, route: FollowUpRoute, actor, result: str, decided_on: date, reference: str = "", request=None
) -> FollowUpRoute:
    require_write(actor, route.case)
    if result not in (RouteResult.CONFIRMED, RouteResult.REJECTED):
        raise DomainError(_("请选择结果。"), field="result")
    if decided_on < route.filed_on:
        raise DomainError(_("结果日期不能早于申请日期。"), field="decided_on")
    route.result = result
    route.decided_on = decided_on
    route.reference = reference.strip()
    route.save(update_fields=["result", "decided_on", "reference"])
    record_act(
        case=route.case,
        actor=actor,
        kind="mediation_route",
        title=gettext_lazy("%(k)s结果：%(r)s"),
        params={"k": RouteKind(route.kind).label, "r": RouteResult(route.result).label},
        article=ROUTE_ARTICLES[route.kind],
        obj=route,
        summary="route decided",
        request=request,
    )
    return route
