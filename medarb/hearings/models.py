"""Sittings (hearings, mediation sessions, joint reviews) booked in rooms, and calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SittingKind(models.TextChoices):
    HEARING = "hearing", _("开庭")
    MEDIATION_SESSION = "mediation_session", _("调解")
    JOINT_REVIEW = "joint_review", _("会审")
    OTHER = "other", _("其他安排")


class SittingState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    POSTPONED = "postponed", _("已延期")
    HELD = "held", _("已举行")
    CANCELLED = "cancelled", _("已取消")


HIDDEN_FROM_PARTIES = (SittingKind.JOINT_REVIEW,)
# A postponed or cancelled sitting frees its room and its people.
BLOCKING_STATES = (SittingState.SCHEDULED, SittingState.HELD)


class SittingQuerySet(models.QuerySet):
    def open_to_parties(self) -> "SittingQuerySet":
        """Without the commission's own deliberations (a joint review, Law Art. 19), which a
        party never sees, not even that they took place."""
        return self.exclude(kind__in=HIDDEN_FROM_PARTIES)

    def blocking(self) -> "SittingQuerySet":
        return self.filter(state__in=BLOCKING_STATES)

    def overlapping(self, starts_at, ends_at) -> "SittingQuerySet":
        """Half-open intervals [start, end): a sitting ending at 10:00 leaves 10:00 free."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_related(self) -> "SittingQuerySet":
        return self.select_related("case", "case__unit", "room", "room__unit", "clerk").prefetch_related(
            "members"
        )


class Sitting(models.Model):
    """One hearing or mediation session of a case, at a time, usually in a room."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.CASCADE, related_name="sittings"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=SittingKind.choices)
    # No room: a remote sitting (video), still blocking its people.
    room = models.ForeignKey(
        "orgs.Room",
        verbose_name=_("场所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sittings",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("仲裁员/调解员"), related_name="sittings_as_member"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("书记员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sittings_as_clerk",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=SittingState.choices, default=SittingState.SCHEDULED, db_index=True
    )
    is_public = models.BooleanField(_("公开"), default=True)
    notes = models.TextField(_("备注"), blank=True)
    # Parties may waive the five-day notice (Law Art. 35); the reason is kept with the sitting.
    notice_waiver_reason = models.CharField(_("通知期限豁免理由"), max_length=255, blank=True)
    state_reason = models.CharField(_("变更理由"), max_length=255, blank=True)
    # Recorded when the sitting is held: a side summoned in writing that did not appear (a
    # hearing by default, Law Art. 36, is read from here).
    respondent_absent = models.BooleanField(_("被申请人缺席"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SittingQuerySet.as_manager()

    class Meta:
        verbose_name = _("开庭/调解安排")
        verbose_name_plural = _("开庭/调解安排")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="sitting_room_starts"),
            models.Index(fields=["starts_at", "ends_at"], name="sitting_interval"),
            models.Index(fields=["case", "starts_at"], name="sitting_case_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="sitting_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.case} · {self.get_kind_display()} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
        )

    @property
    def is_blocking(self) -> bool:
        return self.state in BLOCKING_STATES

    @property
    def place(self) -> str:
        return self.room.name if self.room_id else str(_("远程"))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret iCalendar subscription address; revoking it ends every subscription."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
