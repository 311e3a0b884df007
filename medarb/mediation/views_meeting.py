"""The party's own signing page during an online mediation, opened from the meeting room."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medarb.core.errors import DomainError
from medarb.mediation.services.signing_in_meeting import agreement_to_sign, sign_in_meeting
from medarb.meetings.access import attendee_of_request


def room_action(*, attendee) -> tuple[str, str] | None:
    """The meeting room's link to this page, while the party has an agreement to sign."""
    if agreement_to_sign(attendee) is None:
        return None
    return _("调解协议已拟好，请点此阅读并签名"), reverse("mediation:sign_in_meeting", args=[attendee.key])


@require_http_methods(["GET", "POST"])
def sign(request, key):
    attendee = attendee_of_request(request, key)
    agreement = agreement_to_sign(attendee)
    if request.method == "POST" and agreement is not None:
        try:
            sign_in_meeting(attendee=attendee, image=request.POST.get("signature", ""), request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("签名已保存，调解员会看到。"))
            return redirect("mediation:sign_in_meeting", key=attendee.key)
    context = {"attendee": attendee, "agreement": agreement, "case": attendee.meeting.case}
    return render(request, "mediation/sign_in_meeting.html", context)
