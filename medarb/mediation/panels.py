"""The mediation panel of the case page (registered in MediationConfig.ready()).

It shows only what the viewer's scope allows (see scope.py); caucus notes only to their author.
"""

from medarb.cases.models import Case, CaseKind
from medarb.mediation import forms, selectors
from medarb.mediation.models import AgreementStatus
from medarb.mediation.scope import case_scope


def _can_draft(case, *, can_write: bool) -> bool:
    """The agreement form is this panel's door to the "draft_agreement" act (the procedure
    panel's button for it stays disabled until the form has produced the agreement)."""
    from medarb.mediation.procedure import _has_session

    return can_write and case.status in ("in_session", "agreement_signing") and _has_session(case) is None


def panel_context(*, request, case, can_write: bool) -> dict | None:
    links = list(selectors.links_for(case))
    if links:
        # A linked case above the viewer's reach is named but not linked (it would be a 404).
        others = {link.to_case_id if link.from_case_id == case.pk else link.from_case_id for link in links}
        visible = set(
            Case.objects.visible_to(request.user).filter(pk__in=others).values_list("pk", flat=True)
        )
        for link in links:
            link.other_visible = (
                link.to_case_id if link.from_case_id == case.pk else link.from_case_id
            ) in visible
    if case.kind != CaseKind.MEDIATION:
        # An arbitration case that came from mediation shows where it came from and what it carried.
        return {"links": links, "case": case, "foreign": True} if links else None
    user = request.user
    scope = case_scope(user, case)
    agreement = selectors.current_agreement(case) if scope.allows("agreement") else None
    return {
        "case": case,
        "foreign": False,
        "can_write": can_write,
        "scope": scope,
        "file": selectors.mediation_file(case),
        "sessions": list(selectors.sessions_for(case)) if scope.allows("sessions") else None,
        "caucus": list(selectors.caucus_notes_for(user=user, case=case)),
        "caucus_form": forms.CaucusForm() if can_write else None,
        "materials": selectors.materials_for(case=case, scope=scope),
        "agreement": agreement,
        "agreement_missing": selectors.missing_signers(agreement)
        if agreement and agreement.status == AgreementStatus.SIGNING
        else [],
        "routes": list(case.mediation_routes.all()) if scope.allows("agreement") else [],
        "referrals": list(selectors.referrals_for(case)) if scope.full else [],
        "extensions": list(case.mediation_extensions.all()) if scope.full else [],
        "links": links,
        "can_draft": _can_draft(case, can_write=can_write),
        "performance_form": forms.PerformanceForm(),
    }
