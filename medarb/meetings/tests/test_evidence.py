"""Remote participants of a sitting's video meeting see the evidence the clerk shows: the
same events as the court's screen, through their own attendee key, and nothing else."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from medarb.cases.models import PartySide
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.meetings import services
from medarb.meetings.testing import needs_janus
from medarb.meetings.tests.test_views import link_path
from medarb.recording import presentation

pytestmark = [needs_janus, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _janus(janus_settings):
    janus_settings.MEDARB_SSE_SECONDS = 0.6
    return janus_settings


def _states(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_a_remote_party_follows_the_evidence_shown_in_the_courtroom(cast, hearing):
    documents.issue_document(
        case=hearing.case, template_code="acceptance_notice", actor=cast.clerk, sign=False
    )
    meeting = services.open_meeting(sitting=hearing, actor=cast.arbitrator)
    party = hearing.case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)
    services.invite_party(meeting=meeting, party=party, actor=cast.clerk)
    phone = Client()
    room = phone.get(link_path()).content.decode()
    attendee = meeting.attendees.get(party=party)
    events = reverse("meetings:evidence_events", args=[attendee.key])
    assert 'data-testid="meeting-evidence"' in room and events in room
    assert [s["kind"] for s in _states(phone.get(events))] == ["none"]

    item = presentation.case_items(hearing)[0]
    shown = presentation.show(sitting=hearing, actor=cast.clerk, sha256=item.stored.sha256, page=1)
    (state,) = _states(phone.get(events, headers={"Last-Event-ID": "0"}))
    assert state["kind"] == "image" and state["version"] == shown.pk
    assert state["url"] == reverse("meetings:evidence_file", args=[attendee.key, shown.pk])
    png = phone.get(state["url"])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")

    stranger = Client()
    for url in (events, state["url"], reverse("meetings:evidence_state", args=[attendee.key])):
        assert stranger.get(url).status_code == 404
    services.close_meeting(meeting=meeting, actor=cast.arbitrator)
    assert phone.get(state["url"]).status_code == 404  # only while the meeting is open
