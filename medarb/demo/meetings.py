"""A video meeting under way in the demo: the soonest sitting of the demo worker 张伟 (a hearing
he joins from home, 远程开庭, or a mediation session), opened by its presiding member with the
worker invited; when the worker has none, the same for the employer 鹭湖电子.

The demo is loaded before Janus runs, so the meeting is started without its room
(`meetings.services.start_meeting`, the invited party enlisted without a link); the room is
made when `manage.py run_meetings` starts Janus, as after any restart of Janus
(`restore_rooms`). The party then finds "进入会议" on 我的案件, the mediator and the clerk on
the sitting's page.

The district's remote-guidance duty roster for the coming fortnight is set by its admin: an
arbitrator a day in turn (林振华 today) beside the mediator 郑和平, so that a street mediator's
"呼叫今日值班人员" rings someone and 林振华's dashboard says he is on duty.
"""

from datetime import date, timedelta

from django.utils import timezone

from medarb.cases.models import Case
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.meetings import duty
from medarb.meetings.models import Meeting
from medarb.meetings.services import enlist_party, start_meeting
from medarb.orgs.models import Unit


def seed_meeting(cases: list[Case], *, phones: tuple[str, ...]) -> Meeting | None:
    sittings = Sitting.objects.filter(
        case__in=cases,
        kind__in=[SittingKind.HEARING, SittingKind.MEDIATION_SESSION],
        state=SittingState.SCHEDULED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "id")
    sittings = list(sittings.select_related("case").prefetch_related("members", "case__parties"))
    for phone in phones:
        for sitting in sittings:
            party = next((p for p in sitting.case.parties.all() if p.phone == phone), None)
            host = next(iter(sitting.members.all()), None)
            if party is None or host is None:
                continue
            meeting = start_meeting(sitting=sitting, actor=host, at=timezone.now())
            enlist_party(meeting=meeting, party=party, actor=host)
            return meeting
    return None


def seed_duty_roster(*, district: Unit, admin, arbitrators: list, mediator, today: date) -> None:
    chosen = set()
    for n in range(duty.ROSTER_DAYS):
        day = today + timedelta(days=n)
        chosen |= {(arbitrators[n % len(arbitrators)].pk, day), (mediator.pk, day)}
    duty.save_roster(actor=admin, unit=district, start=today, chosen=chosen)
