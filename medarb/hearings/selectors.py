"""Queries on sittings: calendars of rooms and people, a case's sittings, the API list.

A calendar shows a sitting in full only when its case is visible to the viewer; other
bookings appear as "已占用" with their time and nothing else.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from medarb.cases import policy
from medarb.cases.models import Case
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingState
from medarb.orgs.models import Role, Room, Unit
from medarb.orgs.selectors import active_memberships

SCHEDULING_ROLES = (Role.ARBITRATOR, Role.MEDIATOR, Role.CHAIR)


@dataclass(frozen=True)
class CalendarEntry:
    sitting: Sitting
    visible: bool
    shows_notes: bool = False

    @property
    def start(self) -> datetime:
        return timing.local(self.sitting.starts_at)

    @property
    def end(self) -> datetime:
        return timing.local(self.sitting.ends_at)


def _units_related_to(user) -> Q:
    """Units whose rooms the user may look at: their units, the units above and below them."""
    query = Q(pk__in=[])
    for membership in active_memberships(user):
        path = membership.unit.path
        ancestors = [int(p) for p in path.strip("/").split("/") if p]
        query |= Q(pk__in=ancestors)
    for path in policy.read_paths(user):
        query |= Q(path__startswith=path)
    return query


def rooms_for_user(user) -> QuerySet[Room]:
    if not policy.is_staff(user):
        return Room.objects.none()
    units = Unit.objects.filter(_units_related_to(user))
    return (
        Room.objects.filter(unit__in=units, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def room_get_for_user(*, user, room_id: int) -> Room:
    room = rooms_for_user(user).filter(pk=room_id).first()
    if room is None:
        raise Http404("no such room")
    return room


def rooms_for_case(case: Case) -> QuerySet[Room]:
    """Rooms a case may be heard in: its own unit's and every unit above it."""
    ancestors = [int(p) for p in case.unit.path.strip("/").split("/") if p]
    return (
        Room.objects.filter(unit_id__in=ancestors, is_active=True)
        .select_related("unit")
        .order_by("-unit__path", "name")
    )


def people_for_case(case: Case, roles=SCHEDULING_ROLES) -> QuerySet:
    """Staff of the case's unit and the units above it who hold one of `roles`."""
    ancestors = [int(p) for p in case.unit.path.strip("/").split("/") if p]
    return (
        get_user_model()
        .objects.filter(
            memberships__unit_id__in=ancestors,
            memberships__role__in=roles,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def person_get_for_user(*, user, person_id: int):
    """A staff member whose calendar the user may see: themselves or someone in a related unit."""
    if not policy.is_staff(user):
        raise Http404("no such person")
    person = get_user_model().objects.filter(pk=person_id, is_active=True).first()
    if person is None or not person.is_staff_member:
        raise Http404("no such person")
    if person.pk == user.pk:
        return person
    units = Unit.objects.filter(_units_related_to(user))
    if not person.memberships.filter(unit__in=units, is_active=True).exists():
        raise Http404("no such person")
    return person


def _with_visibility(*, user, sittings: list[Sitting]) -> list[CalendarEntry]:
    case_ids = {s.case_id for s in sittings}
    visible = (
        set(Case.objects.visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
        if case_ids
        else set()
    )
    paths = policy.read_paths(user)
    return [
        CalendarEntry(
            sitting=s,
            visible=s.case_id in visible,
            shows_notes=s.case_id in visible and sees_sitting_notes(user, s, paths=paths),
        )
        for s in sittings
    ]


def sees_sitting_notes(user, sitting: Sitting, *, paths: list[str]) -> bool:
    """A sitting's notes (备注) are internal: for staff who read its case through the unit tree
    (`paths`, from `policy.read_paths`) and for its own tribunal and clerk, never for a
    party or a read share. Needs `case` and `members` loaded, so a list costs no queries."""
    if not policy.is_staff(user):
        return False
    if any(sitting.case.unit_path.startswith(path) for path in paths):
        return True
    return sitting.clerk_id == user.pk or any(m.pk == user.pk for m in sitting.members.all())


def _between(start: date, end: date) -> QuerySet[Sitting]:
    """Blocking sittings that overlap the local days [start, end)."""
    hours_from = timing.at(start, datetime.min.time())
    hours_to = timing.at(end, datetime.min.time())
    return (
        Sitting.objects.blocking()
        .overlapping(hours_from, hours_to)
        .with_related()
        .order_by("starts_at", "id")
    )


def room_calendar(*, user, room: Room, start: date, days: int) -> list[CalendarEntry]:
    sittings = list(_between(start, start + timedelta(days=days)).filter(room=room))
    return _with_visibility(user=user, sittings=sittings)


def person_calendar(*, user, person, start: date, days: int) -> list[CalendarEntry]:
    sittings = list(
        _between(start, start + timedelta(days=days)).filter(Q(members=person) | Q(clerk=person)).distinct()
    )
    return _with_visibility(user=user, sittings=sittings)


def sittings_for_case(case: Case) -> QuerySet[Sitting]:
    return Sitting.objects.filter(case=case).with_related().order_by("starts_at", "id")


def sitting_for_papers(case: Case, *, kind: str | None = None) -> Sitting | None:
    """The sitting a paper of the case speaks of: the next one to come, else the last held."""
    sittings = Sitting.objects.filter(case=case).select_related("room", "clerk").prefetch_related("members")
    if kind:
        sittings = sittings.filter(kind=kind)
    upcoming = sittings.filter(state=SittingState.SCHEDULED, starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    return upcoming.first() or sittings.filter(state=SittingState.HELD).order_by("-starts_at").first()


def paper_values(sitting: Sitting) -> dict:
    """The time and place a paper gives for a sitting (`documents.paper_fields`)."""
    from django.utils.translation import gettext as _

    return {
        "hearing_time": sitting.starts_at,
        "room": sitting.room.name if sitting.room else _("网上（远程视频）"),
    }


def sittings_visible_to(
    user,
    *,
    room_id: int | None = None,
    person_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    case_id: int | None = None,
) -> QuerySet[Sitting]:
    """Sittings of cases the user may see (the API list), filtered; `date_to` is inclusive."""
    qs = Sitting.objects.filter(case__in=Case.objects.visible_to(user).values("pk")).with_related()
    if room_id:
        qs = qs.filter(room_id=room_id)
    if person_id:
        qs = qs.filter(Q(members=person_id) | Q(clerk_id=person_id)).distinct()
    if case_id:
        qs = qs.filter(case_id=case_id)
    if date_from:
        qs = qs.filter(ends_at__gt=timing.at(date_from, datetime.min.time()))
    if date_to:
        qs = qs.filter(starts_at__lt=timing.at(date_to + timedelta(days=1), datetime.min.time()))
    return qs.order_by("starts_at", "id")


FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 366


def feed_entries(*, user, room: Room | None = None, person=None, today: date) -> list[CalendarEntry]:
    """A subscription's sittings, cancelled ones included so calendar apps drop them."""
    start = timing.at(today - timedelta(days=FEED_DAYS_BACK), datetime.min.time())
    end = timing.at(today + timedelta(days=FEED_DAYS_AHEAD), datetime.min.time())
    qs = Sitting.objects.overlapping(start, end).with_related().order_by("starts_at", "id")
    if room is not None:
        qs = qs.filter(room=room)
    if person is not None:
        qs = qs.filter(Q(members=person) | Q(clerk=person)).distinct()
    return _with_visibility(user=user, sittings=list(qs))
