"""Personal data at rest: Fernet encryption plus a keyed blind index for exact look-ups.

The ciphertext cannot be searched, so fields that must be found by value (a party's phone
number at login, an ID number at the window) also store an HMAC of the normalised value.
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
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def blind_index(value: str) -> str:
    """A stable keyed digest of a normalised value, for equality look-ups only."""
    key = hashlib.sha256(b"blind-index:" + _keys()[0]).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


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
