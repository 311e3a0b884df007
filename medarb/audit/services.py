"""Appending to the keyed, lane-sharded audit chain (verification: `audit.verify`)."""

import json
import random

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod
from django.utils import timezone

from medarb.audit.chain import seal
from medarb.audit.models import AuditAction, AuditEntry, AuditHead
from medarb.audit.verify import ChainProblem, verify_chain
from medarb.core.clientip import client_ip

__all__ = ["ChainProblem", "record", "verify_chain"]

# The lane a connection used last: it tries that one first, so one transaction's entries
# stay in one lane and a quiet connection keeps its lane.
_LANE_ATTRIBUTE = "medarb_audit_lane"


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return client_ip(request)


def _take_lane() -> AuditHead:
    """Lock the head of a lane nobody else is appending to, and return it.

    `SKIP LOCKED` passes over lanes other transactions hold, trying this connection's last
    lane first; a lane this transaction already holds is never skipped, so all its entries
    go to one lane and it never waits for a second one (no deadlock between lanes). Only
    when every lane is busy does it wait, for its own lane, holding none. SQLite ignores
    row locks: it serialises writers anyway, one lane or many.
    """
    connection = transaction.get_connection()
    lanes = settings.AUDIT_LANES
    preferred = getattr(connection, _LANE_ATTRIBUTE, None)
    if preferred is None or preferred > lanes:
        preferred = random.randint(1, lanes)  # spreads load; not a secret
    for _attempt in range(2):
        head = (
            AuditHead.objects.select_for_update(skip_locked=True)
            .filter(id__lte=lanes)
            .order_by(Mod(F("id") + (lanes - preferred), lanes))
            .first()
        )
        if head is not None:
            break
        if AuditHead.objects.filter(id__lte=lanes).count() < lanes:
            AuditHead.objects.bulk_create(
                [AuditHead(id=n) for n in range(1, lanes + 1)], ignore_conflicts=True
            )
            continue
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=preferred)
        break
    setattr(connection, _LANE_ATTRIBUTE, head.id)
    return head


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
    head = _take_lane()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        lane=head.id,
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
    seal(entry)
    entry.save(force_insert=True)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry
