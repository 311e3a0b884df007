"""The address a request came from, as every limit (SMS codes, sign-in failures) counts it.

Behind nginx every request arrives from 127.0.0.1; counting that address would put the
whole public behind one limit. The proxy's addresses are listed in MEDARB_TRUSTED_PROXIES;
only then is X-Forwarded-For read, right to left, skipping trusted hops, so a client cannot
pick its own address by sending the header itself.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_ip(request: HttpRequest) -> str | None:
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    if not remote:
        return None
    if not _trusted(remote):
        return remote
    forwarded = [
        hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
    ]
    for hop in reversed(forwarded):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a malformed header: count the proxy rather than a made-up value
    return remote


def client_ip_for_axes(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes counts the same address as every other limit."""
    return client_ip(request)
