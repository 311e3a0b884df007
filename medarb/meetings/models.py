"""Video meetings of a case: the Janus room, who is invited, and when each was there.

A meeting belongs to a case and, for a hearing, a mediation session or a joint review, to
its sitting. A caucus (背对背) is a meeting of its own whose parent is the mediation meeting:
its room admits only the host and one side, so the other side can neither see nor hear it.
"""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField


class Purpose(models.TextChoices):
    HEARING = "hearing", _("远程开庭")
    MEDIATION = "mediation", _("在线调解")
    CAUCUS = "caucus", _("背对背调解")
    JOINT_REVIEW = "joint_review", _("远程会审")
    GUIDANCE = "guidance", _("远程指导")


class MeetingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Meeting(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.CASCADE, related_name="meetings"
    )
    sitting = models.ForeignKey(
        "hearings.Sitting",
        verbose_name=_("庭审/调解安排"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属会议"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="caucuses",
    )
    purpose = models.CharField(_("用途"), max_length=20, choices=Purpose.choices)
    side = models.CharField(_("单独沟通的一方"), max_length=12, blank=True)
    room = models.PositiveIntegerField(_("会议室号"), unique=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("开始时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The participants' streams mixed into one MP4 (and, for a sitting, kept with its recordings).
    mix = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recording = models.OneToOneField(
        "recording.Recording", on_delete=models.PROTECT, null=True, blank=True, related_name="meeting"
    )
    recording_error = models.CharField(_("录像合成问题"), max_length=255, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("视频会议")
        verbose_name_plural = _("视频会议")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.room}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AttendeeRole(models.TextChoices):
    HOST = "host", _("主持人")
    STAFF = "staff", _("工作人员")
    PARTY = "party", _("当事人")
    WITNESS = "witness", _("证人")


class Connection(models.TextChoices):
    INVITED = "invited", _("未加入")
    CONNECTED = "connected", _("在线")
    UNSTABLE = "unstable", _("连接不稳定")
    LEFT = "left", _("已离开")


class Attendee(models.Model):
    """One invited person. Staff and parties with an account join signed in; a party or a
    witness may instead follow the single-use link sent by SMS, which then works only in the
    browser that first opened it (to rejoin), and only while the meeting is open."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("身份"), max_length=10, choices=AttendeeRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    party = models.ForeignKey(
        "cases.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("显示名称"), max_length=120)
    phone = EncryptedCharField(_("手机号"), blank=True, default="")
    link_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_browser = models.CharField(max_length=64, blank=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    connection = models.CharField(
        _("状态"), max_length=10, choices=Connection.choices, default=Connection.INVITED
    )
    janus_id = models.BigIntegerField(null=True, blank=True, editable=False)  # in the room, now
    first_joined_at = models.DateTimeField(_("加入时间"), null=True, blank=True)
    left_at = models.DateTimeField(_("离开时间"), null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_attendee_user_once"),
            models.UniqueConstraint(fields=["meeting", "party"], name="meeting_attendee_party_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def janus_token(self) -> str:
        """This attendee's entry in the room's `allowed` list: derived, never stored."""
        message = f"{self.meeting.room}:{self.key}".encode()
        return hmac.new(settings.MEDARB_JANUS_ADMIN_KEY.encode(), message, hashlib.sha256).hexdigest()


class PresenceEvent(models.TextChoices):
    JOINED = "joined", _("加入")
    CONNECTION = "connection", _("连接状态")
    LEFT = "left", _("离开")


class Presence(models.Model):
    """What each participant's browser reported, kept for the record and for attendance."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="presence")
    at = models.DateTimeField()
    event = models.CharField(max_length=12, choices=PresenceEvent.choices)
    state = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["attendee_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.state}".strip()


class Duty(models.Model):
    """Who of a unit is on duty for remote guidance (远程指导值班) on a day: a call to the unit
    rings them. Set by the unit's admin or chair on the duty roster."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="guidance_duties"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("值班日期"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("排班人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("排班时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("远程指导值班")
        verbose_name_plural = _("远程指导值班")
        ordering = ["day", "unit", "user"]
        constraints = [models.UniqueConstraint(fields=["unit", "user", "day"], name="one_duty_a_day")]
        indexes = [models.Index(fields=["unit", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.user}"
