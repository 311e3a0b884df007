"""Face verification at the window (人证比对), the ID-card reader's answer, and the filing
officers' manual review of a face check that failed."""

import base64
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.files import IMAGE_TYPES, check_upload, sniff
from medarb.identity import card_readers, face_checks, liveness, reader_checks, requirements
from medarb.identity.models import FaceReview, FilingRequirement, ReviewState
from medarb.identity.services import PHOTO_MAX_BYTES

READING_MAX_BYTES = 1024 * 1024  # a reader's answer with the chip photo is some 60 kB


def _photo(request, field: str) -> bytes | None:
    upload = request.FILES.get(field)
    if upload is None:
        return None
    try:
        data, _sniffed = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field=field) from exc
    return data


def _window_party(request, party_id: int) -> Party:
    """A natural party with a resident ID number, of a case the staff member handles."""
    if not policy.is_staff(request.user):
        raise PermissionDenied
    party = get_object_or_404(Party.objects.select_related("case", "user"), pk=party_id)
    case = case_get_for_user(user=request.user, case_id=party.case_id)
    if not policy.can_write_case(request.user, case):
        raise PermissionDenied
    if party.is_organisation or not party.id_index:
        raise Http404  # only a natural person with a resident ID number is compared
    return party


@login_required
@require_http_methods(["GET", "POST"])
def face(request, party_id: int):
    """The window's camera page: the party looks into the camera, the card is read on the
    reader (or its front photographed) and the two faces are compared."""
    party = _window_party(request, party_id)
    case = party.case
    if request.method == "POST":
        try:
            live = _photo(request, "live")
            if live is None:
                raise DomainError(_("请先拍摄当事人的现场照片。"), field="live")
            check = face_checks.verify_party_face(
                party=party,
                live=live,
                card=_photo(request, "card"),
                card_source="chip" if request.POST.get("card_source") == "chip" else "photo",
                frames=liveness.admit_frames(request.FILES.getlist("frames")),
                actor=request.user,
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if check.passed:
                messages.success(
                    request,
                    _("人脸比对通过（差异 %(d).2f，阈值 %(t).2f）。")
                    % {"d": check.score, "t": check.detail["threshold"]},
                )
            else:
                messages.warning(
                    request,
                    _("人脸比对未通过（差异 %(d).2f，阈值 %(t).2f），已转立案人员人工复核。")
                    % {"d": check.score, "t": check.detail["threshold"]},
                )
            return redirect(reverse("cases:detail", args=[case.pk]) + "#identity")
    reader = card_readers.configured()
    context = {
        "party": party,
        "case": case,
        "has_reference": face_checks.reference_of(party.id_index) is not None,
        "reader": reader,
        "reader_url": card_readers.reader_url() if reader else "",
    }
    response = render(request, "identity/face.html", context)
    if reader:  # the page's script calls the reader on the window PC
        response._csp_update = {"connect-src": [card_readers.reader_url()]}
    return response


@login_required
@require_POST
def card_reading(request, party_id: int):
    """The reader's answer, passed on unchanged by the window page: checked against the party;
    when it passes, the chip's photo goes back for the face comparison."""
    party = _window_party(request, party_id)
    try:
        raw = json.loads(request.body) if len(request.body) <= READING_MAX_BYTES else None
    except (ValueError, UnicodeDecodeError):
        raw = None
    if raw is None:
        return JsonResponse({"error": _("读卡器的应答无法识别，请重新读卡。")}, status=400)
    try:
        check, reading = reader_checks.check_card_reading(
            party=party, raw=raw, actor=request.user, request=request
        )
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    if not check.passed:
        return JsonResponse({"passed": False, "error": check.detail["reason"]})
    photo = base64.b64encode(reading.photo).decode() if reading.photo else ""
    return JsonResponse(
        {
            "passed": True,
            "message": _("读卡核验通过：%(name)s，%(id)s，有效期至 %(to)s。")
            % {"name": reading.name, "id": check.detail["read_id"], "to": check.detail["valid_to"]},
            "photo": photo,
        }
    )


@login_required
@require_GET
def reviews(request):
    units = face_checks.review_units(request.user)
    if not units:
        raise PermissionDenied
    queue = FaceReview.objects.filter(unit__in=units).select_related(
        "identity_check__party__case", "identity_check__checked_by", "decided_by"
    )
    context = {
        "pending": [
            r for r in queue.filter(state=ReviewState.PENDING) if face_checks.may_review(request.user, r)
        ],
        "decided": [
            r
            for r in queue.exclude(state=ReviewState.PENDING).order_by("-decided_at")[:20]
            if face_checks.may_review(request.user, r)
        ],
    }
    return render(request, "identity/reviews.html", context)


def _review_for(request, review_id: int) -> FaceReview:
    review = get_object_or_404(
        FaceReview.objects.select_related("identity_check__party__case", "identity_check__checked_by"),
        pk=review_id,
    )
    if not face_checks.may_review(request.user, review):
        raise Http404
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review(request, face_review_id: int):
    review = _review_for(request, face_review_id)
    if request.method == "POST":
        try:
            face_checks.decide_review(
                review=review,
                actor=request.user,
                accept=request.POST.get("decision") == "accept",
                reason=request.POST.get("reason", ""),
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("复核结果已记录。"))
            return redirect("identity:reviews")
    return render(request, "identity/review.html", {"review": review, "check": review.identity_check})


@login_required
@require_GET
def review_photo(request, face_review_id: int, which: str):
    if which not in ("live", "card"):
        raise Http404
    review = _review_for(request, face_review_id)
    try:
        data = face_checks.review_photo(review=review, which=which, actor=request.user)
    except DomainError as exc:
        raise Http404 from exc
    sniffed = sniff(data)
    response = HttpResponse(
        data, content_type=sniffed.content_type if sniffed else "application/octet-stream"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def requirements_page(request):
    """立案实名核验要求: the chair or admin ticks which checks each unit requires."""
    units = requirements.setting_units(request.user)
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404
        requirements.save_requirement(
            actor=request.user,
            unit=unit,
            face=request.POST.get("face") == "on",
            fingerprint=request.POST.get("fingerprint") == "on",
            card_reader=request.POST.get("card_reader") == "on",
            request=request,
        )
        messages.success(request, _("已保存%(unit)s的实名核验要求。") % {"unit": unit.name})
        return redirect("identity:requirements")
    own = {r.unit_id: r for r in FilingRequirement.objects.filter(unit__in=units)}
    base = min(u.depth for u in units)
    rows = []
    for unit in units:
        effective = own.get(unit.pk) or requirements.requirement_for(unit)
        rows.append(
            {"unit": unit, "own": unit.pk in own, "effective": effective, "indent": unit.depth - base}
        )
    return render(request, "identity/requirements.html", {"rows": rows})
