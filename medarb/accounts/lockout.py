"""The address-wide limit on failed sign-ins, beside django-axes' lock per account.

django-axes locks a username tried from one address after MEDARB_LOGIN_FAILURES failures;
forty wrong passwords spread over ten accounts never reached it (password spraying). Here
every refused password or SMS code from one client address counts, whatever the account,
and after MEDARB_LOGIN_ADDRESS_FAILURES within the cool-off time the address may not try
again, staff or party sign-in alike, until the oldest failures age out. A successful
sign-in does not clear the count: a sprayer who guesses one account must not get a fresh
allowance for the rest.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from medarb.accounts.models import SignInFailure
from medarb.core.clientip import client_ip

KEEP = timedelta(days=1)


def _recent(ip: str):
    return SignInFailure.objects.filter(ip=ip, at__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def address_locked(request: HttpRequest) -> bool:
    ip = client_ip(request)
    return bool(ip) and _recent(ip).count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def note_failure(request: HttpRequest | None, *, kind: str) -> None:
    ip = client_ip(request) if request is not None else None
    if not ip:
        return
    SignInFailure.objects.create(ip=ip, kind=kind)
    SignInFailure.objects.filter(at__lt=timezone.now() - KEEP).delete()


def locked_response(request: HttpRequest, *, back: str = "accounts:login") -> HttpResponse:
    """429 and a message in Chinese: this address tried too many accounts or codes."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {
        "minutes": minutes,
        "failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        "by_address": True,
        "back": back,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
