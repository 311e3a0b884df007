"""Queries on mediation files, sessions, caucus notes, agreements and links."""

from django.db.models import Q, QuerySet

from medarb.cases.models import Case, PartySide
from medarb.mediation.models import (
    Agreement,
    AgreementStatus,
    AgreementTerm,
    CaseLink,
    CaucusNote,
    Material,
    MediationFile,
    Referral,
    ReferralStatus,
    Session,
    SignerRole,
)
from medarb.mediation.scope import Scope
from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships


def is_unit_head(user, unit: Unit) -> bool:
    """The head of a mediation organisation: its chair; a unit without a chair lets its
    mediators decide (the mediator in charge). The mediation declaration's `HEAD_ONLY` guard."""
    roles = {m.role for m in active_memberships(user) if m.unit_id == unit.pk}
    if Role.CHAIR in roles:
        return True
    has_chair = Membership.objects.filter(unit=unit, role=Role.CHAIR, is_active=True).exists()
    return not has_chair and Role.MEDIATOR in roles


def unperformed_terms(case: Case) -> QuerySet[AgreementTerm]:
    """Terms of the case's effective agreement not yet performed (what a breach can name)."""
    return AgreementTerm.objects.filter(
        agreement__case=case, agreement__status=AgreementStatus.EFFECTIVE, performed_on__isnull=True
    ).order_by("due_on", "id")


def mediation_file(case: Case) -> MediationFile | None:
    return MediationFile.objects.filter(case=case).select_related("mediator", "decided_by").first()


def paper_prefill(case: Case) -> dict:
    """What a mediation paper issued by hand starts from (`Procedure.paper_prefill`): the
    mediator, and the session to come (else the last held)."""
    from medarb.hearings.models import SittingKind
    from medarb.hearings.selectors import paper_values, sitting_for_papers

    values = {}
    file = MediationFile.objects.select_related("mediator").filter(case=case).first()
    if file is not None and file.mediator is not None:
        values |= {"mediator": str(file.mediator), "arbitrators": str(file.mediator)}
    sitting = sitting_for_papers(case, kind=SittingKind.MEDIATION_SESSION)
    if sitting is not None:
        values |= paper_values(sitting)
    return values


def sessions_for(case: Case) -> QuerySet[Session]:
    return (
        Session.objects.filter(case=case)
        .select_related("room", "mediator", "recorded_by")
        .prefetch_related("attendees")
        .order_by("seq")
    )


def caucus_notes_for(*, user, case: Case) -> QuerySet[CaucusNote]:
    """Caucus notes are the mediator's own: a user only ever gets the notes they wrote."""
    if not getattr(user, "is_authenticated", False):
        return CaucusNote.objects.none()
    return CaucusNote.objects.filter(case=case, author=user).select_related("session")


def materials_for(*, case: Case, scope: Scope) -> list[Material]:
    materials = Material.objects.filter(case=case).select_related("file", "added_by")
    return [m for m in materials if scope.allows_material(m.pk)]


def current_agreement(case: Case) -> Agreement | None:
    return (
        Agreement.objects.filter(case=case)
        .exclude(status=AgreementStatus.VOID)
        .order_by("-id")
        .prefetch_related("terms", "signatures")
        .first()
    )


def required_signers(agreement: Agreement) -> list[tuple[str, object, str]]:
    """(role, party or None, name) of everyone who must sign: every applicant and
    respondent (not their agents) and a mediator."""
    parties = agreement.case.parties.filter(
        principal__isnull=True, side__in=[PartySide.APPLICANT, PartySide.RESPONDENT]
    )
    needed = [(party.side, party, party.name) for party in parties.order_by("side", "id")]
    needed.append((SignerRole.MEDIATOR, None, "调解员"))
    return needed


def missing_signers(agreement: Agreement) -> list[str]:
    signed = {(s.role, s.party_id) for s in agreement.signatures.all()}
    return [
        name
        for role, party, name in required_signers(agreement)
        if (role, party.pk if party else None) not in signed
    ]


def links_for(case: Case) -> QuerySet[CaseLink]:
    return CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).select_related("from_case", "to_case")


def referrals_for(case: Case) -> QuerySet[Referral]:
    return Referral.objects.filter(case=case).select_related("to_unit", "share", "created_by", "answered_by")


def guidance_requests_for_unit(*, user) -> QuerySet[Referral]:
    """Open guidance requests addressed to the user's units (the district's inbox)."""
    from medarb.orgs.selectors import active_memberships

    unit_ids = [m.unit_id for m in active_memberships(user)]
    return (
        Referral.objects.filter(to_unit_id__in=unit_ids, status=ReferralStatus.OPEN)
        .select_related("case", "from_unit", "created_by")
        .order_by("created_at")
    )
