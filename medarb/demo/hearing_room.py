"""The hearing-room system of the demo: capture devices in the district's courts and mediation
rooms, the tribunal of every sample case that has reached a hearing, and sittings for the
sample cases whose state implies them (to come, under way, or held before the award).

Devices, and hearings and sessions on the coming working days, go through the real services
(`recording.devices.register_device`, `hearings.services.schedule_sitting`, mediation's
`schedule_session`), so stream keys, clash and notice checks, timeline entries and the audit
are the platform's own. Tribunals are seeded like the states themselves (see
`seat_tribunals`). Today's sittings, and the held hearings of the cases being decided, are a
seeding shortcut: the scheduler refuses a time that has passed (and a day off), yet a demo
loaded in the evening or at a weekend still needs the day's hearings for the supervision wall
and the supervisors' overview. Each is checked by the same clash rules
(`hearings.services.check_clashes`) and leaves a timeline entry that says it is demo data.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from medarb.arbitration.models import Tribunal, TribunalKind
from medarb.arbitration.services.common import special_tribunal_threshold
from medarb.cases.models import Case, CaseKind
from medarb.cases.services import add_timeline
from medarb.cases.workflow import reset_state_tasks, run_clocks
from medarb.core.errors import ProcedureError
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingKind
from medarb.hearings.services import check_clashes, record_sitting_held, schedule_sitting
from medarb.mediation.models import Session
from medarb.mediation.services import schedule_session
from medarb.orgs.models import Room, RoomKind, Unit
from medarb.procedure.declaration import procedure_for
from medarb.recording.devices import register_device
from medarb.recording.models import DeviceKind

# Arbitration states with a sitting to come or under way, and those that imply a composed
# tribunal (the hearing and everything after it: the award is the tribunal's).
SITTING_STATES = frozenset({"hearing_scheduled", "hearing", "mediation_in_arbitration"})
# Open arbitration states after the hearing: it was held on a working day before today.
HEARD_STATES = frozenset({"award_drafting", "award_sign_off", "award_issued"})
TRIBUNAL_STATES = SITTING_STATES | HEARD_STATES | {"closed_award", "closed_mediation"}

COURT_SEATS = ("仲裁员席", "申请人席", "被申请人席", "全景")
MEDIATION_SEATS = ("调解员席", "申请人席", "被申请人席")
EQUIPPED_ROOMS = (RoomKind.ARBITRATION_COURT, RoomKind.MEDIATION_ROOM, RoomKind.DIGITAL_MEDIATION_ROOM)

# Start times tried in turn on a day, and how long each kind of sitting is booked for.
STARTS = ("09:00", "14:30", "10:30", "16:00", "08:30", "13:30")
LENGTH = {SittingKind.HEARING: timedelta(hours=2), SittingKind.MEDIATION_SESSION: timedelta(minutes=90)}
# How many of each kind sit today (the rest on the coming working days).
TODAY = {"hearing": 2, "hearing_scheduled": 1, "in_session": 1, "mediation_in_arbitration": 0}


def install_devices(*, district: Unit, admin) -> int:
    """A camera for each seat and the evidence visualiser in every court and mediation room of
    the district, registered by its admin (each key is issued and hashed by the real code;
    the admin rotates one on 采集设备 to read it)."""
    rooms = Room.objects.filter(unit__path__startswith=district.path, kind__in=EQUIPPED_ROOMS).order_by(
        "unit__path", "name"
    )
    count = 0
    for room in rooms:
        seats = COURT_SEATS if room.kind == RoomKind.ARBITRATION_COURT else MEDIATION_SEATS
        for seat in seats:
            register_device(actor=admin, room=room, name=f"{seat}摄像机", kind=DeviceKind.CAMERA)
        register_device(actor=admin, room=room, name="证据展台", kind=DeviceKind.VISUALISER)
        count += len(seats) + 1
    return count


def seat_tribunals(cases: list[Case], *, arbitrators: list, clerks: list, chair) -> int:
    """Seeding shortcut: the tribunal of every sample case whose state implies one (the real
    act, `compose_tribunal`, also issues and seals its notice, about a second a case, and is
    offered only before the hearing is scheduled). Sole, or three for a collective dispute."""
    composing = procedure_for(CaseKind.ARBITRATION).transitions["compose_tribunal"]
    count = 0
    for case in cases:
        if case.kind != CaseKind.ARBITRATION or case.status not in TRIBUNAL_STATES or case.handler_id is None:
            continue
        if Tribunal.objects.filter(case=case).exists():
            continue
        presiding = case.handler
        at_home = any(a.pk == presiding.pk for a in arbitrators)
        members = [presiding]
        kind = TribunalKind.SOLE
        if case.is_collective and at_home:
            threshold = special_tribunal_threshold()
            kind = (
                TribunalKind.SPECIAL if threshold and case.worker_count >= threshold else TribunalKind.THREE
            )
            members += [a for a in arbitrators if a.pk != presiding.pk][:2]
        tribunal = Tribunal.objects.create(
            case=case,
            kind=kind,
            presiding=presiding,
            clerk=clerks[count % len(clerks)] if at_home else None,
            composed_on=case.accepted_on,
            composed_by=chair if at_home else presiding,
        )
        tribunal.members.set(members)
        # What the act does to the clocks: the 组庭期限 is met (the to-dos follow the clocks).
        run_clocks(case, composing, on=case.accepted_on, closing=False)
        reset_state_tasks(case=case)
        add_timeline(
            case=case,
            actor=tribunal.composed_by,
            kind="demo_tribunal",
            title=f"（演示数据）组成仲裁庭：{tribunal.get_kind_display()}，"
            + "、".join(str(m) for m in members)
            + (f"，书记员 {tribunal.clerk}" if tribunal.clerk else ""),
            article="《劳动争议调解仲裁法》第三十一条",
        )
        count += 1
    return count


def seed_hearing_room(cases: list[Case], *, units: dict[str, Unit], users: dict, today: date) -> None:
    """Devices, tribunals and sittings of the demo district (see the module doc)."""
    install_devices(district=units["district"], admin=users["admin"])
    seat_tribunals(
        cases,
        arbitrators=[users[u] for u in ("arb_lin", "arb_chen", "arb_huang")],
        clerks=[users["clerk_liu"], users["clerk_xu"]],
        chair=users["chair"],
    )
    seed_sittings(cases=cases, today=today)
    seed_held_hearings(cases=cases, today=today)


@dataclass
class Wanted:
    case: Case
    kind: str
    rooms: list[Room]
    members: list
    clerk: object | None
    actor: object


def _rooms_for(case: Case, kinds: tuple[str, ...]) -> list[Room]:
    """Rooms of the case's unit or the units above it (the scheduler allows no other): nearest
    unit first, and within a unit in the order of `kinds`, then as created (第一 before 第二:
    an order by name would follow the database's collation of Chinese)."""
    units = Unit.objects.filter(pk__in=_ancestor_ids(case.unit)).order_by("-path")
    rooms = []
    for unit in units:
        own = [r for r in unit.rooms.filter(is_active=True).order_by("pk") if r.kind in kinds]
        rooms += sorted(own, key=lambda r: kinds.index(r.kind))
    return rooms


def _ancestor_ids(unit: Unit) -> list[int]:
    ids = []
    while unit is not None:
        ids.append(unit.pk)
        unit = unit.parent
    return ids


def _working_days(after: date, *, step: int = 1) -> Iterator[date]:
    """The working days after `after` (or, with step -1, before it), nearest first."""
    day = after
    while True:
        day += timedelta(days=step)
        if timing.is_working_day(day):
            yield day


def _free_slot(want: Wanted, day: date) -> tuple[Room, datetime, datetime] | None:
    """The nearest room and its first start on `day` that the clash rules accept."""
    people = [*want.members, *([want.clerk] if want.clerk else [])]
    for room in want.rooms:
        for start in STARTS:
            starts_at = timing.at(day, time.fromisoformat(start))
            ends_at = starts_at + LENGTH[want.kind]
            try:
                check_clashes(
                    case=want.case,
                    room=room,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    people=people,
                    actor=want.actor,
                )
            except ProcedureError:
                continue
            return room, starts_at, ends_at
    return None


def _seed_on(want: Wanted, day: date) -> Sitting | None:
    """Seeding shortcut: a sitting today or on a day past, at a time the clash rules accept
    (see the module doc)."""
    slot = _free_slot(want, day)
    if slot is None:
        return None
    room, starts_at, ends_at = slot
    sitting = Sitting.objects.create(
        case=want.case,
        kind=want.kind,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        clerk=want.clerk,
        is_public=want.kind == SittingKind.HEARING,
        created_by=want.actor,
    )
    sitting.members.set(want.members)
    if want.kind == SittingKind.MEDIATION_SESSION and want.case.kind == CaseKind.MEDIATION:
        Session.objects.create(
            case=want.case,
            seq=1,
            starts_at=starts_at,
            minutes=int(LENGTH[want.kind].total_seconds() // 60),
            room=room,
            mediator=want.members[0],
            sitting_id=sitting.pk,
        )
    local = timing.local(starts_at)
    add_timeline(
        case=want.case,
        actor=want.actor,
        kind="demo_sitting",
        title=f"（演示数据）安排{sitting.get_kind_display()}：{local:%Y-%m-%d %H:%M}–"
        f"{timing.local(ends_at):%H:%M} {room.name}",
        sitting_id=sitting.pk,
    )
    return sitting


def _schedule(want: Wanted, today: date) -> Sitting:
    """Through the real services, on the first coming working day with a free slot (hearings
    no earlier than the five-day notice allows, Law Art. 35)."""
    for day in _working_days(today):
        if want.kind == SittingKind.HEARING and timing.latest_notice_date(day, want.case.unit_path) < today:
            continue
        slot = _free_slot(want, day)
        if slot is None:
            continue
        room, starts_at, ends_at = slot
        if want.case.kind == CaseKind.MEDIATION:
            session = schedule_session(
                case=want.case,
                actor=want.actor,
                starts_at=starts_at,
                minutes=int((ends_at - starts_at).total_seconds() // 60),
                room=room,
                mediator=want.members[0],
            )
            return Sitting.objects.get(pk=session.sitting_id)
        return schedule_sitting(
            case=want.case,
            actor=want.actor,
            kind=want.kind,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            members=want.members,
            clerk=want.clerk,
            is_public=want.kind == SittingKind.HEARING,
        )
    raise AssertionError("unreachable: working days never run out")


def _wanted(case: Case) -> Wanted | None:
    if case.kind == CaseKind.ARBITRATION and case.status in SITTING_STATES | HEARD_STATES:
        tribunal = (
            Tribunal.objects.filter(case=case).prefetch_related("members").select_related("clerk").first()
        )
        if tribunal is None:
            return None
        hearing = case.status != "mediation_in_arbitration"  # a hearing, or a session in arbitration
        kinds = (
            (RoomKind.ARBITRATION_COURT,)
            if hearing
            else (RoomKind.MEDIATION_ROOM, RoomKind.ARBITRATION_COURT)
        )
        rooms = _rooms_for(case, kinds)
        if hearing and rooms:  # spread the hearings over the courts
            turn = case.pk % len(rooms)
            rooms = rooms[turn:] + rooms[:turn]
        return Wanted(
            case=case,
            kind=SittingKind.HEARING if hearing else SittingKind.MEDIATION_SESSION,
            rooms=rooms,
            members=list(tribunal.members.all()),
            clerk=tribunal.clerk,
            actor=tribunal.clerk or tribunal.presiding,
        )
    if case.kind == CaseKind.MEDIATION and case.status == "in_session" and case.handler_id:
        return Wanted(
            case=case,
            kind=SittingKind.MEDIATION_SESSION,
            rooms=_rooms_for(case, (RoomKind.DIGITAL_MEDIATION_ROOM, RoomKind.MEDIATION_ROOM)),
            members=[case.handler],
            clerk=None,
            actor=case.handler,
        )
    return None


def seed_sittings(*, cases: list[Case], today: date) -> list[Sitting]:
    """Today's sittings first (a few of each state), then the rest on the coming working days."""
    sittings = []
    taken_today: dict[str, int] = {}
    # A case whose hearing is under way takes the morning; one still waiting, the afternoon.
    for case in sorted(cases, key=lambda c: (c.status != "hearing", c.pk)):
        want = _wanted(case)
        if want is None or not want.rooms or case.status in HEARD_STATES:
            continue
        sitting = None
        if taken_today.get(case.status, 0) < TODAY.get(case.status, 0):
            sitting = _seed_on(want, today)
            if sitting is not None:
                taken_today[case.status] = taken_today.get(case.status, 0) + 1
        sittings.append(sitting or _schedule(want, today))
    return sittings


def seed_held_hearings(*, cases: list[Case], today: date) -> list[Sitting]:
    """The hearing each case after it was heard in: on a working day in the fortnight before
    today (seeding shortcut, as for today's), then recorded as held by its clerk through the
    real service (`record_sitting_held`), which refuses a sitting that has not begun."""
    held = []
    for case in cases:
        want = _wanted(case) if case.status in HEARD_STATES else None
        if want is None or not want.rooms:
            continue
        days = _working_days(today, step=-1)
        for day in (next(days) for _ in range(10)):
            if case.accepted_on and day <= case.accepted_on:
                break
            sitting = _seed_on(want, day)
            if sitting is not None:
                held.append(record_sitting_held(sitting=sitting, actor=want.actor, note="（演示数据）"))
                break
    return held
