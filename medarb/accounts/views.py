"""Sign-in pages: staff password + TOTP, party phone + SMS code, account security."""

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from medarb.accounts import lockout, security_keys, services
from medarb.accounts.forms import PhoneCodeForm, PhoneForm, StaffLoginForm, TokenForm
from medarb.accounts.mfa import confirmed_totp_device, mfa_required, mfa_satisfied
from medarb.accounts.tokens import tokens_of as api_tokens_of
from medarb.core.errors import DomainError
from medarb.core.forms import parse_id
from medarb.core.masking import mask_phone

_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, default: str = "dashboard") -> str:
    """The `next` target when it stays on this site; anything else falls back to `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _mfa_url(next_url: str) -> str:
    return f"{reverse('accounts:mfa')}?{urlencode({'next': next_url})}"


class StaffLogin(LoginView):
    """Username and password; staff who use TOTP continue to the second step."""

    form_class = StaffLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before the password is checked: a blocked address learns nothing about any account.
        if lockout.address_locked(request):
            return lockout.locked_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)  # login() rotates the session key
        user = form.get_user()
        services.record_sign_in(user=user, method=services.SignInMethod.PASSWORD, request=self.request)
        if mfa_required(user):
            return redirect(_mfa_url(self.get_success_url()))
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes lockout page (AXES_LOCKOUT_CALLABLE): 429 and a message in Chinese."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=429)


def _qr_svg(uri: str) -> str:
    buffer = BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def mfa(request):
    """Second step of a staff sign-in: check the TOTP code, or enrol a device first."""
    user = request.user
    if not user.is_staff_member:
        raise PermissionDenied
    device = confirmed_totp_device(user)
    enrolling = device is None
    if enrolling:
        device = services.start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        recovery = (
            security_keys.use_recovery_code(user=user, code=token, request=request)
            if len(token) == security_keys.RECOVERY_CODE_LENGTH and not enrolling
            else None
        )
        if recovery is not None:
            otp_login(request, recovery)
            left = security_keys.recovery_codes_left(user)
            messages.warning(request, _("已用恢复码登录，还剩 %(n)d 个恢复码。") % {"n": left})
            return redirect(_safe_next(request))
        try:
            if enrolling:
                services.confirm_totp_enrolment(user=user, device=device, token=token, request=request)
            else:
                services.verify_totp(user=user, token=token, request=request)
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            if enrolling:
                messages.success(request, _("已绑定身份验证器，以后每次登录都需输入动态口令。"))
            return redirect(_safe_next(request))
    context = {
        "form": form,
        "enrolling": enrolling,
        "required": mfa_required(user),
        "next": _safe_next(request),
        "has_keys": not enrolling and bool(security_keys.keys_of(user)),
    }
    if enrolling:
        context |= {"qr": _qr_svg(device.config_url), "secret": base64.b32encode(device.bin_key).decode()}
    return render(request, "accounts/mfa.html", context)


@require_http_methods(["GET", "POST"])
def party_login(request):
    """Parties sign in with their phone number and a one-time SMS code."""
    # A form is bound only to the stage that was posted: an unposted form shows no errors.
    data = request.POST if request.method == "POST" else None
    stage = data.get("stage", "phone") if data is not None else "phone"
    phone_form = PhoneForm(data if stage == "phone" else None)
    code_form = PhoneCodeForm(data if stage == "code" else None)
    if stage == "phone" and phone_form.is_valid():
        phone = phone_form.cleaned_data["phone"]
        try:
            services.request_sms_code_for(request, phone=phone)
        except DomainError as exc:
            phone_form.add_error("phone", exc.message)
        else:
            messages.info(request, _("验证码已发送，5分钟内有效。"))
            code_form = PhoneCodeForm(initial={"phone": phone})
            stage = "code"
    elif stage == "code" and lockout.address_locked(request):
        return lockout.locked_response(request, back="accounts:party_login")
    elif stage == "code" and code_form.is_valid():
        try:
            phone = services.check_sms_code(
                phone=code_form.cleaned_data["phone"], code=code_form.cleaned_data["code"]
            )
            user = services.party_account_for_phone(phone=phone, request=request)
        except DomainError as exc:
            code_form.add_error("code", exc.message)
            lockout.note_failure(request, kind="sms")
            services.record_failed_sign_in(
                username=mask_phone(code_form.cleaned_data["phone"]),
                reason="SMS code refused",
                request=request,
            )
        else:
            login(request, user, backend=_MODEL_BACKEND)  # rotates the session key
            services.record_sign_in(user=user, method=services.SignInMethod.SMS, request=request)
            return redirect(_safe_next(request))
    context = {"stage": stage, "phone_form": phone_form, "code_form": code_form, "next": _safe_next(request)}
    return render(request, "accounts/party_login.html", context)


@require_POST
def logout_view(request):
    target = "accounts:login"
    if request.user.is_authenticated:
        if request.user.is_party:
            target = "accounts:party_login"
        services.record_sign_out(user=request.user, request=request)
    logout(request)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """Account security for staff: TOTP status and the API token."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    token = recovery_codes = None
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "api_token":
            token = services.issue_api_token(user=request.user, request=request).key
        elif action == "recovery_codes":
            if not mfa_satisfied(request):
                raise PermissionDenied
            recovery_codes = security_keys.new_recovery_codes(user=request.user, request=request)
        elif action == "remove_key":
            if not mfa_satisfied(request):
                raise PermissionDenied
            key_id = parse_id(request.POST.get("key_id"))
            security_keys.remove_key(user=request.user, key_id=key_id or 0, request=request)
            messages.success(request, _("已删除该指纹/安全密钥。"))
            return redirect("accounts:security")
        elif action == "revoke_token":
            token_id = parse_id(request.POST.get("token_id"))
            if token_id is None:
                raise DomainError(_("没有找到该令牌。"))
            services.revoke_api_token(user=request.user, token_id=token_id, request=request)
            messages.success(request, _("令牌已吊销。"))
            return redirect("accounts:security")
    except DomainError as exc:
        messages.error(request, exc.message)
    context = {
        "has_totp": confirmed_totp_device(request.user) is not None,
        "mfa_required": mfa_required(request.user),
        "mfa_satisfied": mfa_satisfied(request),
        "token": token,
        "tokens": api_tokens_of(request.user),
        "keys": security_keys.keys_of(request.user),
        "recovery_codes": recovery_codes,
        "recovery_left": security_keys.recovery_codes_left(request.user),
        "now": timezone.now(),
    }
    return render(request, "accounts/security.html", context)
