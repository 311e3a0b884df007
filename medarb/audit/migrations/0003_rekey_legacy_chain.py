"""Key the audit chain (HMAC) and spread it over lanes.

The existing chain — plain SHA-256, one head — becomes lane 1. It is first verified as it
stands (the legacy rules: numbers, links, SHA-256 of each entry, the head); then every entry
is re-keyed in order with the first key of MEDARB_AUDIT_KEYS, keeping its number, so a gap
stays visible as a gap. Re-keying would otherwise bless an entry someone had edited before
the upgrade, so the result of the legacy verification is written into the chain itself as a
last lane-1 entry ("legacy chain verified, then re-keyed": how many entries, the legacy head
hash, every problem found); `verify_chain` reports recorded legacy problems on every run.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64
BATCH = 1000


def _legacy_digest(entry) -> str:
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "case_id": entry.case_id,
        "summary": entry.summary,
        "data": entry.data,
        "ip": entry.ip,
        "prev": entry.prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _keyed_digest(entry, key: bytes) -> str:
    # Frozen copy of audit.chain.payload as of this migration.
    payload = {
        "lane": entry.lane,
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "case_id": entry.case_id,
        "summary": entry.summary,
        "data": entry.data,
        "ip": entry.ip,
        "key": entry.key_id,
        "prev": entry.prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _signing_key() -> tuple[str, bytes]:
    key = settings.AUDIT_KEYS[0]
    return hashlib.sha256(b"medarb-audit-key-id:" + key.encode()).hexdigest()[:12], key.encode()


def _verify_legacy(Entry, Head) -> tuple[int, str, list[str]]:
    problems: list[str] = []
    expected, prev = 1, GENESIS
    count = 0
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=BATCH):
        count += 1
        if entry.seq != expected:
            problems.append(f"#{entry.seq}: entries {expected}–{entry.seq - 1} are missing")
        if entry.prev_hash != prev:
            problems.append(f"#{entry.seq}: link to the previous entry is broken")
        if _legacy_digest(entry) != entry.hash:
            problems.append(f"#{entry.seq}: content does not match its hash (edited entry)")
        expected, prev = entry.seq + 1, entry.hash
    head = Head.objects.filter(id=1).first()
    if head and (head.seq != expected - 1 or head.hash != prev):
        problems.append(f"#{head.seq}: newest entries were removed (head does not match)")
    return count, prev, problems


def rekey(apps, schema_editor):
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    if not Entry.objects.exists():
        return
    count, legacy_head, problems = _verify_legacy(Entry, Head)
    key_id, key = _signing_key()
    prev, last_seq, batch = GENESIS, 0, []
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=BATCH):
        entry.lane, entry.key_id, entry.prev_hash = 1, key_id, prev
        entry.hash = _keyed_digest(entry, key)
        prev, last_seq = entry.hash, entry.seq
        batch.append(entry)
        if len(batch) >= BATCH:
            Entry.objects.bulk_update(batch, ["lane", "key_id", "prev_hash", "hash"])
            batch = []
    Entry.objects.bulk_update(batch, ["lane", "key_id", "prev_hash", "hash"])
    marker = Entry(
        lane=1,
        seq=last_seq + 1,
        at=timezone.now(),
        action="update",
        object_type="audit.legacy_chain",
        summary="legacy SHA-256 chain verified, then re-keyed with HMAC",
        data={"entries": count, "legacy_head": legacy_head, "problems": problems[:500]},
        key_id=key_id,
        prev_hash=prev,
    )
    marker.hash = _keyed_digest(marker, key)
    marker.save(force_insert=True)
    Head.objects.update_or_create(id=1, defaults={"seq": marker.seq, "hash": marker.hash})
    if problems:
        print(f"\n  audit: the legacy chain had {len(problems)} problem(s) before re-keying; recorded in entry #{marker.seq}")


def unkey(apps, schema_editor):
    """Back to the single SHA-256 chain (only possible while every entry is in lane 1)."""
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    if Entry.objects.exclude(lane=1).exists():
        raise RuntimeError("audit entries in lanes other than 1 cannot be folded back into one chain")
    Head.objects.exclude(id=1).delete()
    prev, last_seq, batch = GENESIS, 0, []
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=BATCH):
        entry.prev_hash = prev
        entry.hash = _legacy_digest(entry)
        prev, last_seq = entry.hash, entry.seq
        batch.append(entry)
        if len(batch) >= BATCH:
            Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
    if last_seq:
        Head.objects.update_or_create(id=1, defaults={"seq": last_seq, "hash": prev})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_keyed_lanes"),
    ]

    operations = [
        migrations.RunPython(rekey, unkey),
    ]
