"""The browser's side of WebAuthn (fingerprint, Windows Hello, security key): options as JSON
and the authenticator's answer back, for adding a key on 账户安全 and for the MFA step."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from medarb.accounts import security_keys
from medarb.accounts.mfa import mfa_satisfied
from medarb.core.errors import DomainError

MAX_BODY = 64 * 1024  # an attestation is a few kilobytes


def _body(request) -> dict:
    refused = DomainError(_("设备的应答无效，请重试。"))
    if len(request.body) > MAX_BODY:
        raise refused
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise refused from exc
    if not isinstance(data, dict) or not isinstance(data.get("credential"), dict):
        raise refused
    return data


def _staff(request) -> None:
    if not request.user.is_staff_member:
        raise PermissionDenied


def _options(json_text: str) -> HttpResponse:
    return HttpResponse(json_text, content_type="application/json")


@login_required
@require_POST
def register_options(request):
    """Adding a key needs the second factor of this session first (a stolen password alone
    never adds one)."""
    _staff(request)
    if not mfa_satisfied(request):
        raise PermissionDenied
    return _options(security_keys.registration_options(user=request.user, session=request.session))


@login_required
@require_POST
def register(request):
    _staff(request)
    if not mfa_satisfied(request):
        raise PermissionDenied
    try:
        data = _body(request)
        key = security_keys.register_key(
            user=request.user,
            session=request.session,
            credential=data["credential"],
            name=str(data.get("name", "")),
            request=request,
        )
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    return JsonResponse({"name": key.name})


@login_required
@require_POST
def sign_in_options(request):
    _staff(request)
    try:
        return _options(security_keys.sign_in_options(user=request.user, session=request.session))
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)


@login_required
@require_POST
def sign_in(request):
    _staff(request)
    try:
        data = _body(request)
        key = security_keys.verify_sign_in(
            user=request.user, session=request.session, credential=data["credential"], request=request
        )
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    otp_login(request, key)
    return JsonResponse({"ok": True})
