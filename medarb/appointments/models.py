"""Bookings of a slot at a service point, and the day's queue tickets."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField
from medarb.orgs.models import Room, Unit


class PointKind(models.TextChoices):
    FILING_WINDOW = "filing_window", _("立案窗口")
    MEDIATION_ROOM = "mediation_room", _("调解室")
    LEGAL_AID = "legal_aid", _("法律援助窗口")


class ServicePoint(models.Model):
    """A window or room where people are received, with its opening hours and slot size."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="service_points"
    )
    room = models.ForeignKey(Room, verbose_name=_("场所"), null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=PointKind.choices)
    ticket_prefix = models.CharField(_("号码前缀"), max_length=2, default="A")
    slot_minutes = models.PositiveSmallIntegerField(_("每个时段（分钟）"), default=30)
    capacity = models.PositiveSmallIntegerField(_("每个时段可预约人数"), default=3)
    morning = models.CharField(_("上午时段"), max_length=11, default="08:30-12:00")
    afternoon = models.CharField(_("下午时段"), max_length=11, default="13:30-17:30")
    minutes_per_person = models.PositiveSmallIntegerField(_("平均办理时长（分钟）"), default=10)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # Bumped whenever the queue changes, so waiting-room displays know to refresh.
    queue_version = models.PositiveBigIntegerField(default=0)
    is_active = models.BooleanField(_("开放"), default=True)

    class Meta:
        verbose_name = _("服务窗口")
        verbose_name_plural = _("服务窗口")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} · {self.name}"

    def sessions(self) -> list[tuple[time, time]]:
        result = []
        for span in (self.morning, self.afternoon):
            if span:
                start, end = span.split("-")
                result.append((time.fromisoformat(start), time.fromisoformat(end)))
        return result


class BookingState(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CHECKED_IN = "checked_in", _("已签到")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到")


class Booking(models.Model):
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    day = models.DateField(_("日期"))
    slot = models.TimeField(_("时段"))
    number = models.CharField(_("预约号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=60)
    phone = EncryptedCharField(_("手机号码"))
    purpose = models.CharField(_("事项"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=BookingState.choices, default=BookingState.BOOKED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rescheduled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["day", "slot", "id"]
        indexes = [models.Index(fields=["point", "day", "slot", "state"], name="booking_slot_state")]

    def __str__(self) -> str:
        return self.number


class TicketState(models.TextChoices):
    WAITING = "waiting", _("等候")
    CALLED = "called", _("已叫号")
    DONE = "done", _("办结")
    SKIPPED = "skipped", _("过号")


class Ticket(models.Model):
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField()
    seq = models.PositiveIntegerField()
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    state = models.CharField(max_length=10, choices=TicketState.choices, default=TicketState.WAITING)
    counter = models.CharField(_("窗口"), max_length=20, blank=True)
    issued_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "seq"]
        constraints = [models.UniqueConstraint(fields=["point", "day", "seq"], name="ticket_unique_seq")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.point.ticket_prefix}{self.seq:03d}"
