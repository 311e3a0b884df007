"""Someone who can write the database edits the log and makes the chain link up again."""

import pytest
from django.db.models import F

from medarb.audit.anchor import write_checkpoint
from medarb.audit.chain import signing_key
from medarb.audit.models import AuditEntry, AuditHead
from medarb.audit.services import verify_chain
from medarb.audit.tests.helpers import append, hmac_with, plain_sha256, rechain

pytestmark = pytest.mark.django_db


class TestRechainWithoutTheKey:
    def test_an_edited_entry_rechained_with_plain_sha256_is_detected(self, cast):
        entries = append(cast.clerk)
        rechain(entries[2], plain_sha256, summary="nothing to see")
        problems = verify_chain()
        assert {p.seq for p in problems} == {e.seq for e in entries[2:]}
        assert all("HMAC" in p.problem for p in problems)

    def test_a_rechain_with_a_guessed_key_is_detected(self, cast):
        entries = append(cast.clerk)
        rechain(entries[1], hmac_with(b"insecure-development-audit-key"), actor_label="someone else")
        assert {p.seq for p in verify_chain()} == {e.seq for e in entries[1:]}

    def test_an_entry_inserted_with_a_linking_hash_is_detected(self, cast):
        entries = append(cast.clerk)
        for later in reversed(entries[3:]):  # make room after the third entry
            AuditEntry.objects.filter(pk=later.pk).update(seq=F("seq") + 1)
        forged = AuditEntry.objects.get(pk=entries[2].pk)
        forged.pk, forged.seq, forged.summary, forged.hash = None, entries[2].seq + 1, "forged", "f" * 64
        forged.save()
        rechain(forged, plain_sha256)
        AuditHead.objects.filter(id=forged.lane).update(seq=entries[4].seq + 1)
        problems = verify_chain()
        assert {p.seq for p in problems} == {e.seq + 1 for e in entries[2:]}
        assert all("HMAC" in p.problem for p in problems)

    def test_an_entry_moved_to_another_lane_is_detected(self, cast):
        entries = append(cast.clerk)
        AuditEntry.objects.filter(pk=entries[4].pk).update(lane=entries[4].lane % 16 + 1, seq=1)
        problems = verify_chain()
        assert any("HMAC" in p.problem for p in problems)
        assert any("head" in p.problem for p in problems)


class TestRechainWithTheKey:
    """Whoever holds the HMAC key as well can rechain; the signed checkpoints still tell."""

    def test_a_rechain_with_the_real_key_passes_the_chain_but_not_the_checkpoint(self, cast):
        entries = append(cast.clerk)
        _, key = signing_key()
        rechain(entries[1], hmac_with(key), summary="rewritten history")
        assert verify_chain() == []  # the limit of a keyed chain alone

    def test_a_checkpoint_catches_a_rechain_with_the_real_key(self, cast):
        entries = append(cast.clerk)
        write_checkpoint()
        _, key = signing_key()
        rechain(entries[1], hmac_with(key), summary="rewritten history")
        problems = verify_chain()
        assert [(p.seq, p.lane) for p in problems] == [(entries[4].seq, entries[4].lane)]
        assert "signed checkpoint 1" in problems[0].problem

    def test_a_checkpoint_catches_truncated_newest_entries_even_with_the_head_rewritten(self, cast):
        entries = append(cast.clerk)
        write_checkpoint()
        AuditEntry.objects.filter(pk__in=[entries[3].pk, entries[4].pk]).delete()
        AuditHead.objects.filter(id=entries[2].lane).update(seq=entries[2].seq, hash=entries[2].hash)
        problems = verify_chain()
        assert len(problems) == 1
        assert "anchored by signed checkpoint 1 is missing" in problems[0].problem

    def test_a_checkpoint_catches_a_deleted_lane(self, cast):
        entries = append(cast.clerk)
        write_checkpoint()
        AuditEntry.objects.filter(lane=entries[0].lane).delete()
        AuditHead.objects.filter(id=entries[0].lane).update(seq=0, hash="0" * 64)
        assert any("checkpoint" in p.problem for p in verify_chain())

    def test_entries_after_the_last_checkpoint_are_protected_by_the_key_only(self, cast):
        append(cast.clerk)
        write_checkpoint()
        entries = append(cast.clerk, start=5)
        _, key = signing_key()
        rechain(entries[-1], hmac_with(key), summary="after the checkpoint")
        assert verify_chain() == []
        rechain(entries[-1], plain_sha256, summary="after the checkpoint, without the key")
        assert len(verify_chain()) == 1
