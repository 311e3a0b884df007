import ipaddress
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from medarb.audit.models import AuditAction, AuditEntry, AuditHead
from medarb.audit.services import record, verify_chain
from medarb.audit.tasks import nightly_audit_verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cast):
    for n in range(5):
        record(
            actor=cast.clerk,
            action=AuditAction.READ,
            object_type="cases.case",
            object_id=n,
            case_id=n,
            summary="read",
        )
    return list(AuditEntry.objects.order_by("seq"))


class TestAppending:
    def test_entries_are_numbered_without_gaps_and_linked(self, chain):
        assert [e.seq for e in chain][-5:] == list(range(chain[-5].seq, chain[-5].seq + 5))
        for previous, entry in pairwise(chain):
            assert entry.prev_hash == previous.hash
        assert verify_chain() == []

    def test_a_rolled_back_write_leaves_no_entry(self, cast):
        from django.db import transaction

        before = AuditEntry.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            record(actor=cast.clerk, action=AuditAction.UPDATE, object_type="x", object_id=1)
            raise RuntimeError
        assert AuditEntry.objects.count() == before
        assert verify_chain() == []


class TestTamperDetection:
    def test_an_edited_entry_is_detected(self, chain):
        AuditEntry.objects.filter(pk=chain[2].pk).update(summary="nothing to see")
        problems = verify_chain()
        assert [p.seq for p in problems] == [chain[2].seq]
        assert "edited" in problems[0].problem

    def test_a_deleted_entry_is_detected(self, chain):
        AuditEntry.objects.filter(pk=chain[2].pk).delete()
        problems = verify_chain()
        assert any("missing" in p.problem for p in problems)

    def test_an_inserted_entry_is_detected_even_with_a_valid_looking_hash(self, chain):
        forged = AuditEntry.objects.get(pk=chain[2].pk)
        AuditEntry.objects.filter(seq__gt=chain[2].seq).update(seq=models_seq_shift())
        forged.pk = None
        forged.seq = chain[2].seq + 1
        forged.summary = "forged"
        forged.hash = "f" * 64
        forged.save()
        assert verify_chain()

    def test_removing_the_newest_entries_is_detected_by_the_head(self, chain):
        AuditEntry.objects.filter(pk=chain[-1].pk).delete()
        problems = verify_chain()
        assert any("head" in p.problem for p in problems)

    def test_the_management_command_fails_on_tampering(self, chain):
        call_command("verify_audit")
        AuditEntry.objects.filter(pk=chain[0].pk).update(action=AuditAction.DELETE)
        with pytest.raises(CommandError):
            call_command("verify_audit")

    def test_the_nightly_job_counts_problems(self, chain):
        assert nightly_audit_verification.call_local() == 0
        AuditHead.objects.update(hash="0" * 64)
        assert nightly_audit_verification.call_local() == 1


def models_seq_shift():
    from django.db.models import F

    return F("seq") + 1000


class TestLanes:
    def test_the_entries_of_one_transaction_stay_in_one_lane(self, cast):
        from django.db import transaction

        with transaction.atomic():
            first = record(actor=cast.clerk, action=AuditAction.UPDATE, object_type="x", object_id=1)
            second = record(actor=cast.clerk, action=AuditAction.UPDATE, object_type="x", object_id=2)
        assert first.lane == second.lane
        assert second.seq == first.seq + 1 and second.prev_hash == first.hash

    def test_every_configured_lane_gets_a_head(self, cast, settings):
        settings.AUDIT_LANES = 4
        AuditHead.objects.all().delete()
        record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=1)
        assert sorted(AuditHead.objects.values_list("id", flat=True)) == [1, 2, 3, 4]

    def test_lanes_are_verified_independently(self, cast):
        from django.db import connection

        for lane in (3, 7, 3, 7, 7):
            connection.medarb_audit_lane = lane
            record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=lane)
        counts = {lane: AuditEntry.objects.filter(lane=lane).count() for lane in (3, 7)}
        assert counts == {3: 2, 7: 3}
        assert verify_chain() == []
        AuditEntry.objects.filter(lane=7, seq=2).delete()
        problems = verify_chain()
        assert {p.lane for p in problems} == {7}

    def test_fewer_lanes_later_still_verifies_the_retired_ones(self, cast, settings):
        from django.db import connection

        connection.medarb_audit_lane = 12
        record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=1)
        settings.AUDIT_LANES = 2
        entry = record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=2)
        assert entry.lane in (1, 2)
        assert verify_chain() == []
        AuditEntry.objects.filter(lane=12).update(summary="edited")
        assert [p.lane for p in verify_chain()] == [12]


class TestKeyRotation:
    def test_old_entries_verify_after_a_new_key_is_put_first(self, cast, settings):
        old = record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=1)
        settings.AUDIT_KEYS = ["a-brand-new-audit-key-0123456789", *settings.AUDIT_KEYS]
        new = record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=2)
        assert new.key_id != old.key_id
        assert verify_chain() == []

    def test_an_entry_whose_key_was_dropped_is_reported_not_passed(self, cast, settings):
        record(actor=cast.clerk, action=AuditAction.READ, object_type="x", object_id=1)
        settings.AUDIT_KEYS = ["a-brand-new-audit-key-0123456789"]
        problems = verify_chain()
        assert problems and "not configured" in problems[0].problem

    def test_the_key_id_names_the_key_without_revealing_it(self, settings):
        from medarb.audit.chain import key_id_of

        key = settings.AUDIT_KEYS[0]
        assert len(key_id_of(key)) == 12 and key_id_of(key) not in key


class TestClientAddress:
    def test_behind_the_trusted_proxy_the_entry_keeps_the_client_address(self, cast, rf, settings):
        settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("127.0.0.1/32")]
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        entry = record(actor=cast.clerk, action=AuditAction.READ, summary="read", request=request)
        assert entry.ip == "203.0.113.7"

    def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(self, cast, rf, settings):
        settings.TRUSTED_PROXY_NETWORKS = []
        request = rf.get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
        entry = record(actor=cast.clerk, action=AuditAction.READ, summary="read", request=request)
        assert entry.ip == "198.51.100.2"
