"""Test helpers: a staff member's API client (real token) and a page client past the second factor."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_client_for(user) -> APIClient:
    """An API client that authenticates with the user's token, as an integration would."""
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
