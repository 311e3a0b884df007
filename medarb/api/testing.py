"""Test helpers: a staff member's API client (real token) and a page client past the second factor."""

import secrets
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from medarb.accounts.models import ApiToken
from medarb.accounts.tokens import KEY_PREFIX, hash_key


def token_key_for(user) -> str:
    """A live token for any user (a party's too, to test that it is refused), beside earlier ones."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    ApiToken.objects.create(
        user=user,
        key_hash=hash_key(key),
        prefix=key[:10],
        created_at=now,
        expires_at=now + timedelta(days=1),
        last_used_at=now,  # as if just used: query-count tests see no last-use write on their first call
    )
    return key


def api_client_for(user) -> APIClient:
    """An API client that authenticates with the user's token, as an integration would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key_for(user)}")
    return client


def sign_in(client: Client, user) -> Client:
    """Sign the user in on the pages, with the TOTP step passed when their role demands it."""
    client.force_login(user)
    if user.is_staff_member:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
