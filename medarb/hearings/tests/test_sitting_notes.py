"""A sitting's notes (备注) are the staff's own: parties never see them on the sitting page."""

import pytest

from medarb.api.testing import sign_in
from medarb.cases.models import ShareAccess, ShareReason
from medarb.cases.party_links import link_parties_to_account
from medarb.cases.services import share_case
from medarb.hearings import services
from medarb.hearings.models import SittingKind
from medarb.hearings.tests.conftest import HEARING_DAY, at
from medarb.testing import register

pytestmark = pytest.mark.usefixtures("frozen")
NOTE = "申请人情绪激动，安排法警到场"


@pytest.fixture
def sitting(cast, rooms):
    case = register(actor=cast.filing_officer, unit=cast.district)
    link_parties_to_account(user=cast.worker, phone_index=cast.worker.phone_index)
    return services.schedule_sitting(
        case=case,
        actor=cast.arbitrator,
        kind=SittingKind.HEARING,
        room=rooms.court,
        starts_at=at(HEARING_DAY, "09:30"),
        ends_at=at(HEARING_DAY, "11:30"),
        members=[cast.arbitrator],
        notes=NOTE,
    )


def page(client, user, sitting) -> str:
    response = sign_in(client, user).get(f"/hearings/sittings/{sitting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


class TestSittingNotes:
    def test_the_arbitrator_sees_the_notes(self, client, cast, sitting):
        assert NOTE in page(client, cast.arbitrator, sitting)

    def test_a_party_of_the_case_does_not_see_the_notes(self, client, cast, sitting):
        body = page(client, cast.worker, sitting)
        assert NOTE not in body
        assert "备注" not in body


class TestNotesOutsideTheSittingPage:
    """The API and the iCal feed follow the page: a read share or a party gets no notes."""

    def api_notes(self, client, user, sitting) -> list[str]:
        response = sign_in(client, user).get(f"/api/v1/sittings/?case={sitting.case_id}")
        assert response.status_code == 200
        return [row["notes"] for row in response.json()["results"]]

    def test_the_tribunal_reads_the_notes_through_the_api(self, client, cast, sitting):
        assert self.api_notes(client, cast.arbitrator, sitting) == [NOTE]

    def test_a_read_share_sees_the_sitting_but_not_its_notes(self, client, cast, sitting):
        share_case(
            actor=cast.filing_officer,
            case=sitting.case,
            unit=cast.legal_aid,
            reason=ShareReason.LEGAL_AID,
            access=ShareAccess.READ,
        )
        assert self.api_notes(client, cast.legal_aid_officer, sitting) == [""]

    def test_the_calendar_feed_carries_the_notes_only_for_who_may_read_them(self, cast, sitting):
        from medarb.hearings.ical import event_lines
        from medarb.hearings.selectors import CalendarEntry

        shown = "\n".join(event_lines(CalendarEntry(sitting, True, shows_notes=True), host="t"))
        hidden = "\n".join(event_lines(CalendarEntry(sitting, True, shows_notes=False), host="t"))
        assert NOTE in shown.replace("\\n", "\n") and NOTE not in hidden.replace("\\n", "\n")
