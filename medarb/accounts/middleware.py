"""Staff whose role requires a second factor cannot use the platform until they pass it."""

from django.shortcuts import redirect
from django.urls import reverse

from medarb.accounts.mfa import mfa_required, mfa_satisfied

# Paths a half-signed-in staff member may still reach: the MFA steps, logout, static files.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/health/", "/i18n/", "/verify/")


class StaffMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")  # the API uses tokens issued after MFA
            and mfa_required(user)
            and not mfa_satisfied(request)
        ):
            return redirect(f"{reverse('accounts:mfa')}?next={request.get_full_path()}")
        return self.get_response(request)
