"""Sign-in pages: staff password + TOTP, party phone + SMS code, account security."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.accounts import services
from medarb.accounts.forms import PhoneCodeForm, PhoneForm, StaffLoginForm, TokenForm
from medarb.accounts.mfa import confirmed_totp_device, mfa_required
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError


def _safe_next(request, default: str = "dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


class StaffLogin(LoginView):
    form_class = StaffLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(actor=form.get_user(), action=AuditAction.LOGIN, obj=form.get_user(), request=self.request)
        if mfa_required(form.get_user()):
            return redirect(f"{_mfa_url()}?next={self.get_success_url()}")
        return response


def _mfa_url() -> str:
    return reverse("accounts:mfa")


def _qr_svg(uri: str) -> str:
    buffer = BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def mfa(request):
    """Second step of a staff sign-in: check the TOTP code, or enrol a device first."""
    user = request.user
    device = confirmed_totp_device(user)
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or services.start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if enrolling:
                services.confirm_totp_enrolment(user=user, device=device, token=form.cleaned_data["token"])
            elif not device.verify_token(form.cleaned_data["token"]):
                raise DomainError(_("动态口令不正确。"), field="token")
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context |= {"qr": _qr_svg(device.config_url), "secret": base64.b32encode(device.bin_key).decode()}
    return render(request, "accounts/mfa.html", context)


@require_http_methods(["GET", "POST"])
def party_login(request):
    """Parties sign in with their phone number and a one-time SMS code."""
    stage = request.POST.get("stage", "phone")
    phone_form = PhoneForm(request.POST if stage == "phone" and request.method == "POST" else None)
    code_form = PhoneCodeForm(request.POST if stage == "code" else None)
    if request.method == "POST" and stage == "phone" and phone_form.is_valid():
        try:
            services.request_sms_code(phone=phone_form.cleaned_data["phone"])
        except DomainError as exc:
            phone_form.add_error("phone", exc.message)
        else:
            messages.info(request, _("验证码已发送，5分钟内有效。"))
            code_form = PhoneCodeForm(initial={"phone": phone_form.cleaned_data["phone"]})
            stage = "code"
    elif request.method == "POST" and stage == "code" and code_form.is_valid():
        try:
            phone = services.check_sms_code(phone=code_form.cleaned_data["phone"], code=code_form.cleaned_data["code"])
        except DomainError as exc:
            code_form.add_error("code", exc.message)
        else:
            user = services.party_account_for_phone(phone=phone)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request))
    return render(
        request, "accounts/party_login.html", {"stage": stage, "phone_form": phone_form, "code_form": code_form}
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(actor=request.user, action=AuditAction.LOGOUT, obj=request.user, request=request)
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """Account security: TOTP status and, for staff, the API token."""
    token = None
    if request.method == "POST" and request.POST.get("action") == "api_token":
        try:
            token = services.issue_api_token(user=request.user).key
        except DomainError as exc:
            messages.error(request, exc.message)
    context = {
        "has_totp": confirmed_totp_device(request.user) is not None,
        "mfa_required": mfa_required(request.user),
        "token": token,
    }
    return render(request, "accounts/security.html", context)
