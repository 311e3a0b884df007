"""Many writers at once on PostgreSQL: lanes keep every chain intact and nobody queues on one row."""

import threading

import pytest
from django.db import connection, connections, transaction

from medarb.audit.models import AuditAction, AuditEntry
from medarb.audit.services import record, verify_chain

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (SQLite serialises writers anyway)")


class Rollback(Exception):
    pass


def _in_thread(job):
    def run():
        try:
            job()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


class TestParallelWriters:
    def test_parallel_writers_leave_every_lane_gap_free_and_linked(self, cast):
        writers, rounds = 24, 10
        barrier = threading.Barrier(writers)
        errors = []

        def writer(n):
            barrier.wait()
            for i in range(rounds):
                try:
                    with transaction.atomic():
                        record(
                            actor=cast.clerk, action=AuditAction.READ, object_type="cases.case", object_id=n
                        )
                        if i % 3 == 2:
                            record(actor=cast.clerk, action=AuditAction.UPDATE, object_type="x", object_id=i)
                            raise Rollback  # a failed act: neither of its entries may remain
                except Rollback:
                    pass
                except Exception as exc:
                    errors.append(exc)

        threads = [_in_thread(lambda n=n: writer(n)) for n in range(writers)]
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        kept = writers * (rounds - rounds // 3)
        assert AuditEntry.objects.filter(object_type="cases.case").count() == kept
        assert not AuditEntry.objects.filter(object_type="x").exists()
        assert AuditEntry.objects.values("lane").distinct().count() > 1
        assert verify_chain() == []

    def test_a_reader_does_not_wait_for_a_lane_held_by_a_long_write(self, cast):
        holding, release = threading.Event(), threading.Event()

        def long_act():
            with transaction.atomic():
                record(actor=cast.chair, action=AuditAction.UPDATE, object_type="cases.case", object_id=1)
                holding.set()
                release.wait(timeout=60)

        writer = _in_thread(long_act)
        assert holding.wait(timeout=30)
        reader = _in_thread(
            lambda: record(actor=cast.clerk, action=AuditAction.READ, object_type="cases.case", object_id=2)
        )
        reader.join(timeout=30)
        finished_while_held = not reader.is_alive()
        release.set()
        writer.join(timeout=30)
        reader.join(timeout=30)
        assert finished_while_held  # with one head row it would wait for the write to commit
        lanes = dict(AuditEntry.objects.values_list("object_id", "lane"))
        assert lanes["1"] != lanes["2"]
        assert verify_chain() == []
