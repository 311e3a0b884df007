"""Queries of video meetings."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.hearings.models import Sitting
from medarb.meetings.models import Attendee, Duty, Meeting, Presence, Purpose
from medarb.orgs.models import Membership, Role, Unit


def open_meeting_of(sitting: Sitting) -> Meeting | None:
    return sitting.meetings.open().filter(parent__isnull=True).select_related("case", "sitting").first()


def closed_meetings_of(sitting: Sitting) -> list[Meeting]:
    meetings = sitting.meetings.filter(parent__isnull=True, closed_at__isnull=False)
    return list(meetings.select_related("mix").prefetch_related("attendees"))


def attendees_with_presence(meeting: Meeting) -> list[Attendee]:
    return list(
        meeting.attendees.select_related("party", "user").prefetch_related(
            Prefetch("presence", queryset=Presence.objects.order_by("at"))
        )
    )


def uninvited_parties(meeting: Meeting) -> list[Party]:
    invited = meeting.attendees.filter(party__isnull=False).values("party")
    return list(
        Party.objects.filter(case=meeting.case, principal__isnull=True)
        .exclude(pk__in=invited)
        .order_by("side", "id")
    )


def open_meetings_for_party(user) -> list[Meeting]:
    """The open meetings (main rooms) a party with an account is invited to."""
    return list(
        Meeting.objects.open()
        .filter(parent__isnull=True, attendees__party__user=user)
        .select_related("case", "sitting")
        .distinct()
    )


def open_meetings_of_case(case) -> list[Meeting]:
    return list(case.meetings.open().filter(parent__isnull=True).select_related("sitting"))


def room_texts() -> dict[str, str]:
    """The words of the room's script, in the reader's language."""
    return {
        "connecting": _("正在连接…"),
        "joined": _("已加入会议"),
        "reconnecting": _("连接中断，正在重新连接…"),
        "ended": _("会议已结束"),
        "refused": _("未能加入会议"),
        "left": _("您已离开会议"),
        "no_camera": _("未能使用摄像头或麦克风，请在浏览器中允许访问。"),
        "mute": _("静音"),
        "unmute": _("取消静音"),
        "camera_off": _("关闭摄像头"),
        "camera_on": _("打开摄像头"),
    }


CALLABLE_ROLES = (Role.CHAIR, Role.ARBITRATOR, Role.MEDIATOR)


def call_candidates(case, actor) -> list:
    """Whom `actor` may call about `case` by video: the arbitrators and mediators of the case's
    unit and of the units above it, who may read the case (remote guidance up or down)."""
    path = case.unit.path
    memberships = (
        Membership.objects.filter(is_active=True, unit__is_active=True, role__in=CALLABLE_ROLES)
        .exclude(user=actor)
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name")
    )
    found = {}
    for membership in memberships:
        on_path = path.startswith(membership.unit.path) and membership.user_id not in found
        if on_path and policy.can_read_case(membership.user, case):
            found[membership.user_id] = membership
    return list(found.values())


@dataclass
class CallGroup:
    """The people of one unit whom a call may ring, those on duty today first."""

    unit: Unit
    members: list[Membership] = field(default_factory=list)
    on_duty: list[Membership] = field(default_factory=list)

    @property
    def duty_names(self) -> str:
        return "、".join(str(m.user) for m in self.on_duty)


def call_groups(case, actor) -> list[CallGroup]:
    """`call_candidates` by unit, each unit's people on guidance duty today marked (and first)."""
    candidates = call_candidates(case, actor)
    duty = set(
        Duty.objects.filter(day=timezone.localdate(), unit__in={m.unit_id for m in candidates}).values_list(
            "unit_id", "user_id"
        )
    )
    groups: dict[int, CallGroup] = {}
    for membership in candidates:
        group = groups.setdefault(membership.unit_id, CallGroup(unit=membership.unit))
        group.members.append(membership)
        if (membership.unit_id, membership.user_id) in duty:
            group.on_duty.append(membership)
    for group in groups.values():
        group.members.sort(key=lambda m: m not in group.on_duty)
    return list(groups.values())


def duties_of(user, day: date | None = None) -> list[Unit]:
    """The units for which `user` is on guidance duty on `day` (today by default)."""
    duties = Duty.objects.filter(user=user, day=day or timezone.localdate()).select_related("unit")
    return [duty.unit for duty in duties]


def calls_for(user) -> list[Meeting]:
    """Open guidance calls that ring this person (invited, not the caller, not yet in)."""
    return list(
        Meeting.objects.open()
        .filter(purpose=Purpose.GUIDANCE, attendees__user=user, attendees__first_joined_at__isnull=True)
        .exclude(opened_by=user)
        .select_related("case", "opened_by")
        .distinct()
    )
