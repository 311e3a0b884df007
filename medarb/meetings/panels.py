"""The case page's notice of a video meeting under way: staff go to its page, an invited
party goes straight into the room."""

from medarb.cases import policy
from medarb.meetings import selectors
from medarb.meetings.models import Purpose


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    user = request.user
    if policy.is_party(user):
        meetings = [m for m in selectors.open_meetings_for_party(user) if m.case_id == case.pk]
        meetings = [m for m in meetings if m.purpose != Purpose.JOINT_REVIEW]
    elif policy.is_staff(user):
        meetings = selectors.open_meetings_of_case(case)
        # anyone of the staff who reads the case may call for (or give) remote guidance
        return {"meetings": meetings, "is_staff": True, "case": case}
    else:
        return None
    if not meetings:
        return None
    return {"meetings": meetings, "is_staff": False, "case": case}


def dashboard_panel_context(*, request) -> dict | None:
    """Guidance calls ringing this person, and the units they are on duty for today."""
    if not policy.is_staff(request.user):
        return None
    # Always there: the panel asks again every few seconds, so a call rings without a reload.
    return {"calls": selectors.calls_for(request.user), "duties": selectors.duties_of(request.user)}
