"""Remote guidance by video (远程指导): a street mediator calls the district, the district calls
the street room; only people who may read the case are called; the call rings on the
dashboard; the caller ends it; the parties never see it."""

import pytest
from django.test import Client
from django.urls import reverse

from medarb.cases.models import CaseKind, TimelineEntry
from medarb.core.errors import DomainError, NotAllowed
from medarb.meetings import selectors, services
from medarb.meetings.client import JanusClient
from medarb.meetings.models import Purpose
from medarb.meetings.testing import ADMIN_KEY, join, needs_janus
from medarb.testing import register

pytestmark = [needs_janus, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _janus(janus_settings):
    janus_settings.MIDDLEWARE = [m for m in janus_settings.MIDDLEWARE if "StaffMfa" not in m]
    return janus_settings


@pytest.fixture
def street_case(cast):
    return register(actor=cast.street_mediator, unit=cast.street_a, kind=CaseKind.MEDIATION)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_up_the_tree_the_district_is_called_and_janus_admits_only_those_called(
    cast, street_case, janus_server
):
    candidates = {m.user for m in selectors.call_candidates(street_case, cast.street_mediator)}
    assert {cast.district_mediator, cast.arbitrator, cast.chair} <= candidates
    assert not {cast.other_arbitrator, cast.street_b_mediator, cast.clerk, cast.worker} & candidates
    meeting = services.open_call(
        case=street_case, actor=cast.street_mediator, invitees=[cast.district_mediator]
    )
    assert meeting.purpose == Purpose.GUIDANCE and meeting.sitting is None
    called = meeting.attendees.get(user=cast.district_mediator)
    assert join(janus_server["url"], meeting.room, token=called.janus_token)["videoroom"] == "joined"
    assert join(janus_server["url"], meeting.room, token="forged")["error_code"] == 433
    assert TimelineEntry.objects.get(case=street_case, kind="meeting_opened").is_internal


def test_down_the_tree_the_district_calls_the_street_room(cast, street_case):
    candidates = {m.user for m in selectors.call_candidates(street_case, cast.arbitrator)}
    assert cast.street_mediator in candidates
    meeting = services.open_call(case=street_case, actor=cast.arbitrator, invitees=[cast.street_mediator])
    assert [c.pk for c in selectors.calls_for(cast.street_mediator)] == [meeting.pk]
    assert selectors.calls_for(cast.arbitrator) == []  # the caller is not rung


def test_nobody_outside_the_case_is_called_and_an_outsider_calls_nobody(cast, street_case):
    with pytest.raises(NotAllowed):
        services.open_call(case=street_case, actor=cast.street_mediator, invitees=[cast.other_arbitrator])
    with pytest.raises(NotAllowed):
        services.open_call(case=street_case, actor=cast.street_b_mediator, invitees=[cast.street_mediator])
    with pytest.raises(DomainError):
        services.open_call(case=street_case, actor=cast.street_mediator, invitees=[])


def test_the_call_rings_on_the_dashboard_is_answered_and_ended_by_the_caller(cast, street_case, janus_server):
    caller = signed_in(cast.street_mediator)
    page = caller.get(reverse("meetings:call", args=[street_case.pk])).content.decode()
    assert cast.district_mediator.full_name in page and cast.other_arbitrator.full_name not in page
    placed = caller.post(
        reverse("meetings:call", args=[street_case.pk]), {"user": [cast.district_mediator.pk]}
    )
    meeting = street_case.meetings.get()
    assert placed.url == reverse("meetings:room", args=[meeting.pk])
    assert 'data-testid="end-call"' in caller.get(placed.url).content.decode()
    called = signed_in(cast.district_mediator)
    dashboard = called.get("/").content.decode()
    assert 'data-testid="answer-call"' in dashboard
    room = called.get(reverse("meetings:room", args=[meeting.pk])).content.decode()
    assert f'data-room="{meeting.room}"' in room and 'data-testid="end-call"' not in room
    assert (
        signed_in(cast.district_mediator).post(reverse("meetings:end", args=[meeting.pk])).status_code == 302
    )
    meeting.refresh_from_db()
    assert meeting.is_open  # only the caller (or a handler of the case) ends it
    caller.post(reverse("meetings:end", args=[meeting.pk]), {"note": "先核实加班事实，再按实际工资计算。"})
    meeting.refresh_from_db()
    assert not meeting.is_open
    closed = TimelineEntry.objects.get(case=street_case, kind="meeting_closed")
    assert closed.is_internal and closed.detail == "先核实加班事实，再按实际工资计算。"
    assert not JanusClient(janus_server["url"], admin_key=ADMIN_KEY).room_exists(meeting.room)
