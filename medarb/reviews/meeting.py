"""The meeting of a joint review, booked as a sitting (kind 会审) through the hearings service.

Approval books it at the meeting time in the nearest remote review centre (远程会审中心) of the
case's unit or a unit above it, or with no room when there is none (everyone joins by video),
with the tribunal's members; each invited expert joins its members once the clash rules let
them. So the meeting stands in the centre's and every participant's calendar, and the clash
rules keep a room or a person from being booked twice. It takes no party's time and no party
ever sees it (`hearings.models.HIDDEN_FROM_PARTIES`). Closing the review records it held, or
cancels it when the review ends before its time.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases.models import Case
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.hearings.services import cancel_sitting, check_clashes, record_sitting_held, schedule_sitting
from medarb.orgs.models import Room, RoomKind

LENGTH = timedelta(hours=2)


def review_centre(case: Case) -> Room | None:
    """The nearest active review centre on the case unit's path, or None."""
    path = case.unit.path
    centres = Room.objects.filter(kind=RoomKind.REMOTE_REVIEW_CENTRE, is_active=True).select_related("unit")
    on_path = [room for room in centres if path.startswith(room.unit.path)]
    return max(on_path, key=lambda room: len(room.unit.path), default=None)


def book(*, case: Case, actor, starts_at: datetime, members: list, request=None) -> Sitting:
    """The meeting at `starts_at`, until two hours later or the end of the working day."""
    day_ends = timing.at(timing.local(starts_at).date(), timing.working_hours().end)
    return schedule_sitting(
        case=case,
        actor=actor,
        kind=SittingKind.JOINT_REVIEW,
        room=review_centre(case),
        starts_at=starts_at,
        ends_at=min(starts_at + LENGTH, day_ends),
        members=members,
        is_public=False,
        request=request,
    )


def seat(sitting: Sitting | None, *, user, actor) -> None:
    """An invited expert joins the meeting, if they are free then (else the clash is refused)."""
    if sitting is None or sitting.state != SittingState.SCHEDULED:
        return
    check_clashes(
        case=sitting.case,
        room=None,
        starts_at=sitting.starts_at,
        ends_at=sitting.ends_at,
        people=[user],
        actor=actor,
        exclude=sitting,
        kind=sitting.kind,
    )
    sitting.members.add(user)


def end(sitting: Sitting | None, *, actor, request=None) -> None:
    if sitting is None or sitting.state != SittingState.SCHEDULED:
        return
    if timezone.now() >= sitting.starts_at:
        record_sitting_held(sitting=sitting, actor=actor, request=request)
    else:
        cancel_sitting(sitting=sitting, actor=actor, reason=_("会审已提前结束。"), request=request)
