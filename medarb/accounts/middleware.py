"""Staff who use a second factor cannot use the platform until they pass it."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from medarb.accounts.mfa import mfa_required, mfa_satisfied

# What a half-signed-in staff member may still reach: the TOTP step, sign-out, the sign-in
# pages, and resources every page needs. Everything else, /accounts/security/ (which
# issues API tokens) and session calls to /api/ included, waits for the second factor.
_OPEN_PREFIXES = (
    "/accounts/mfa/",
    "/accounts/logout/",
    "/accounts/login/",
    "/accounts/party/",
    "/static/",
    "/health/",
    "/i18n/",
    "/jsi18n/",
)


class StaffMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # API calls with a token arrive here anonymous (DRF authenticates them later):
        # tokens are issued only from a page behind this check.
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and mfa_required(user)
            and not mfa_satisfied(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("请先完成动态口令验证。")}, status=403)
            return redirect(f"{reverse('accounts:mfa')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
