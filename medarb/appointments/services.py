"""Booking slots, checking in for a queue ticket, calling tickets at a counter."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.appointments import selectors
from medarb.appointments.models import Booking, BookingState, ServicePoint, Ticket, TicketState
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.validators import parse_mobile
from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.selectors import active_memberships
from medarb.procedure.calendar import is_provisional, is_working_day

BOOKING_HORIZON_DAYS = 14
COUNTER_ROLES = frozenset(
    {Role.FILING_OFFICER, Role.MEDIATOR, Role.CLERK, Role.LEGAL_AID_OFFICER, Role.CHAIR}
)


@dataclass(frozen=True)
class Slot:
    start: datetime
    booked: int
    capacity: int
    # The day is a working day only by the statutory fallback (假期安排未公布).
    provisional: bool = False

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def _aware(day: date, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def slots_for(*, point: ServicePoint, day: date) -> list[Slot]:
    """The day's slots with how many are booked; none on rest days or past days."""
    if not point.is_active or not is_working_day(day):
        return []
    booked = {}
    for slot in Booking.objects.filter(
        point=point, day=day, state__in=[BookingState.BOOKED, BookingState.CHECKED_IN]
    ).values_list("slot", flat=True):
        booked[slot] = booked.get(slot, 0) + 1
    now = timezone.localtime()
    provisional = is_provisional(day)
    slots = []
    for start, end in point.sessions():
        cursor = _aware(day, start)
        while cursor + timedelta(minutes=point.slot_minutes) <= _aware(day, end):
            if cursor > now:
                slots.append(Slot(cursor, booked.get(cursor.time(), 0), point.capacity, provisional))
            cursor += timedelta(minutes=point.slot_minutes)
    return slots


def _booking_number(point: ServicePoint, day: date) -> str:
    count = Booking.objects.filter(point=point, day=day).count() + 1
    return f"Y{point.pk:03d}{day:%y%m%d}{count:03d}"


@transaction.atomic
def book(*, point: ServicePoint, user, day: date, slot, name: str, phone: str, purpose: str = "") -> Booking:
    """Book a slot: capacity per slot, working days only, one booking per person and day."""
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)  # serialises bookings of this point
    today = timezone.localdate()
    if day < today or day > today + timedelta(days=BOOKING_HORIZON_DAYS):
        raise DomainError(_("只能预约今天起%(n)s天内的时段。") % {"n": BOOKING_HORIZON_DAYS}, field="day")
    if not is_working_day(day):
        raise DomainError(
            _("%(day)s 是休息日，不办公，请选择工作日。") % {"day": day.isoformat()}, field="day"
        )
    offered = {s.start.time(): s for s in slots_for(point=point, day=day)}
    if slot not in offered:
        raise DomainError(_("该时段不可预约，请重新选择。"), field="slot")
    if offered[slot].free <= 0:
        raise DomainError(_("该时段已约满，请选择其他时段。"), field="slot")
    if Booking.objects.filter(point=point, user=user, day=day, state=BookingState.BOOKED).exists():
        raise DomainError(_("您当天在这里已有预约，如需调整请改期。"), field="slot")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写姓名。"), field="name")
    booking = Booking.objects.create(
        point=point,
        user=user,
        day=day,
        slot=slot,
        number=_booking_number(point, day),
        name=name[:60],
        phone=parse_mobile(phone),
        purpose=(purpose or "").strip()[:200],
    )
    return booking


def _own(booking: Booking, user) -> None:
    if booking.user_id != getattr(user, "pk", None):
        raise NotAllowed(_("只能操作自己的预约。"))


@transaction.atomic
def cancel_booking(*, booking: Booking, user) -> Booking:
    _own(booking, user)
    if booking.state != BookingState.BOOKED:
        raise DomainError(_("该预约已签到或已取消，不能取消。"))
    booking.state = BookingState.CANCELLED
    booking.save(update_fields=["state"])
    return booking


@transaction.atomic
def reschedule_booking(*, booking: Booking, user, day: date, slot) -> Booking:
    """Move a booking: the new slot is booked first, so a failed move keeps the old one."""
    _own(booking, user)
    if booking.state != BookingState.BOOKED:
        raise DomainError(_("该预约已签到或已取消，不能改期。"))
    booking.state = BookingState.CANCELLED
    booking.save(update_fields=["state"])
    moved = book(
        point=booking.point,
        user=user,
        day=day,
        slot=slot,
        name=booking.name,
        phone=booking.phone,
        purpose=booking.purpose,
    )
    moved.rescheduled_from = booking
    moved.save(update_fields=["rescheduled_from"])
    return moved


def _queue_changed(point_id: int) -> None:
    """Bump the room's version stamp, which waiting-room displays poll (ETag)."""
    ServicePoint.objects.filter(pk=point_id).update(queue_version=F("queue_version") + 1)
    transaction.on_commit(lambda: selectors.forget_queue_version(point_id))


def _issue(point: ServicePoint, booking: Booking | None = None) -> Ticket:
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    today = timezone.localdate()
    last = (
        Ticket.objects.filter(point=point, day=today).order_by("-seq").values_list("seq", flat=True).first()
        or 0
    )
    ticket = Ticket.objects.create(
        point=point, day=today, seq=last + 1, booking=booking, issued_at=timezone.now()
    )
    _queue_changed(point.pk)
    return ticket


@transaction.atomic
def check_in(*, number: str, user=None) -> Ticket:
    """On the day, a booking (by its number, remotely or at the kiosk) becomes a queue ticket."""
    booking = (
        Booking.objects.select_for_update()
        .select_related("point")
        .filter(number=(number or "").strip().upper())
        .first()
    )
    if booking is None:
        raise DomainError(_("没有找到该预约号，请核对。"), field="number")
    if user is not None and getattr(user, "is_authenticated", False) and booking.user_id != user.pk:
        raise NotAllowed(_("只能为自己的预约签到。"))
    if booking.day != timezone.localdate():
        raise DomainError(
            _("请在预约当天（%(day)s）签到。") % {"day": booking.day.isoformat()}, field="number"
        )
    if booking.state == BookingState.CHECKED_IN:
        return booking.ticket
    if booking.state != BookingState.BOOKED:
        raise DomainError(_("该预约已取消。"), field="number")
    ticket = _issue(booking.point, booking)
    booking.state = BookingState.CHECKED_IN
    booking.save(update_fields=["state"])
    return ticket


@transaction.atomic
def take_ticket(*, point: ServicePoint) -> Ticket:
    """A walk-in ticket from the kiosk, on working days while the point is open."""
    if not point.is_active or not is_working_day(timezone.localdate()):
        raise DomainError(_("今天不办公。"))
    return _issue(point)


def can_call(user, point: ServicePoint) -> bool:
    return any(m.unit_id == point.unit_id and m.role in COUNTER_ROLES for m in active_memberships(user))


@transaction.atomic
def call_next(*, point: ServicePoint, actor, counter: str) -> Ticket | None:
    """Call the next waiting ticket to a counter; booked tickets go before walk-ins."""
    if not can_call(actor, point):
        raise NotAllowed(_("您不是该窗口的工作人员。"))
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    waiting = Ticket.objects.filter(point=point, day=timezone.localdate(), state=TicketState.WAITING)
    ticket = waiting.order_by(F("booking").asc(nulls_last=True), "seq").first()
    if ticket is None:
        return None
    ticket.state, ticket.counter, ticket.called_at = TicketState.CALLED, counter[:20], timezone.now()
    ticket.save(update_fields=["state", "counter", "called_at"])
    _queue_changed(point.pk)
    record(actor=actor, action=AuditAction.UPDATE, obj=ticket, summary=f"call {ticket.label} to {counter}")
    return ticket


@transaction.atomic
def finish_ticket(*, ticket: Ticket, actor, skipped: bool = False) -> Ticket:
    if not can_call(actor, ticket.point):
        raise NotAllowed(_("您不是该窗口的工作人员。"))
    if ticket.state != TicketState.CALLED:
        raise DomainError(_("只能办结已叫号的号码。"))
    ticket.state = TicketState.SKIPPED if skipped else TicketState.DONE
    ticket.done_at = timezone.now()
    ticket.save(update_fields=["state", "done_at"])
    _queue_changed(ticket.point_id)
    return ticket


# --- service points, managed by the unit's admin ------------------------------------------

POINT_MANAGERS = frozenset({Role.UNIT_ADMIN, Role.CHAIR})
# Units that receive people at a window or in a room.
RECEIVING_KINDS = (
    UnitKind.COMMISSION,
    UnitKind.STREET,
    UnitKind.COMMUNITY,
    UnitKind.ENTERPRISE,
    UnitKind.LEGAL_AID,
)
POINT_FIELDS = (
    "name",
    "kind",
    "room",
    "ticket_prefix",
    "slot_minutes",
    "capacity",
    "morning",
    "afternoon",
    "minutes_per_person",
    "address",
    "is_active",
)


def point_units(user) -> list[Unit]:
    """The units whose service points `user` manages: where they are admin or chair, and the
    units below (a district's admin sets up the street rooms too)."""
    roots = [m.unit for m in active_memberships(user) if m.role in POINT_MANAGERS]
    if not roots:
        return []
    below = Q()
    for root in roots:
        below |= Q(path__startswith=root.path)
    return list(Unit.objects.filter(below, kind__in=RECEIVING_KINDS).order_by("path"))


def _check_hours(morning: str, afternoon: str) -> None:
    spans = [s for s in (morning, afternoon) if s]
    if not spans:
        raise DomainError(_("请至少填写一个开放时段。"), field="morning")
    previous_end = None
    for field, span in zip(("morning", "afternoon"), (morning, afternoon), strict=True):
        if not span:
            continue
        try:
            start, end = (datetime.strptime(part, "%H:%M").time() for part in span.split("-"))
        except ValueError:
            raise DomainError(_("时段格式应为 08:30-12:00。"), field=field) from None
        if start >= end or (previous_end and start < previous_end):
            raise DomainError(_("时段的开始应早于结束，下午时段应在上午之后。"), field=field)
        previous_end = end


@transaction.atomic
def save_service_point(*, actor, unit, data: dict, point: ServicePoint | None = None) -> ServicePoint:
    """Open or change a window or room where people are received (its hours and slots)."""
    if unit not in point_units(actor):
        raise NotAllowed(_("只有本单位的管理员或负责人可以设置服务窗口。"))
    if point is not None and point.unit_id != unit.pk:
        raise NotAllowed(_("只有本单位的管理员或负责人可以设置服务窗口。"))
    room = data.get("room")
    if room is not None and room.unit_id != unit.pk:
        raise DomainError(_("只能选择本单位的场所。"), field="room")
    _check_hours(data.get("morning", ""), data.get("afternoon", ""))
    created = point is None
    point = point or ServicePoint(unit=unit)
    before = {f: str(getattr(point, f)) for f in POINT_FIELDS} if not created else {}
    for name in POINT_FIELDS:
        if name in data:
            setattr(point, name, data[name])
    point.save()
    changed = {f: str(getattr(point, f)) for f in POINT_FIELDS if before.get(f) != str(getattr(point, f))}
    record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=point,
        summary=_("设置服务窗口 %(name)s") % {"name": point.name},
        data={"changed": changed},
    )
    return point
