"""During an online mediation each party signs the agreement on their own phone, from the
meeting room; the mediator hosting the meeting is the witness. Nobody else's browser can."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medarb.core.sms import ConsoleBackend
from medarb.hearings.models import Sitting
from medarb.meetings import services as meetings
from medarb.meetings.testing import needs_janus

from .helpers import data_url, draft, in_session

pytestmark = [needs_janus, pytest.mark.django_db]


@pytest.fixture
def meeting(cast, janus_settings):
    cache.clear()
    case, session = in_session(cast.street_mediator, cast.street_a)
    now = timezone.now()
    Sitting.objects.filter(pk=session.sitting_id).update(starts_at=now, ends_at=now + timedelta(hours=1))
    meeting = meetings.open_meeting(
        sitting=Sitting.objects.get(pk=session.sitting_id), actor=cast.street_mediator
    )
    for party in case.parties.filter(principal__isnull=True):
        meetings.invite_party(meeting=meeting, party=party, actor=cast.street_mediator)
    return meeting


def phone_of(number: str) -> Client:
    sms = [m for m in ConsoleBackend.outbox if m["phone"] == number][-1]["params"]["link"]
    phone = Client()
    assert phone.get(sms[sms.index("/meetings/") :]).status_code == 200
    return phone


def test_the_room_offers_the_agreement_and_the_party_signs_it_witnessed_by_the_host(cast, meeting):
    worker = meeting.attendees.get(party__side="applicant")
    phone = phone_of("13800138000")
    status = reverse("meetings:status", args=[worker.key])
    assert "room-action" not in phone.get(status).content.decode()  # nothing drafted yet
    agreement = draft(meeting.case, cast.street_mediator)
    sign = reverse("mediation:sign_in_meeting", args=[worker.key])
    assert sign in phone.get(status).content.decode()
    page = phone.get(sign).content.decode()
    assert "data-signature-pad" in page and agreement.text.splitlines()[0] in page
    phone.post(sign, {"signature": data_url(7)})
    [signature] = agreement.signatures.all()
    assert (signature.party, signature.witnessed_by) == (worker.party, cast.street_mediator)
    assert signature.text_hash == agreement.text_hash
    assert "room-action" not in phone.get(status).content.decode()
    assert phone.post(sign, {"signature": data_url(8)}).status_code == 200  # once only
    assert agreement.signatures.count() == 1


def test_no_other_browser_signs_for_a_party(cast, meeting):
    draft(meeting.case, cast.street_mediator)
    employer = meeting.attendees.get(party__side="respondent")
    worker_phone = phone_of("13800138000")
    sign = reverse("mediation:sign_in_meeting", args=[employer.key])
    assert worker_phone.post(sign, {"signature": data_url()}).status_code == 404
    assert Client().get(sign).status_code == 404
    signed_in = Client()
    signed_in.force_login(cast.worker)
    assert signed_in.post(sign, {"signature": data_url()}).status_code == 404
    assert not any(a.signatures.exists() for a in meeting.case.mediation_agreements.all())


def test_after_the_meeting_nothing_is_signed_from_it(cast, meeting):
    agreement = draft(meeting.case, cast.street_mediator)
    worker = meeting.attendees.get(party__side="applicant")
    phone = phone_of("13800138000")
    meetings.close_meeting(meeting=meeting, actor=cast.street_mediator)
    sign = reverse("mediation:sign_in_meeting", args=[worker.key])
    assert "nothing-to-sign" in phone.post(sign, {"signature": data_url()}).content.decode()
    assert not agreement.signatures.exists()
