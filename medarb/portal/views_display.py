"""The elder-friendly mode (适老化): larger type, higher contrast, a plainer page.

It belongs to the device, not the account (a grandchild's phone, the window's kiosk), so it
is a cookie that the base template reads on every page; no script is needed to apply it.
"""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

ELDER_COOKIE = "medarb_elder"
ONE_YEAR = 365 * 24 * 3600


@require_POST
def elder_mode(request):
    """Turn the mode on (`on=1`) or off, and go back to the page the person was on."""
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = "/portal/"
    response = redirect(back)
    if request.POST.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
