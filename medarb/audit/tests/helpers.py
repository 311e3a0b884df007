"""What a tamperer with write access to the database does to the audit chain."""

import hashlib
import hmac

from medarb.audit import chain
from medarb.audit.models import AuditAction, AuditEntry, AuditHead
from medarb.audit.services import record


def append(actor, n: int = 5, *, start: int = 0) -> list[AuditEntry]:
    for i in range(start, start + n):
        record(
            actor=actor,
            action=AuditAction.READ,
            object_type="cases.case",
            object_id=i,
            case_id=i,
            summary="read",
        )
    return list(AuditEntry.objects.order_by("lane", "seq"))


def plain_sha256(entry) -> str:
    """The old, unkeyed hash: anyone can compute it."""
    return hashlib.sha256(chain.payload(entry)).hexdigest()


def hmac_with(key: bytes):
    return lambda entry: hmac.new(key, chain.payload(entry), hashlib.sha256).hexdigest()


def rechain(entry: AuditEntry, digest, **changes) -> None:
    """Edit `entry`, then recompute its hash and every later one's in its lane, and the head:
    the chain links up again, as a forger would leave it."""
    AuditEntry.objects.filter(pk=entry.pk).update(**changes)
    before = AuditEntry.objects.filter(lane=entry.lane, seq__lt=entry.seq).order_by("-seq").first()
    prev = before.hash if before else chain.GENESIS
    for later in AuditEntry.objects.filter(lane=entry.lane, seq__gte=entry.seq).order_by("seq"):
        later.prev_hash = prev
        later.hash = digest(later)
        AuditEntry.objects.filter(pk=later.pk).update(prev_hash=later.prev_hash, hash=later.hash)
        prev = later.hash
    AuditHead.objects.filter(id=entry.lane).update(hash=prev)
