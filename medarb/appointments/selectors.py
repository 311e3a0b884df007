"""The queue as a waiting room sees it: who is called where, who waits, how long."""

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
