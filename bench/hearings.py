"""Scheduling and calendars with a year of sittings in the district's rooms.

    .venv/bin/python bench/hearings.py [--count 20000] [-n 50] [--rebuild]

Seeds (once) three sittings a working day in each district room from three months back to
six months ahead, with the district's arbitrators and clerks, then times: booking a sitting
(clash checks over the whole table, rolled back), a refused booking (room clash), the room
and person week views, and a room's iCalendar feed.
"""

import random
from datetime import time, timedelta

from _harness import arguments, bench_database, load_average, measure, report

SLOTS = [(time(9, 0), time(10, 30)), (time(10, 30), time(12, 0)), (time(14, 0), time(16, 0))]


def seed_sittings() -> int:
    from django.db import transaction
    from django.utils import timezone

    from medarb.accounts.models import User
    from medarb.cases.models import Case
    from medarb.hearings import timing
    from medarb.hearings.models import Sitting
    from medarb.orgs.models import Room, Unit, UnitKind

    if Sitting.objects.exists():
        return Sitting.objects.count()
    district = Unit.objects.filter(kind=UnitKind.COMMISSION).order_by("path").first()
    rooms = list(Room.objects.filter(unit=district, is_active=True))
    case_ids = list(Case.objects.filter(unit=district).values_list("id", flat=True)[:20000])
    arbitrators = list(User.objects.filter(username__startswith="arb_"))
    clerks = list(User.objects.filter(username__startswith="clerk_"))
    rng = random.Random(5)
    today = timezone.localdate()
    sittings, members = [], []
    day = today - timedelta(days=90)
    while day < today + timedelta(days=180):
        if timing.is_working_day(day):
            for slot_index, (start, end) in enumerate(SLOTS):
                for room_index, room in enumerate(rooms):
                    # People rotate so that nobody sits twice at once.
                    arbitrator = (
                        arbitrators[(room_index + slot_index) % len(arbitrators)]
                        if room_index < len(arbitrators)
                        else None
                    )
                    if arbitrator is None:
                        continue
                    sittings.append(
                        Sitting(
                            case_id=rng.choice(case_ids),
                            kind="hearing",
                            room=room,
                            starts_at=timing.at(day, start),
                            ends_at=timing.at(day, end),
                            clerk=clerks[room_index] if room_index < len(clerks) else None,
                            state="held" if day < today else "scheduled",
                        )
                    )
                    members.append(arbitrator)
        day += timedelta(days=1)
    with transaction.atomic():
        created = Sitting.objects.bulk_create(sittings, batch_size=2000)
        Sitting.members.through.objects.bulk_create(
            [
                Sitting.members.through(sitting_id=s.pk, user_id=m.pk)
                for s, m in zip(created, members, strict=True)
            ],
            batch_size=5000,
        )
    return len(created)


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from medarb.accounts.models import User
    from medarb.api.testing import sign_in
    from medarb.cases.models import Case
    from medarb.core.errors import DomainError
    from medarb.hearings import services, timing
    from medarb.orgs.models import Room, Unit, UnitKind

    total = seed_sittings()
    print(f"sittings: {total}; load {load_average()}")
    district = Unit.objects.filter(kind=UnitKind.COMMISSION).order_by("path").first()
    room = Room.objects.filter(unit=district, is_active=True).order_by("name").first()
    chair = User.objects.get(username="chair")
    arbitrator = User.objects.get(username="arb_lin")
    case = Case.objects.filter(unit=district, kind="arbitration", closed_on__isnull=True).first()
    day = timezone.localdate() + timedelta(days=21)
    while not timing.is_working_day(day):
        day += timedelta(days=1)

    class Rollback(Exception):
        pass

    def book(start: time, end: time):
        try:
            with transaction.atomic():
                services.schedule_sitting(
                    case=case,
                    actor=chair,
                    kind="hearing",
                    room=room,
                    starts_at=timing.at(day, start),
                    ends_at=timing.at(day, end),
                    members=[User.objects.get(username="arb_huang")],
                    notice_waiver_reason="bench",
                )
                raise Rollback
        except (Rollback, DomainError):
            pass

    report("hearings.schedule_free_slot", measure(lambda: book(time(16, 0), time(17, 0)), n=args.n))
    report("hearings.schedule_room_clash", measure(lambda: book(time(9, 30), time(10, 0)), n=args.n))
    client = sign_in(Client(), arbitrator)
    week = f"/hearings/rooms/{room.pk}/week/?d={day:%Y-%m-%d}"
    person = f"/hearings/people/{arbitrator.pk}/week/?d={day:%Y-%m-%d}"
    assert client.get(week).status_code == 200
    report("hearings.room_week_page", measure(lambda: client.get(week), n=args.n), target_ms=300)
    report("hearings.person_week_page", measure(lambda: client.get(person), n=args.n), target_ms=300)
    ics = f"/hearings/rooms/{room.pk}.ics"
    report("hearings.room_ics_year", measure(lambda: client.get(ics), n=max(5, args.n // 5)))


if __name__ == "__main__":
    main()
