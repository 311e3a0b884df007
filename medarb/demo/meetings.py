"""A video meeting under way in the demo: the online mediation of the soonest mediation session
of a demo party (the worker 张伟 or the employer 鹭湖电子), opened by the session's mediator
with that party invited.

The demo is loaded before Janus runs, so the meeting is started without its room
(`meetings.services.start_meeting`, the invited party enlisted without a link); the room is
made when `manage.py run_meetings` starts Janus, as after any restart of Janus
(`restore_rooms`). The party then finds "进入会议" on 我的案件, the mediator and the clerk on
the sitting's page.
"""

from django.utils import timezone

from medarb.cases.models import Case
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.meetings.models import Meeting
from medarb.meetings.services import enlist_party, start_meeting


def seed_meeting(cases: list[Case], *, phones: tuple[str, ...]) -> Meeting | None:
    sittings = Sitting.objects.filter(
        case__in=cases,
        kind=SittingKind.MEDIATION_SESSION,
        state=SittingState.SCHEDULED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "id")
    for sitting in sittings.select_related("case"):
        party = next((p for p in sitting.case.parties.all() if p.phone in phones), None)
        host = sitting.members.first()
        if party is None or host is None:
            continue
        meeting = start_meeting(sitting=sitting, actor=host, at=timezone.now())
        enlist_party(meeting=meeting, party=party, actor=host)
        return meeting
    return None
