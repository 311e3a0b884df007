"""Two bookings racing for the same room: the row lock lets exactly one through (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from medarb.core.errors import ProcedureError
from medarb.hearings import services
from medarb.hearings.models import Sitting, SittingKind
from medarb.hearings.tests.conftest import HEARING_DAY, at, new_case

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (SQLite serialises writers anyway)")


def race(jobs) -> list:
    """Run the jobs in threads released together; return each one's result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the loser's refusal is the result under test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


class TestConcurrentBooking:
    def test_two_bookings_of_one_room_at_the_same_time_cannot_both_succeed(self, cast, rooms, frozen):
        first = new_case(actor=cast.filing_officer, unit=cast.district, n=1)
        second = new_case(actor=cast.filing_officer, unit=cast.district, n=2)

        def booking(case, member):
            return lambda: services.schedule_sitting(
                case=case,
                actor=cast.chair,
                kind=SittingKind.HEARING,
                room=rooms.court,
                starts_at=at(HEARING_DAY, "09:30"),
                ends_at=at(HEARING_DAY, "11:30"),
                members=[member],
            )

        for _round in range(5):
            Sitting.objects.all().delete()
            results = race([booking(first, cast.arbitrator), booking(second, cast.district_mediator)])
            booked = [r for r in results if isinstance(r, Sitting)]
            refused = [r for r in results if isinstance(r, ProcedureError)]
            assert len(booked) == 1 and len(refused) == 1, results
            assert "第一数字仲裁庭" in refused[0].message
            assert Sitting.objects.filter(room=rooms.court).count() == 1

    def test_two_bookings_of_one_arbitrator_in_different_rooms_cannot_both_succeed(self, cast, rooms, frozen):
        first = new_case(actor=cast.filing_officer, unit=cast.district, n=3)
        second = new_case(actor=cast.filing_officer, unit=cast.district, n=4)

        def booking(case, room):
            return lambda: services.schedule_sitting(
                case=case,
                actor=cast.chair,
                kind=SittingKind.HEARING,
                room=room,
                starts_at=at(HEARING_DAY, "14:00"),
                ends_at=at(HEARING_DAY, "15:00"),
                members=[cast.arbitrator],
            )

        results = race([booking(first, rooms.court), booking(second, rooms.court_two)])
        assert sum(isinstance(r, Sitting) for r in results) == 1, results
        assert sum(isinstance(r, ProcedureError) for r in results) == 1, results
