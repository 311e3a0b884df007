"""A sitting's notes (备注) are the staff's own: parties never see them on the sitting page."""

import pytest

from medarb.api.testing import sign_in
from medarb.cases.party_links import link_parties_to_account
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
