"""Personal data at rest: Fernet encryption plus a keyed blind index for exact look-ups.

The ciphertext cannot be searched, so fields that must be found by value (a party's phone
number at login, an ID number at the window) also store an HMAC of the normalised value.

Rotation: a new key goes first in MEDARB_FIELD_KEYS and encrypts from then on; every listed
key decrypts; `manage.py reencrypt_personal_data` rewrites stored values under the first key.
The blind index must not move with the keys (every stored index would stop matching), so it
is keyed by MEDARB_INDEX_KEY, or when that is unset by the *last* listed key: the one the
installation started with, which stays last as new keys are put in front of it.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _keys() -> tuple[bytes, ...]:
    configured = tuple(key.encode() for key in settings.FIELD_ENCRYPTION_KEYS)
    if configured:
        return configured
    # Development and tests only (settings refuse to start production without keys).
    return (base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()),)


@cache
def _index_key() -> bytes:
    root = settings.FIELD_INDEX_KEY.encode() if settings.FIELD_INDEX_KEY else _keys()[-1]
    return hashlib.sha256(b"blind-index:" + root).digest()


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(value: str) -> str:
    return encrypt_bytes(value.encode()).decode()


def reencrypt(token: str) -> str:
    """`token` under the first key (MultiFernet.rotate keeps its original timestamp)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def forget_keys() -> None:
    """Read the keys from settings again (after a change of settings in tests)."""
    for cached in (_keys, _index_key, _fernet):
        cached.cache_clear()


def decrypt(token: str) -> str:
    return decrypt_bytes(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """Bytes (a photo of an ID card) for a file at rest: a Fernet token under the first key."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def blind_index(value: str) -> str:
    """A stable keyed digest of a normalised value, for equality look-ups only."""
    return hmac.new(_index_key(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A text value stored encrypted; reads give the clear text back."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in {"isnull", "exact"}:
            return None  # ciphertext cannot be ordered or searched; use the blind index
        return super().get_lookup(lookup_name)
