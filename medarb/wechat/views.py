"""The official account's server endpoint and the OAuth hand-off to a portal account.

WeChat signs each request with the account's token (SHA-1 of the sorted token, timestamp
and nonce); anything that fails the check is refused with 403 before it is parsed.
"""

import logging
import time

import requests
from django.conf import settings
from django.contrib.auth import login
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wechatpy import create_reply, parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import check_signature

from medarb.wechat import services
from medarb.wechat.models import WechatBinding

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024
SESSION_OPENID = "wechat_openid"


def _signed(request) -> bool:
    try:
        check_signature(
            settings.WECHAT_TOKEN,
            request.GET.get("signature", ""),
            request.GET.get("timestamp", ""),
            request.GET.get("nonce", ""),
        )
    except InvalidSignatureException:
        return False
    return bool(settings.WECHAT_TOKEN)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    if not _signed(request):
        return HttpResponseForbidden("invalid signature")
    if request.method == "GET":  # the URL check when the server address is configured
        return HttpResponse(request.GET.get("echostr", ""), content_type="text/plain")
    if len(request.body) > MAX_BODY:
        return HttpResponse("success", content_type="text/plain")
    try:
        message = parse_message(request.body)
    except Exception:  # malformed XML from a signed sender: acknowledge, never 500
        log.warning("unparseable WeChat message", exc_info=True)
        return HttpResponse("success", content_type="text/plain")
    text = services.reply_to(message)
    if text is None:
        return HttpResponse("success", content_type="text/plain")
    return HttpResponse(create_reply(text, message).render(), content_type="application/xml")


def _safe_next(request, next_url: str | None) -> str:
    """`next_url` if it is a path on this site, else the home page (never a view name,
    which `redirect` would try to reverse)."""
    if (
        not next_url
        or not next_url.startswith("/")
        or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
    ):
        return "/"
    return next_url


def oauth_start(request):
    """Send the visitor to WeChat's authorisation page (snsapi_base: OpenID only, no prompt)
    with a fresh single-use `state` that the callback must bring back."""
    state = services.begin_oauth(request.session, next_url=_safe_next(request, request.GET.get("next")))
    callback = f"{settings.SITE_URL}{reverse('wechat:oauth_callback')}"
    return redirect(services.authorize_url(callback, state=state))


def _refused(request):
    return render(
        request,
        "wechat/oauth_refused.html",
        {"title": _("微信授权已失效"), "restart": reverse("wechat:oauth_start")},
        status=400,
    )


def oauth_callback(request):
    """WeChat returns with a code: exchange it for the OpenID; sign in a bound user, or ask
    the visitor to sign in by SMS once so the OpenID can be bound to their account.
    A callback without the state issued to this session (a forged or replayed link) is
    refused before the code is even exchanged."""
    next_url = services.finish_oauth(request.session, state=request.GET.get("state", ""))
    if next_url is None:
        log.warning("WeChat OAuth callback with a missing, stale or foreign state refused")
        return _refused(request)
    next_url = _safe_next(request, next_url)
    code = request.GET.get("code", "")
    if not code:
        return redirect(next_url)
    try:
        openid = services.openid_for_code(code)
    except (requests.RequestException, ValueError, services.WechatError):
        log.warning("WeChat OAuth code exchange failed", exc_info=True)
        return redirect(next_url)
    binding = WechatBinding.objects.select_related("user").filter(openid=openid).first()
    if binding and binding.user.is_active:
        login(request, binding.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url)
    request.session[SESSION_OPENID] = {"openid": openid, "at": int(time.time())}
    return redirect(f"{reverse('accounts:party_login')}?next={reverse('wechat:bind')}?next={next_url}")


def bind(request):
    """After the SMS sign-in, bind the OpenID kept in the session to the account (only one
    that this session's own, state-checked callback put there, and only while fresh)."""
    pending = request.session.pop(SESSION_OPENID, None)
    next_url = _safe_next(request, request.GET.get("next"))
    if (
        isinstance(pending, dict)
        and isinstance(pending.get("at"), int)
        and time.time() - pending["at"] <= services.OAUTH_STATE_SECONDS
        and request.user.is_authenticated
    ):
        services.bind(openid=str(pending["openid"]), user=request.user, request=request)
    return redirect(next_url)
