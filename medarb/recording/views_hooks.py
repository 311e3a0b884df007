"""The doors nginx knocks on: on_publish, on_update, on_publish_done, the relay's on_publish and the
auth_request of every playlist and segment. Each carries the hook secret in its path; none
is for browsers. Answers are bare status codes: nginx reads nothing else."""

import hmac
import logging
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from medarb.recording import live

log = logging.getLogger(__name__)
MEDIA_URI = re.compile(r"^/live/([A-Za-z0-9_-]+)/([^/?]+)$")


def _secret_ok(secret: str) -> bool:
    return hmac.compare_digest(secret.encode(), settings.MEDARB_MEDIA_HOOK_SECRET.encode())


@csrf_exempt
@require_POST
def publish(request, secret: str):
    if not _secret_ok(secret):
        return HttpResponseForbidden()
    try:
        broadcast = live.authorise_publish(key=request.POST.get("name", ""), addr=request.POST.get("addr"))
    except live.Refused as refusal:
        log.warning("push refused from %s: %s", request.POST.get("addr"), refusal)
        return HttpResponseForbidden()
    # A relative Location renames the stream: HLS, recordings and URLs never see the key.
    response = HttpResponse(status=302)
    response["Location"] = broadcast.stream_name
    return response


@csrf_exempt
@require_POST
def publish_done(request, secret: str):
    if not _secret_ok(secret):
        return HttpResponseForbidden()
    live.end_broadcast(name=request.POST.get("name", ""))
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def update(request, secret: str):
    """on_update, every few seconds of a push: a refusal makes nginx drop the publisher."""
    if not _secret_ok(secret):
        return HttpResponseForbidden()
    try:
        live.check_push(name=request.POST.get("name", ""))
    except live.Refused as refusal:
        log.warning("push stopped from %s: %s", request.POST.get("addr"), refusal)
        return HttpResponseForbidden()
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def relay(request, secret: str):
    """The HLS application accepts only the ingest's relay of a live push and the composite of a live sitting."""
    if not _secret_ok(secret) or not live.may_feed_hls(request.POST.get("name", "")):
        return HttpResponseForbidden()
    return HttpResponse(status=204)


@require_GET
def media_auth(request, secret: str):
    if not _secret_ok(secret):
        return HttpResponseForbidden()
    match = MEDIA_URI.match(request.headers.get("X-Original-URI", ""))
    try:
        if not match:
            raise live.Refused("not a live media URI")
        live.authorise_media(token=match.group(1), filename=match.group(2))
    except live.Refused:
        return HttpResponseForbidden()
    return HttpResponse(status=204)
