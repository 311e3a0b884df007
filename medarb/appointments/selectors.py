"""The queue as a waiting room sees it: who is called where, who waits, how long."""

import threading
import time
from dataclasses import dataclass

from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.utils import timezone

from medarb.appointments.models import ServicePoint, Ticket, TicketState


@dataclass(frozen=True)
class QueueView:
    point: ServicePoint
    version: int
    called: list[Ticket]
    waiting: list[Ticket]
    minutes_per_person: float

    def wait_minutes(self, position: int) -> int:
        return round(position * self.minutes_per_person)

    def as_json(self) -> dict:
        return {
            "version": self.version,
            "called": [{"ticket": t.label, "counter": t.counter} for t in self.called],
            "waiting": [
                {"ticket": t.label, "wait_minutes": self.wait_minutes(i)} for i, t in enumerate(self.waiting)
            ],
        }


def queue_for(point: ServicePoint) -> QueueView:
    today = timezone.localdate()
    tickets = list(Ticket.objects.filter(point=point, day=today).select_related("point").order_by("seq"))
    called = sorted(
        (t for t in tickets if t.state == TicketState.CALLED), key=lambda t: t.called_at, reverse=True
    )
    waiting = sorted(
        (t for t in tickets if t.state == TicketState.WAITING), key=lambda t: (t.booking_id is None, t.seq)
    )
    served = Ticket.objects.filter(
        point=point, day=today, state=TicketState.DONE, called_at__isnull=False
    ).aggregate(avg=Avg(ExpressionWrapper(F("done_at") - F("called_at"), output_field=DurationField())))[
        "avg"
    ]
    per_person = served.total_seconds() / 60 if served else point.minutes_per_person
    version = ServicePoint.objects.filter(pk=point.pk).values_list("queue_version", flat=True).first() or 0
    return QueueView(point, version, called[:6], waiting, per_person)


# The version stamp of each room, as waiting-room displays poll it. A hundred displays of one
# room cost one query a second per server process, not one per poll: the stamp is kept here
# for VERSION_TTL seconds, and forgotten at once when this process changes the queue.
VERSION_TTL = 1.0
_versions: dict[int, tuple[int | None, float]] = {}
_versions_lock = threading.Lock()


def queue_version(point_id: int) -> int | None:
    """The room's queue version (None: no such room); at most one small query a second."""
    now = time.monotonic()
    with _versions_lock:
        cached = _versions.get(point_id)
    if cached and cached[1] > now:
        return cached[0]
    version = ServicePoint.objects.filter(pk=point_id).values_list("queue_version", flat=True).first()
    with _versions_lock:
        _versions[point_id] = (version, now + VERSION_TTL)
    return version


def forget_queue_version(point_id: int | None = None) -> None:
    with _versions_lock:
        if point_id is None:
            _versions.clear()
        else:
            _versions.pop(point_id, None)
