"""The keyed hash of an audit entry and the keys it is made with.

An entry's hash is HMAC-SHA256 over its content and the previous entry's hash in its lane.
The keys (`settings.AUDIT_KEYS`, from MEDARB_AUDIT_KEYS) are never stored in the database, so
whoever can only write the database cannot recompute a chain after editing it. The first key
makes new entries; every entry records the id of its key, so after a rotation older entries
still verify as long as their key stays listed.
"""

import hashlib
import hmac
import json
from functools import cache

from django.conf import settings

GENESIS = "0" * 64


def key_id_of(key: str) -> str:
    """A short public name of a key: it identifies the key without revealing it."""
    return hashlib.sha256(b"medarb-audit-key-id:" + key.encode()).hexdigest()[:12]


@cache
def _keys(configured: tuple[str, ...]) -> dict[str, bytes]:
    return {key_id_of(key): key.encode() for key in configured}


def keys() -> dict[str, bytes]:
    """Every configured key by id, the signing key first."""
    return _keys(tuple(settings.AUDIT_KEYS))


def signing_key() -> tuple[str, bytes]:
    return next(iter(keys().items()))


def payload(entry) -> bytes:
    """The canonical bytes of an entry that its HMAC covers (everything but the hash)."""
    return json.dumps(
        {
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
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode()


def digest(entry, key: bytes) -> str:
    return hmac.new(key, payload(entry), hashlib.sha256).hexdigest()


def seal(entry) -> None:
    """Key the entry with the signing key (sets `key_id` and `hash`)."""
    entry.key_id, key = signing_key()
    entry.hash = digest(entry, key)


def is_intact(entry) -> bool | None:
    """Whether the entry's hash is the HMAC of its content; None when its key is not configured."""
    key = keys().get(entry.key_id)
    if key is None:
        return None
    return hmac.compare_digest(digest(entry, key), entry.hash)
