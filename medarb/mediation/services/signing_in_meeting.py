"""A party signs the mediation agreement on their own phone during the online mediation,
witnessed by the mediator hosting the meeting (the video is the witnessing)."""

from django.utils.translation import gettext as _

from medarb.cases.models import PartySide
from medarb.core.errors import NotAllowed
from medarb.mediation.models import Agreement, AgreementSignature, AgreementStatus
from medarb.mediation.selectors import current_agreement
from medarb.mediation.services.agreement import sign_agreement
from medarb.meetings.models import Attendee, AttendeeRole, Purpose

SIGNING_PURPOSES = (Purpose.MEDIATION, Purpose.CAUCUS)


def agreement_to_sign(attendee: Attendee) -> Agreement | None:
    """The agreement this party of an open online mediation has still to sign, if any."""
    meeting = attendee.meeting
    if attendee.role != AttendeeRole.PARTY or not meeting.is_open or meeting.purpose not in SIGNING_PURPOSES:
        return None
    agreement = current_agreement(meeting.case)
    if agreement is None or agreement.status != AgreementStatus.SIGNING:
        return None
    party = attendee.party
    if party.side not in (PartySide.APPLICANT, PartySide.RESPONDENT) or any(
        s.party_id == party.pk for s in agreement.signatures.all()
    ):
        return None
    return agreement


def sign_in_meeting(*, attendee: Attendee, image: str, request=None) -> AgreementSignature:
    agreement = agreement_to_sign(attendee)
    if agreement is None:
        raise NotAllowed(_("没有需要您在本次在线调解中签署的调解协议。"))
    return sign_agreement(
        agreement=agreement,
        actor=attendee.meeting.opened_by,
        role=attendee.party.side,
        party=attendee.party,
        image=image,
        request=request,
    )
