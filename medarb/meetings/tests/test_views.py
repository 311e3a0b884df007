"""The pages: every role against a meeting's page and room, the SMS link in a browser of
its own, presence reports, and a joint review that no party ever sees."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from medarb.cases.models import PartySide
from medarb.core.sms import ConsoleBackend
from medarb.hearings.models import SittingKind
from medarb.meetings import services
from medarb.meetings.models import Connection, Presence
from medarb.meetings.testing import needs_janus
from medarb.meetings.tests.conftest import sitting_now
from medarb.testing import register

pytestmark = [needs_janus, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _janus(janus_settings):
    # The chair signs in with a second factor; these tests are about meetings, not MFA.
    janus_settings.MIDDLEWARE = [m for m in janus_settings.MIDDLEWARE if "StaffMfa" not in m]
    cache.clear()  # the count of refused links per address
    yield janus_settings
    cache.clear()


@pytest.fixture
def meeting(cast, sitting):
    return services.open_meeting(sitting=sitting, actor=cast.arbitrator)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def link_path() -> str:
    link = ConsoleBackend.outbox[-1]["params"]["link"]
    return link[link.index("/meetings/") :]


class TestWhoSeesWhat:
    def test_the_sitting_page_is_for_staff_who_read_the_case(self, cast, sitting, meeting):
        url = reverse("meetings:sitting", args=[sitting.pk])
        expected = {
            "arbitrator": 200,
            "clerk": 200,
            "chair": 200,
            "other_arbitrator": 404,
            "street_mediator": 404,
            "worker": 403,
            "outsider": 403,
        }
        seen = {name: signed_in(getattr(cast, name)).get(url).status_code for name in expected}
        assert seen == expected

    def test_the_room_admits_invited_staff_and_refuses_the_rest_with_a_reason(self, cast, meeting):
        url = reverse("meetings:room", args=[meeting.pk])
        page = signed_in(cast.clerk).get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert f'data-room="{meeting.room}"' in body
        assert meeting.attendees.get(user=cast.clerk).janus_token in body
        for user in (cast.chair, cast.other_arbitrator, cast.outsider):
            refused = signed_in(user).get(url)
            assert refused.status_code == 403
            assert "没有受邀" in refused.content.decode()

    def test_a_handler_not_invited_at_the_opening_joins_from_the_page(self, cast, sitting, meeting):
        chair = signed_in(cast.chair)  # handles the case: may host, was not invited
        assert (
            'data-testid="join-as-staff"'
            in chair.get(reverse("meetings:sitting", args=[sitting.pk])).content.decode()
        )
        joined = chair.post(reverse("meetings:sitting_act", args=[sitting.pk, "join"]))
        assert joined.url == reverse("meetings:room", args=[meeting.pk])
        assert chair.get(joined.url).status_code == 200
        assert meeting.attendees.filter(user=cast.chair).exists()
        signed_in(cast.other_arbitrator).post(reverse("meetings:sitting_act", args=[sitting.pk, "join"]))
        assert not meeting.attendees.filter(user=cast.other_arbitrator).exists()

    def test_a_forged_party_list_invites_nobody_and_breaks_nothing(self, cast, sitting, meeting):
        other = register(actor=cast.filing_officer, unit=cast.district, worker_phone="13700137003")
        url = reverse("meetings:sitting_act", args=[sitting.pk, "invite"])
        forged = {"party": ["abc", "1 OR 1=1", str(other.parties.first().pk)]}
        assert signed_in(cast.clerk).post(url, forged).status_code == 302
        assert not meeting.attendees.filter(party__isnull=False).exists()

    def test_only_a_host_acts(self, cast, sitting, meeting):
        url = reverse("meetings:sitting_act", args=[sitting.pk, "close"])
        for user in (cast.other_arbitrator, cast.street_mediator, cast.worker):
            assert signed_in(user).post(url).status_code in (403, 404)
        meeting.refresh_from_db()
        assert meeting.is_open
        signed_in(cast.arbitrator).post(url)
        meeting.refresh_from_db()
        assert not meeting.is_open

    def test_a_joint_review_is_never_shown_to_a_party(self, cast, case):
        review = sitting_now(case, kind=SittingKind.JOINT_REVIEW, clerk=cast.clerk, members=[cast.arbitrator])
        meeting = services.open_meeting(sitting=review, actor=cast.arbitrator)
        party = case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)
        party.user = cast.worker
        party.save()
        worker = signed_in(cast.worker)
        assert worker.get(reverse("meetings:room", args=[meeting.pk])).status_code == 403
        assert "会审" not in worker.get(reverse("portal:my_case", args=[case.pk])).content.decode()
        assert "会审" not in worker.get(reverse("portal:my_cases")).content.decode()


class TestTheLink:
    def test_the_link_opens_the_room_in_the_first_browser_only(self, cast, meeting):
        party = meeting.case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)
        services.invite_party(meeting=meeting, party=party, actor=cast.clerk)
        path = link_path()
        phone = Client()
        first = phone.get(path)
        assert first.status_code == 200 and 'id="meeting-room"' in first.content.decode()
        assert phone.get(path).status_code == 200  # the same phone comes back
        stranger = Client().get(path)
        assert stranger.status_code == 403 and "另一台设备" in stranger.content.decode()

    def test_a_made_up_link_is_refused_and_guessing_is_slowed(self, cast, meeting):
        guesser = Client()
        codes = [guesser.get(f"/meetings/m/guess{n}/").status_code for n in range(22)]
        assert codes[:20] == [403] * 20 and codes[-1] == 429


class TestPresence:
    def test_the_room_reports_joins_and_leaves_for_its_own_attendee_only(self, cast, meeting):
        clerk = signed_in(cast.clerk)
        clerk.get(reverse("meetings:room", args=[meeting.pk]))
        attendee = meeting.attendees.get(user=cast.clerk)
        url = reverse("meetings:presence", args=[attendee.key])
        joined = clerk.post(url, json.dumps({"event": "joined"}), content_type="application/json")
        assert joined.json() == {"ok": True, "open": True}
        attendee.refresh_from_db()
        assert attendee.connection == Connection.CONNECTED
        host = signed_in(cast.arbitrator)
        assert host.post(url, '{"event": "left"}', content_type="application/json").status_code == 404
        assert clerk.post(url, "not json", content_type="application/json").status_code == 400
        cross_site = clerk.post(
            url, '{"event": "left"}', content_type="application/json", HTTP_SEC_FETCH_SITE="cross-site"
        )
        assert cross_site.status_code == 403
        assert Presence.objects.filter(attendee=attendee).count() == 1

    def test_the_status_tells_the_other_side_to_wait_during_a_caucus(self, cast, meeting):
        case = meeting.case
        services.invite_party(
            meeting=meeting, party=case.parties.get(side="applicant", principal=None), actor=cast.clerk
        )
        worker_phone = Client()
        worker_phone.get(link_path())
        services.invite_party(
            meeting=meeting, party=case.parties.get(side="respondent", principal=None), actor=cast.clerk
        )
        employer_phone = Client()
        employer_phone.get(link_path())
        services.open_caucus(meeting=meeting, side="respondent", actor=cast.arbitrator)
        worker = meeting.attendees.get(party__side="applicant")
        employer = meeting.attendees.get(party__side="respondent")
        waiting = worker_phone.get(reverse("meetings:status", args=[worker.key])).content.decode()
        asked = employer_phone.get(reverse("meetings:status", args=[employer.key])).content.decode()
        assert "请稍候" in waiting and "go-caucus" not in waiting
        assert "go-caucus" in asked
        moved = employer_phone.get(reverse("meetings:move", args=[employer.key, "caucus"]))
        caucus = meeting.caucuses.get()
        assert f'data-room="{caucus.room}"' in moved.content.decode()
        refused = worker_phone.get(reverse("meetings:move", args=[worker.key, "caucus"]))
        assert refused.status_code == 403
