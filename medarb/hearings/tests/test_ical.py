"""iCalendar export: RFC 5545 output that icalendar parses, folded and escaped; secret feeds."""

from datetime import UTC, datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from medarb.api.testing import sign_in
from medarb.hearings import ical, services
from medarb.hearings.models import CalendarFeed, SittingKind
from medarb.hearings.tests.conftest import HEARING_DAY, at, new_case


class TestFolding:
    @given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=400))
    def test_every_folded_line_fits_in_75_octets_and_unfolds_to_the_original(self, text):
        line = f"SUMMARY:{ical.escape_text(text)}"
        folded = ical.fold(line)
        assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
        assert folded.replace("\r\n ", "") == line

    def test_commas_semicolons_backslashes_and_newlines_are_escaped(self):
        assert ical.escape_text("甲,乙;丙\\丁\n戊") == "甲\\,乙\\;丙\\\\丁\\n戊"


@pytest.fixture
def booked(cast, rooms, frozen):
    case = new_case(actor=cast.filing_officer, unit=cast.district, n=1)
    sitting = services.schedule_sitting(
        case=case,
        actor=cast.arbitrator,
        kind=SittingKind.HEARING,
        room=rooms.court,
        starts_at=at(HEARING_DAY, "09:30"),
        ends_at=at(HEARING_DAY, "11:30"),
        members=[cast.arbitrator],
        clerk=cast.clerk,
        notes="请携带证据原件, 身份证; 劳动合同",
    )
    street_case = new_case(actor=cast.street_mediator, unit=cast.street_a, n=2, kind="mediation")
    hidden = services.schedule_sitting(
        case=street_case,
        actor=cast.street_mediator,
        kind=SittingKind.MEDIATION_SESSION,
        room=rooms.court,
        starts_at=at(HEARING_DAY, "14:00"),
        ends_at=at(HEARING_DAY, "15:00"),
        members=[cast.street_mediator],
    )
    return case, sitting, street_case, hidden


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    return icalendar.Calendar.from_ical(raw)


class TestRoomExport:
    def test_the_room_calendar_parses_with_utc_times_and_case_numbers(self, cast, rooms, booked):
        case, sitting, _, _ = booked
        calendar = parse(
            sign_in(Client(), cast.arbitrator).get(reverse("hearings:room_ics", args=[rooms.court.pk]))
        )
        events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        event = events[f"sitting-{sitting.pk}@testserver"]
        assert str(event["SUMMARY"]) == f"开庭 {case.number}"
        assert str(event["LOCATION"]) == "鹭湖区仲裁院 · 第一数字仲裁庭"
        assert event.decoded("DTSTART") == datetime(2026, 12, 3, 1, 30, tzinfo=UTC)
        assert event.decoded("DTEND") == datetime(2026, 12, 3, 3, 30, tzinfo=UTC)
        assert "DTSTAMP" in event and str(event["STATUS"]) == "CONFIRMED"
        assert "请携带证据原件, 身份证; 劳动合同" in str(event["DESCRIPTION"])
        assert "林仲裁" in str(event["DESCRIPTION"]) and "陈书记" in str(event["DESCRIPTION"])

    def test_a_case_the_viewer_cannot_see_is_exported_only_as_busy(self, cast, rooms, booked):
        _, _, street_case, hidden = booked
        response = sign_in(Client(), cast.street_b_mediator).get(
            reverse("hearings:room_ics", args=[rooms.court.pk])
        )
        calendar = parse(response)
        event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"sitting-{hidden.pk}@"))
        assert str(event["SUMMARY"]) == "已占用"
        assert street_case.number not in response.content.decode()

    def test_a_cancelled_sitting_is_exported_as_cancelled_so_clients_drop_it(self, cast, rooms, booked):
        _, sitting, _, _ = booked
        services.cancel_sitting(sitting=sitting, actor=cast.arbitrator, reason="撤回")
        calendar = parse(
            sign_in(Client(), cast.arbitrator).get(reverse("hearings:room_ics", args=[rooms.court.pk]))
        )
        event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"sitting-{sitting.pk}@"))
        assert str(event["STATUS"]) == "CANCELLED"

    def test_the_person_calendar_holds_the_clerks_sittings(self, cast, booked):
        _, sitting, _, _ = booked
        calendar = parse(
            sign_in(Client(), cast.clerk).get(reverse("hearings:person_ics", args=[cast.clerk.pk]))
        )
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"sitting-{sitting.pk}@testserver"]


class TestSecretFeeds:
    def test_a_feed_address_works_without_a_session_until_revoked(self, cast, rooms, booked):
        case, _, _, _ = booked
        feed = services.issue_calendar_feed(actor=cast.arbitrator)
        url = reverse("hearings:feed_person", args=[feed.token, cast.arbitrator.pk])
        calendar = parse(Client().get(url))
        assert case.number in str(calendar.walk("VEVENT")[0]["SUMMARY"])
        services.revoke_calendar_feeds(actor=cast.arbitrator)
        assert Client().get(url).status_code == 404

    def test_issuing_a_new_address_ends_the_old_one(self, cast, rooms, booked):
        old = services.issue_calendar_feed(actor=cast.arbitrator)
        new = services.issue_calendar_feed(actor=cast.arbitrator)
        assert (
            Client().get(reverse("hearings:feed_room", args=[old.token, rooms.court.pk])).status_code == 404
        )
        assert (
            Client().get(reverse("hearings:feed_room", args=[new.token, rooms.court.pk])).status_code == 200
        )

    def test_a_feed_follows_its_owners_visibility(self, cast, rooms, booked):
        feed = services.issue_calendar_feed(actor=cast.street_b_mediator)
        assert (
            Client().get(reverse("hearings:feed_room", args=[feed.token, rooms.street_a.pk])).status_code
            == 404
        )

    def test_a_made_up_token_is_not_found(self, cast, rooms, booked):
        assert Client().get(reverse("hearings:feed_room", args=["nope", rooms.court.pk])).status_code == 404

    def test_parties_get_no_feed(self, cast):
        from medarb.core.errors import NotAllowed

        with pytest.raises(NotAllowed):
            services.issue_calendar_feed(actor=cast.worker)

    def test_the_feed_page_issues_and_revokes(self, cast, rooms):
        client = sign_in(Client(), cast.arbitrator)
        client.post(reverse("hearings:feed_issue"))
        assert CalendarFeed.objects.filter(user=cast.arbitrator, revoked_at__isnull=True).count() == 1
        assert 'data-testid="feed-url"' in client.get(reverse("hearings:index")).content.decode()
        client.post(reverse("hearings:feed_revoke"))
        assert not CalendarFeed.objects.filter(user=cast.arbitrator, revoked_at__isnull=True).exists()
