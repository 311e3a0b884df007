"""Handover of a failed or lapsed mediation to arbitration (Law Art. 14)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases.models import Case, CaseKind
from medarb.cases.services import record_act
from medarb.core.errors import DomainError
from medarb.mediation import engine
from medarb.mediation.models import (
    CaseLink,
    LinkKind,
    Outcome,
)
from medarb.mediation.selectors import current_agreement
from medarb.mediation.services.common import locked_file, recount, require_write
from medarb.mediation.services.referral import copy_case, mediation_ancestor
from medarb.orgs.models import Unit, UnitKind


def commission_for(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.COMMISSION:
        return unit
    return mediation_ancestor(unit, kinds=(UnitKind.COMMISSION,))


@transaction.atomic
def hand_over_to_arbitration(*, case: Case, actor, on: date, request=None, breach: bool = False) -> Case:
    """Turn a failed (or unperformed) mediation into an arbitration application at the
    district commission, carrying parties, claims and evidence, linked both ways (Law 14, 15)."""
    require_write(actor, case)
    commission = commission_for(case.unit)
    if commission is None:
        raise DomainError(_("找不到本调解组织所属的仲裁院。"))
    transition = "breach" if breach else "hand_over"
    # Checked first so that an out-of-order handover creates nothing.
    engine.check(case=case, transition=transition, actor=actor)
    arbitration = copy_case(
        source=case, unit=commission, kind=CaseKind.ARBITRATION, actor=actor, received_on=on
    )
    evidence = [
        {"title": m.title, "kind": m.kind, "sha256": m.file.sha256, "file_id": m.file_id}
        for m in case.mediation_materials.select_related("file")
    ]
    agreement = current_agreement(case)
    if agreement is not None and agreement.pdf_id:
        evidence.append(
            {
                "title": "调解协议书",
                "kind": "agreement",
                "sha256": agreement.pdf.sha256,
                "file_id": agreement.pdf_id,
            }
        )
    link = CaseLink.objects.create(
        from_case=case,
        to_case=arbitration,
        kind=LinkKind.BREACH if breach else LinkKind.HANDOVER,
        created_by=actor,
        data={"evidence": evidence},
    )
    record_act(
        case=arbitration,
        actor=actor,
        kind="registered",
        title=gettext_lazy("调解转仲裁：来自 %(u)s 调解案件 %(n)s"),
        params={"u": case.unit.name, "n": case.display_number},
        detail="；".join(e["title"] for e in evidence),
        article="《劳动争议调解仲裁法》第十五条" if breach else "《劳动争议调解仲裁法》第十四条",
        action=AuditAction.CREATE,
        summary=f"handover from mediation case {case.pk}",
        audit_data={"evidence": evidence},
        request=request,
        link_id=link.pk,
        evidence=evidence,
    )
    mfile = locked_file(case)
    if mfile.outcome == Outcome.PENDING:  # the limit ran out without an agreement (Law Art. 14)
        mfile.outcome = Outcome.FAILED
        mfile.outcome_on = on
        mfile.outcome_reason = _("调解期限内未达成协议，转仲裁。")
        mfile.duration_days = max((on - mfile.registered_on).days, 0)
    mfile.handed_over = True
    mfile.save(update_fields=["outcome", "outcome_on", "outcome_reason", "duration_days", "handed_over"])
    recount(mfile)
    engine.fire(
        case=case,
        transition=transition,
        actor=actor,
        on=on,
        note=_("已转 %(u)s，仲裁收件 %(n)s") % {"u": commission.name, "n": arbitration.display_number},
        request=request,
    )
    return arbitration
