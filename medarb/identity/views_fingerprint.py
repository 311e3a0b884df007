"""The window's fingerprint page for a party (登记指纹, 指纹确认) and its WebAuthn calls."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.identity import fingerprints

MAX_BODY = 64 * 1024
MODES = ("enrol", "confirm")


def _party(request, party_id: int) -> Party:
    if not policy.is_staff(request.user):
        raise PermissionDenied
    party = get_object_or_404(Party.objects.select_related("case__unit", "user"), pk=party_id)
    case = case_get_for_user(user=request.user, case_id=party.case_id)
    if not policy.can_write_case(request.user, case) or party.is_organisation:
        raise Http404
    return party


@login_required
@require_GET
def page(request, party_id: int):
    party = _party(request, party_id)
    back = reverse("cases:detail", args=[party.case_id]) + "#identity"
    context = {"party": party, "case": party.case, "keys": fingerprints.keys_of(party), "back": back}
    return render(request, "identity/fingerprint.html", context)


@login_required
@require_POST
def options(request, party_id: int, mode: str):
    if mode not in MODES:
        raise Http404
    party = _party(request, party_id)
    make = fingerprints.enrolment_options if mode == "enrol" else fingerprints.confirmation_options
    try:
        return HttpResponse(
            make(party=party, actor=request.user, session=request.session), content_type="application/json"
        )
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)


@login_required
@require_POST
def finish(request, party_id: int, mode: str):
    if mode not in MODES:
        raise Http404
    party = _party(request, party_id)
    try:
        body = json.loads(request.body) if len(request.body) <= MAX_BODY else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("credential"), dict):
        return JsonResponse({"error": _("设备的应答无效，请重试。")}, status=400)
    try:
        if mode == "enrol":
            fingerprints.enrol(
                party=party,
                actor=request.user,
                session=request.session,
                credential=body["credential"],
                request=request,
            )
            messages.success(request, _("已为%(name)s登记指纹。") % {"name": party.name})
        else:
            check = fingerprints.confirm(
                party=party,
                actor=request.user,
                session=request.session,
                credential=body["credential"],
                request=request,
            )
            if not check.passed:
                return JsonResponse({"error": check.detail["reason"]}, status=400)
            messages.success(request, _("指纹确认通过：%(name)s本人在场。") % {"name": party.name})
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    return JsonResponse({"ok": True})
