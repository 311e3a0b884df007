"""Error pages in the platform's look, in Chinese, with no technical detail."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status: int, title: str, text: str):
    return render(request, "error.html", {"status": status, "title": title, "text": text}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("请求无效"), _("提交的内容无法识别，请返回后重试。"))


def permission_denied(request, exception=None):
    return _page(request, 403, _("没有权限"), _("您没有执行此操作的权限。如有疑问请联系单位管理员。"))


def page_not_found(request, exception=None):
    return _page(request, 404, _("未找到"), _("页面不存在，或您无权查看该内容。"))


def server_error(request):
    return _page(request, 500, _("系统繁忙"), _("系统暂时无法处理您的请求，已记录该问题，请稍后重试。"))


def method_not_allowed(request, allowed: str = ""):
    response = _page(
        request, 405, _("操作方式不正确"), _("此地址只接受表单提交，请回到上一页用页面上的按钮操作。")
    )
    if allowed:
        response["Allow"] = allowed
    return response


class ErrorPagesMiddleware:
    """Django answers a GET on a POST-only view with an empty 405: show the site's page instead
    (the API keeps its JSON answers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            return method_not_allowed(request, allowed=response.get("Allow", ""))
        return response
