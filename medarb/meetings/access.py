"""Whose browser a meeting's attendee is: the one the room page was rendered for (its session
holds the attendee's key) or the signed-in person invited."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from medarb.meetings.models import Attendee

SESSION_KEY = "meeting_attendees"


def remember(request, attendee: Attendee) -> None:
    keys = request.session.get(SESSION_KEY, [])
    if str(attendee.key) not in keys:
        request.session[SESSION_KEY] = [*keys, str(attendee.key)][-20:]


def attendee_of_request(request, key) -> Attendee:
    """The attendee `key` if it is this browser's (its session) or this user's; else 404."""
    attendee = get_object_or_404(Attendee.objects.select_related("meeting__parent", "party"), key=key)
    user = request.user
    mine = str(attendee.key) in request.session.get(SESSION_KEY, []) or (
        user.is_authenticated
        and (
            attendee.user_id == user.pk or (attendee.party is not None and attendee.party.user_id == user.pk)
        )
    )
    if not mine:
        raise Http404
    return attendee
