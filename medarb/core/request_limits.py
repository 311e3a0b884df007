"""Refusing an oversized request by its Content-Length, before one byte of the body is read.

Django reads a multipart body into temporary files before any view can look at the size, so
a 100 MB upload to a public page used to be received in full before "文件过大". This
middleware sits first and answers 413 with the site's error page when the declared length
exceeds the path's allowance (`settings.REQUEST_BODY_ALLOWANCES`, longest prefix wins, else
`settings.REQUEST_MAX_BYTES`). A body sent without a length (chunked) is capped by nginx's
`client_max_body_size` (see `manage.py nginx_config`), which is the largest allowance here.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from medarb.core.errors_views import bad_request


def body_limit(path: str) -> int:
    """The largest body accepted for this path."""
    best, limit = "", settings.REQUEST_MAX_BYTES
    for prefix, allowance in settings.REQUEST_BODY_ALLOWANCES.items():
        if path.startswith(prefix) and len(prefix) > len(best):
            best, limit = prefix, allowance
    return limit


def largest_body_limit() -> int:
    return max([settings.REQUEST_MAX_BYTES, *settings.REQUEST_BODY_ALLOWANCES.values()])


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    context = {
        "status": 413,
        "title": _("提交的内容过大"),
        "text": _("本页面一次最多接收 %(limit)s，请压缩或分批上传后重试。")
        % {"limit": filesizeformat(limit)},
    }
    response = render(request, "error.html", context, status=413)
    # The body was never read: the connection cannot carry another request after it.
    response["Connection"] = "close"
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = (request.META.get("CONTENT_LENGTH") or "").strip()
        if declared:
            if not declared.isdigit():
                return bad_request(request)
            limit = body_limit(request.path_info)
            if int(declared) > limit:
                return too_large(request, limit)
        return self.get_response(request)
