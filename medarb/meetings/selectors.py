"""Queries of video meetings."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from medarb.cases.models import Party
from medarb.hearings.models import Sitting
from medarb.meetings.models import Attendee, Meeting, Presence


def open_meeting_of(sitting: Sitting) -> Meeting | None:
    return sitting.meetings.open().filter(parent__isnull=True).select_related("case", "sitting").first()


def closed_meetings_of(sitting: Sitting) -> list[Meeting]:
    meetings = sitting.meetings.filter(parent__isnull=True, closed_at__isnull=False)
    return list(meetings.select_related("recording__file").prefetch_related("attendees"))


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
