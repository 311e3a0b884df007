"""Appending to and verifying the hash-chained audit log."""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from medarb.audit.models import AuditAction, AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        {
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
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def record(
    *,
    actor,
    action: AuditAction,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    case_id: int | None = None,
    summary: str = "",
    data: dict | None = None,
    request=None,
) -> AuditEntry:
    """Append one entry to the chain. Runs inside the caller's transaction, so a rolled-back
    change leaves no entry, and an entry never exists without its change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=str(actor)[:120] if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        case_id=case_id,
        summary=summary[:255],
        data=json.loads(json.dumps(data or {}, default=str)),
        ip=_client_ip(request),
        prev_hash=head.hash,
    )
    entry.hash = _digest(entry)
    entry.save(force_insert=True)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain(*, batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the whole chain; report every edited, inserted, deleted or reordered entry."""
    problems: list[ChainProblem] = []
    expected_seq, prev_hash = 1, GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, f"entries {expected_seq}–{entry.seq - 1} are missing"))
        if entry.prev_hash != prev_hash:
            problems.append(
                ChainProblem(entry.seq, "link to the previous entry is broken (inserted or deleted entry)")
            )
        if _digest(entry) != entry.hash:
            problems.append(ChainProblem(entry.seq, "content does not match its hash (edited entry)"))
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        problems.append(ChainProblem(head.seq, "newest entries were removed (chain head does not match)"))
    return problems
