"""Upgrading: the legacy SHA-256 chain is verified, then re-keyed, and what was found is kept."""

import importlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from medarb.audit.models import AuditEntry
from medarb.audit.services import record, verify_chain
from medarb.audit.verify import LEGACY_MARKER

pytestmark = pytest.mark.django_db(transaction=True)

LEGACY = [("audit", "0001_initial")]
LATEST = [("audit", "0003_rekey_legacy_chain")]
rekeying = importlib.import_module("medarb.audit.migrations.0003_rekey_legacy_chain")


@pytest.fixture
def legacy_chain():
    """Three entries written by the old code: plain SHA-256, one head."""
    executor = MigrationExecutor(connection)
    executor.migrate(LEGACY)
    apps = executor.loader.project_state(LEGACY).apps
    Entry, Head = apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead")
    prev = "0" * 64
    for seq in (1, 2, 3):
        entry = Entry(
            seq=seq,
            at=datetime(2026, 11, 1, 9, seq, tzinfo=UTC),
            action="read",
            object_type="cases.case",
            object_id=str(seq),
            case_id=seq,
            summary="case page",
            data={"n": seq},
            prev_hash=prev,
        )
        entry.hash = rekeying._legacy_digest(entry)
        entry.save()
        prev = entry.hash
    Head.objects.all().delete()  # the old code had one head
    Head.objects.create(id=1, seq=3, hash=prev)
    yield Entry
    MigrationExecutor(connection).migrate(LATEST)


def _upgrade():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(LATEST)


class TestUpgrade:
    def test_an_intact_legacy_chain_is_re_keyed_and_verifies(self, legacy_chain):
        _upgrade()
        assert verify_chain() == []
        entries = list(AuditEntry.objects.order_by("seq"))
        assert [(e.lane, e.seq) for e in entries] == [(1, 1), (1, 2), (1, 3), (1, 4)]
        marker = entries[-1]
        assert marker.object_type == LEGACY_MARKER
        assert marker.data["entries"] == 3 and marker.data["problems"] == []
        record(actor=None, action="read", object_type="x", object_id=1)  # appending carries on
        assert verify_chain() == []

    def test_tampering_before_the_upgrade_is_not_blessed_by_re_keying(self, legacy_chain):
        legacy_chain.objects.filter(seq=2).update(summary="edited before the upgrade")
        _upgrade()
        problems = verify_chain()
        assert len(problems) == 1
        assert "before the chain was keyed" in problems[0].problem and "#2" in problems[0].problem

    def test_an_edit_after_the_upgrade_is_detected_as_usual(self, legacy_chain):
        _upgrade()
        AuditEntry.objects.filter(seq=1).update(summary="edited after")
        assert [p.seq for p in verify_chain()] == [1]

    def test_the_reverse_migration_folds_lane_1_back_into_a_sha256_chain(self, legacy_chain):
        _upgrade()
        executor = MigrationExecutor(connection)
        executor.migrate(LEGACY)
        entries = list(legacy_chain.objects.order_by("seq"))
        prev = "0" * 64
        for entry in entries:
            assert entry.prev_hash == prev and entry.hash == rekeying._legacy_digest(entry)
            prev = entry.hash
        assert len(entries) == 4
