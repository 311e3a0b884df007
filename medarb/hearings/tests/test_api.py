"""The sittings API: a filtered list of visible sittings, and booking through the same service."""

import pytest

from medarb.api.testing import api_client_for
from medarb.hearings import services
from medarb.hearings.models import Sitting, SittingKind
from medarb.hearings.tests.conftest import HEARING_DAY, at, new_case

pytestmark = pytest.mark.usefixtures("frozen")
URL = "/api/v1/sittings/"


def book(case, actor, *, room, start, end, members, day=HEARING_DAY, kind=SittingKind.HEARING):
    return services.schedule_sitting(
        case=case,
        actor=actor,
        kind=kind,
        room=room,
        starts_at=at(day, start),
        ends_at=at(day, end),
        members=members,
    )


@pytest.fixture
def sittings(cast, rooms):
    district = new_case(actor=cast.filing_officer, unit=cast.district, n=1)
    street = new_case(actor=cast.street_mediator, unit=cast.street_a, n=2, kind="mediation")
    return {
        "hearing": book(
            district, cast.arbitrator, room=rooms.court, start="09:30", end="11:30", members=[cast.arbitrator]
        ),
        "later": book(
            district,
            cast.arbitrator,
            room=rooms.court_two,
            start="09:30",
            end="10:30",
            members=[cast.arbitrator],
            day=HEARING_DAY.replace(day=10),
        ),
        "street": book(
            street,
            cast.street_mediator,
            room=rooms.street_a,
            start="14:00",
            end="15:00",
            members=[cast.street_mediator],
            kind=SittingKind.MEDIATION_SESSION,
        ),
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestSittingList:
    def test_it_lists_only_sittings_of_visible_cases(self, cast, sittings):
        in_time_order = [sittings["hearing"].pk, sittings["street"].pk, sittings["later"].pk]
        assert ids(api_client_for(cast.arbitrator).get(URL)) == in_time_order
        assert ids(api_client_for(cast.street_b_mediator).get(URL)) == []
        assert ids(api_client_for(cast.street_mediator).get(URL)) == [sittings["street"].pk]

    def test_it_filters_by_room_person_and_dates(self, cast, rooms, sittings):
        api = api_client_for(cast.chair)
        assert ids(api.get(URL, {"room": rooms.court_two.pk})) == [sittings["later"].pk]
        assert ids(api.get(URL, {"person": cast.street_mediator.pk})) == [sittings["street"].pk]
        assert ids(api.get(URL, {"date_from": "2026-12-03", "date_to": "2026-12-03"})) == [
            sittings["hearing"].pk,
            sittings["street"].pk,
        ]

    def test_times_come_back_in_shanghai_time(self, cast, sittings):
        row = (
            api_client_for(cast.arbitrator)
            .get(URL, {"room": sittings["hearing"].room_id})
            .json()["results"][0]
        )
        assert row["starts_at"] == "2026-12-03T09:30:00+08:00"
        assert row["room_name"] == "鹭湖区仲裁院 · 第一数字仲裁庭"
        assert row["members"] == [{"id": sittings["hearing"].members.get().pk, "name": "林仲裁"}]

    def test_a_reversed_date_range_is_a_clear_400(self, cast, sittings):
        response = api_client_for(cast.arbitrator).get(
            URL, {"date_from": "2026-12-05", "date_to": "2026-12-01"}
        )
        assert response.status_code == 400 and "结束日期" in str(response.json())

    def test_parties_are_refused(self, cast, sittings):
        assert api_client_for(cast.worker).get(URL).status_code in {401, 403}


class TestSittingCreate:
    def payload(self, case, room, members, **extra):
        return {
            "case": case.pk,
            "kind": "hearing",
            "room": room.pk,
            "starts_at": "2026-12-03T14:00:00+08:00",
            "ends_at": "2026-12-03T15:30:00+08:00",
            "members": [m.pk for m in members],
            **extra,
        }

    def test_it_books_through_the_service(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=3)
        response = api_client_for(cast.arbitrator).post(
            URL, self.payload(case, rooms.court, [cast.arbitrator], clerk=cast.clerk.pk), format="json"
        )
        assert response.status_code == 201, response.content
        sitting = Sitting.objects.get(pk=response.json()["id"])
        assert sitting.clerk == cast.clerk and sitting.starts_at == at(HEARING_DAY, "14:00")

    def test_a_clash_is_a_400_naming_the_clashing_entry(self, cast, rooms, sittings):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=4)
        body = self.payload(case, rooms.court, [cast.chair])
        body |= {"starts_at": "2026-12-03T10:00:00+08:00", "ends_at": "2026-12-03T12:00:00+08:00"}
        response = api_client_for(cast.arbitrator).post(URL, body, format="json")
        assert response.status_code == 400
        number = sittings["hearing"].case.number
        assert f"与 {number} 在 第一数字仲裁庭 2026-12-03 09:30–11:30 的开庭冲突" in str(response.json())

    def test_a_reader_gets_403(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=5)
        response = api_client_for(cast.statistician).post(
            URL, self.payload(case, rooms.court, [cast.arbitrator]), format="json"
        )
        assert response.status_code == 403

    def test_an_invisible_case_is_404(self, cast, rooms):
        case = new_case(actor=cast.filing_officer, unit=cast.district, n=6)
        response = api_client_for(cast.street_mediator).post(
            URL, self.payload(case, rooms.court, [cast.street_mediator]), format="json"
        )
        assert response.status_code == 404

    def test_garbage_gets_field_messages(self, cast, rooms):
        response = api_client_for(cast.arbitrator).post(URL, {"case": "x", "kind": "party"}, format="json")
        assert response.status_code == 400
        assert {"case", "kind", "starts_at"} <= response.json().keys()
