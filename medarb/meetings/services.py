"""Use cases of video meetings: open a case's meeting (its Janus room), invite, admit, note
presence, hold a caucus with one side, close and keep the recording.

Janus admits to a room only a join carrying a token of its `allowed` list; the server adds
an attendee's token when it invites them and withdraws it when a link is replaced, so the
app's invitation is what Janus enforces, whatever a browser sends it directly.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case, Party, PartySide
from medarb.cases.services import record_act
from medarb.core import sms
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.validators import is_mobile, parse_mobile
from medarb.hearings.models import HIDDEN_FROM_PARTIES, Sitting, SittingKind, SittingState
from medarb.meetings.client import JanusClient, JanusError
from medarb.meetings.models import (
    Attendee,
    AttendeeRole,
    Connection,
    Meeting,
    Presence,
    PresenceEvent,
    Purpose,
)

log = logging.getLogger(__name__)

PURPOSE_OF_SITTING = {
    SittingKind.HEARING: Purpose.HEARING,
    SittingKind.MEDIATION_SESSION: Purpose.MEDIATION,
    SittingKind.JOINT_REVIEW: Purpose.JOINT_REVIEW,
    SittingKind.OTHER: Purpose.MEDIATION,
}
# A meeting may be opened this long before its sitting starts (to test camera and sound).
EARLY = timedelta(minutes=30)
# A link sent by SMS works until this long after the sitting's planned end.
LINK_GRACE = timedelta(hours=2)
PUBLISHERS = 12


class MeetingRefused(DomainError):
    """Someone may not enter a meeting; the message says why, for them to read."""


def _janus() -> JanusClient:
    return JanusClient()


def hash_link(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_host(user, case: Case) -> bool:
    return policy.is_staff(user) and policy.can_write_case(user, case)


def _internal(meeting: Meeting) -> bool:
    """A joint review or a guidance call (or their sitting) is never shown to the parties."""
    return meeting.purpose in (Purpose.JOINT_REVIEW, Purpose.GUIDANCE) or (
        meeting.sitting is not None and meeting.sitting.kind in HIDDEN_FROM_PARTIES
    )


def _new_room() -> int:
    while True:
        room = secrets.randbelow(900_000_000) + 100_000_000
        if not Meeting.objects.filter(room=room).exists():
            return room


def _staff_name(user) -> str:
    return str(user)  # the full name, or the username when none is on record


def _create_room(meeting: Meeting, attendees: list[Attendee]) -> None:
    description = f"{meeting.case.number or meeting.case.pk} {meeting.get_purpose_display()}"
    try:
        _janus().create_room(
            meeting.room,
            description=description,
            publishers=PUBLISHERS,
            allowed=[a.janus_token for a in attendees],
        )
    except JanusError as exc:
        log.error("meeting %s: Janus refused the room: %s", meeting.room, exc)
        raise DomainError(_("视频会议服务暂时不可用，请稍后再试或联系管理员。")) from exc


# --- opening --------------------------------------------------------------------------------


@transaction.atomic
def open_meeting(*, sitting: Sitting, actor, request=None) -> Meeting:
    """The sitting's meeting, opened now by its host (the one already open, if there is one).
    The tribunal or mediators and the clerk are invited; parties are invited one by one."""
    sitting = (
        Sitting.objects.select_for_update(of=("self",)).select_related("case", "clerk").get(pk=sitting.pk)
    )
    case = sitting.case
    if not may_host(actor, case):
        raise NotAllowed(_("只有办理本案的工作人员可以主持视频会议。"))
    existing = sitting.meetings.open().filter(parent__isnull=True).first()
    if existing is not None:
        return existing
    now = timezone.now()
    if sitting.state != SittingState.SCHEDULED:
        raise DomainError(_("该安排已%(state)s，不能再开视频会议。") % {"state": sitting.get_state_display()})
    if now < sitting.starts_at - EARLY:
        raise DomainError(_("视频会议最早可在开始前30分钟开启。"))
    if now > sitting.ends_at + LINK_GRACE:
        raise DomainError(_("该安排的时间已过，请重新安排。"))
    meeting = start_meeting(sitting=sitting, actor=actor, at=now)
    _create_room(meeting, list(meeting.attendees.all()))
    record_act(
        case=case,
        actor=actor,
        kind="meeting_opened",
        title=gettext_lazy("%(purpose)s开始（视频会议）"),
        params={"purpose": meeting.get_purpose_display()},
        internal=_internal(meeting),
        obj=meeting,
        action=AuditAction.CREATE,
        summary="open_meeting",
        audit_data={"room": meeting.room, "sitting": sitting.pk},
        request=request,
    )
    return meeting


def start_meeting(*, sitting: Sitting, actor, at) -> Meeting:
    """The meeting's record with its first attendees: the host, the sitting's members and
    clerk. Its room is made by `open_meeting`, or by `restore_rooms` when Janus starts."""
    meeting = Meeting.objects.create(
        case=sitting.case,
        sitting=sitting,
        purpose=PURPOSE_OF_SITTING[sitting.kind],
        room=_new_room(),
        opened_by=actor,
        opened_at=at,
    )
    _seat_staff(meeting, [*sitting.members.all(), *([sitting.clerk] if sitting.clerk else [])])
    return meeting


def _seat_staff(meeting: Meeting, invitees: list) -> None:
    """The host, then each invited colleague once, in order."""
    host = meeting.opened_by
    for user in dict.fromkeys([host, *invitees]):
        Attendee.objects.create(
            meeting=meeting,
            role=AttendeeRole.HOST if user == host else AttendeeRole.STAFF,
            user=user,
            name=_staff_name(user),
            invited_by=host,
            invited_at=meeting.opened_at,
        )


def restore_rooms() -> int:
    """Rooms live in Janus's memory: after Janus (re)starts, each open meeting gets its room
    back with the tokens of everyone invited. Returns how many were made."""
    client = _janus()
    made = 0
    for meeting in Meeting.objects.open().select_related("case").prefetch_related("attendees"):
        if not client.room_exists(meeting.room):
            _create_room(meeting, list(meeting.attendees.all()))
            made += 1
    return made


def _require_host(meeting: Meeting, actor) -> None:
    if not meeting.is_open:
        raise MeetingRefused(_("会议已结束。"))
    if actor != meeting.opened_by and not may_host(actor, meeting.case):
        raise NotAllowed(_("只有办理本案的工作人员可以主持视频会议。"))


@transaction.atomic
def open_call(*, case: Case, actor, invitees: list, request=None) -> Meeting:
    """A video call about a case without a sitting: remote guidance (远程指导), up the tree
    (a street mediator calls the district) or down (the district calls the street room).
    The caller and the called must be staff who may read the case."""
    invitees = [user for user in dict.fromkeys(invitees) if user != actor]
    if not policy.is_staff(actor) or not policy.can_read_case(actor, case):
        raise NotAllowed(_("只能就可以查阅的案件发起远程指导。"))
    if not invitees:
        raise DomainError(_("请选择要呼叫的人员。"))
    if any(not policy.is_staff(u) or not policy.can_read_case(u, case) for u in invitees):
        raise NotAllowed(_("只能邀请可以查阅本案的工作人员。"))
    now = timezone.now()
    meeting = Meeting.objects.create(
        case=case, purpose=Purpose.GUIDANCE, room=_new_room(), opened_by=actor, opened_at=now
    )
    _seat_staff(meeting, invitees)
    _create_room(meeting, list(meeting.attendees.all()))
    record_act(
        case=case,
        actor=actor,
        kind="meeting_opened",
        title=gettext_lazy("远程指导视频连线（呼叫%(names)s）"),
        params={"names": "、".join(_staff_name(u) for u in invitees)},
        internal=True,
        obj=meeting,
        action=AuditAction.CREATE,
        summary="open_call",
        audit_data={"room": meeting.room, "invitees": [u.pk for u in invitees]},
        request=request,
    )
    return meeting


# --- inviting -------------------------------------------------------------------------------


def _link_expiry(meeting: Meeting):
    ends = meeting.sitting.ends_at if meeting.sitting else meeting.opened_at + timedelta(hours=4)
    return max(ends, timezone.now()) + LINK_GRACE


def _send_link(attendee: Attendee, *, request=None) -> str:
    """A fresh single-use link for the attendee (the old one stops working), sent by SMS."""
    token = secrets.token_urlsafe(32)
    attendee.link_hash = hash_link(token)
    attendee.link_expires_at = _link_expiry(attendee.meeting)
    attendee.link_browser = ""
    attendee.save(update_fields=["link_hash", "link_expires_at", "link_browser"])
    path = reverse("meetings:link", args=[token])
    url = request.build_absolute_uri(path) if request else settings.SITE_URL.rstrip("/") + path
    meeting = attendee.meeting
    params = {
        "case": meeting.case.number or str(meeting.case.pk),
        "purpose": meeting.get_purpose_display(),
        "link": url,
    }
    try:
        sms.send_sms(phone=attendee.phone, template=settings.SMS_TEMPLATE_MEETING, params=params)
    except sms.SmsError as exc:
        log.warning("meeting %s: SMS to attendee %s failed: %s", meeting.room, attendee.pk, exc)
        raise DomainError(_("短信未能发出（%(error)s），请稍后重试。") % {"error": exc}) from exc
    return token


@transaction.atomic
def invite_party(*, meeting: Meeting, party: Party, actor, request=None) -> Attendee:
    """Invite a party (or re-send their link): they join from the portal signed in, or by the
    link in the SMS, which replaces any earlier link."""
    _require_host(meeting, actor)
    if _internal(meeting):
        raise NotAllowed(_("会审不邀请当事人。"))
    if party.case_id != meeting.case_id:
        raise NotAllowed(_("只能邀请本案的当事人。"))
    if meeting.purpose == Purpose.CAUCUS and party.side != meeting.side:
        raise NotAllowed(_("背对背调解只邀请该方当事人。"))
    if not is_mobile(party.phone):
        raise DomainError(_("%(name)s没有登记手机号，无法发送参会链接。") % {"name": party.name})
    attendee, created = enlist_party(meeting=meeting, party=party, actor=actor)
    if created:
        _allow(meeting, attendee)
    _send_link(attendee, request=request)
    _record(meeting, actor, "invite_party", {"party": party.pk, "again": not created}, request)
    return attendee


def enlist_party(*, meeting: Meeting, party: Party, actor) -> tuple[Attendee, bool]:
    """The party's place among the attendees (no link, no room change: `invite_party`)."""
    return Attendee.objects.get_or_create(
        meeting=meeting,
        party=party,
        defaults={
            "role": AttendeeRole.PARTY,
            "name": f"{party.name}（{party.get_side_display()}）",
            "phone": party.phone,
            "invited_by": actor,
            "invited_at": timezone.now(),
        },
    )


@transaction.atomic
def invite_witness(*, meeting: Meeting, name: str, phone: str, actor, request=None) -> Attendee:
    _require_host(meeting, actor)
    if meeting.purpose != Purpose.HEARING:
        raise DomainError(_("只有远程开庭可以邀请证人。"))
    name = name.strip()[:60]
    if not name or not phone.strip():
        raise DomainError(_("请填写证人的姓名和手机号。"))
    try:
        phone = parse_mobile(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="phone") from exc
    attendee = Attendee.objects.create(
        meeting=meeting,
        role=AttendeeRole.WITNESS,
        name=_("%(name)s（证人）") % {"name": name},
        phone=phone,
        invited_by=actor,
        invited_at=timezone.now(),
    )
    _allow(meeting, attendee)
    _send_link(attendee, request=request)
    _record(meeting, actor, "invite_witness", {"attendee": attendee.pk}, request)
    return attendee


@transaction.atomic
def invite_staff(*, meeting: Meeting, user, actor, request=None) -> Attendee:
    """A colleague joins signed in: someone who may read the case (a remote guide, a member)."""
    _require_host(meeting, actor)
    if not policy.is_staff(user) or not policy.can_read_case(user, meeting.case):
        raise NotAllowed(_("只能邀请可以查阅本案的工作人员。"))
    attendee, created = Attendee.objects.get_or_create(
        meeting=meeting,
        user=user,
        defaults={
            "role": AttendeeRole.STAFF,
            "name": _staff_name(user),
            "invited_by": actor,
            "invited_at": timezone.now(),
        },
    )
    if created:
        _allow(meeting, attendee)
        _record(meeting, actor, "invite_staff", {"user": user.pk}, request)
    return attendee


def _allow(meeting: Meeting, attendee: Attendee) -> None:
    try:
        _janus().allow(meeting.room, [attendee.janus_token])
    except JanusError as exc:
        raise DomainError(_("视频会议服务暂时不可用，请稍后再试或联系管理员。")) from exc


def _record(meeting: Meeting, actor, summary: str, data: dict, request) -> None:
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        case_id=meeting.case_id,
        summary=summary,
        data=data,
        request=request,
    )


# --- admitting ------------------------------------------------------------------------------


def admit_user(*, meeting: Meeting, user) -> Attendee:
    """The signed-in user's place in the meeting, or MeetingRefused with the reason."""
    if not meeting.is_open:
        raise MeetingRefused(_("会议已结束。"))
    attendee = meeting.attendees.filter(user=user).first()
    if attendee is None and policy.is_party(user):
        attendee = meeting.attendees.filter(party__user=user).first()
    if attendee is None:
        raise MeetingRefused(_("您没有受邀参加这个会议。"))
    return attendee


def admit_link(*, token: str, browser: str) -> Attendee:
    """The attendee of a link from an SMS. The first browser to open it keeps it: the same
    browser may come back (a dropped connection), another one is refused."""
    attendee = (
        Attendee.objects.select_related("meeting__case")
        .filter(link_hash=hash_link(token))
        .exclude(link_hash="")
        .first()
    )
    if attendee is None:
        raise MeetingRefused(_("参会链接无效，可能已被新的链接取代。"))
    if not attendee.meeting.is_open:
        raise MeetingRefused(_("会议已结束。"))
    if attendee.link_expires_at and timezone.now() > attendee.link_expires_at:
        raise MeetingRefused(_("参会链接已过期。"))
    browser_hash = hash_link(browser)
    with transaction.atomic():
        claimed = Attendee.objects.filter(pk=attendee.pk, link_browser="").update(link_browser=browser_hash)
        if not claimed and Attendee.objects.get(pk=attendee.pk).link_browser != browser_hash:
            raise MeetingRefused(_("该链接已在另一台设备上使用过。如需换设备，请联系书记员重新发送。"))
    return attendee


# --- presence -------------------------------------------------------------------------------

CONNECTION_OF_STATE = {
    "connected": Connection.CONNECTED,
    "completed": Connection.CONNECTED,
    "disconnected": Connection.UNSTABLE,
    "failed": Connection.UNSTABLE,
}


def note_presence(*, attendee: Attendee, event: str, state: str = "", participant: int | None = None) -> None:
    """What a participant's browser reports: joined (with its id in the room), its
    connection's state, left. Who leaves is sent out of the room at once, so the others never
    keep a frozen picture while Janus waits for a closed page's session to time out."""
    if event not in PresenceEvent.values:
        raise DomainError(_("未知的状态。"))
    now = timezone.now()
    state = state[:20]
    Presence.objects.create(attendee=attendee, at=now, event=event, state=state)
    if not Meeting.objects.filter(pk=attendee.meeting_id, closed_at__isnull=True).exists():
        return  # a page's late report after the meeting closed: everyone has left already
    if event == PresenceEvent.JOINED:
        attendee.janus_id = participant
        attendee.connection = Connection.CONNECTED
        attendee.first_joined_at = attendee.first_joined_at or now
        attendee.left_at = None
    elif event == PresenceEvent.LEFT:
        _kick(attendee)
        attendee.connection, attendee.left_at, attendee.janus_id = Connection.LEFT, now, None
    elif state in CONNECTION_OF_STATE:
        attendee.connection = CONNECTION_OF_STATE[state]
    attendee.save(update_fields=["connection", "first_joined_at", "left_at", "janus_id"])


def _kick(attendee: Attendee) -> None:
    if attendee.janus_id is None or not attendee.meeting.is_open:
        return
    try:
        _janus().kick(attendee.meeting.room, attendee.janus_id)
    except JanusError as exc:  # gone already: that is what was wanted
        log.info("meeting %s: kicking %s: %s", attendee.meeting.room, attendee.janus_id, exc)


# --- caucus (背对背) ----------------------------------------------------------------------------


@transaction.atomic
def open_caucus(*, meeting: Meeting, side: str, actor, request=None) -> Meeting:
    """A room of the host with one side only: the other side stays in the main room and
    neither sees nor hears it. Invited parties of that side are asked over."""
    _require_host(meeting, actor)
    if meeting.purpose != Purpose.MEDIATION:
        raise DomainError(_("只有在线调解可以背对背沟通。"))
    if side not in (PartySide.APPLICANT, PartySide.RESPONDENT):
        raise DomainError(_("请选择一方当事人。"))
    for caucus in meeting.caucuses.open():
        _close(caucus, actor=actor, request=request)
    now = timezone.now()
    caucus = Meeting.objects.create(
        case=meeting.case,
        sitting=meeting.sitting,
        parent=meeting,
        purpose=Purpose.CAUCUS,
        side=side,
        room=_new_room(),
        opened_by=actor,
        opened_at=now,
    )
    copied = []
    for attendee in meeting.attendees.select_related("party"):
        if attendee.role == AttendeeRole.PARTY and attendee.party.side != side:
            continue
        if attendee.role == AttendeeRole.WITNESS:
            continue
        # Same person, same link: the caucus admits them by the attendee of the main room.
        copied.append(
            Attendee.objects.create(
                meeting=caucus,
                role=attendee.role,
                user=attendee.user,
                party=attendee.party,
                name=attendee.name,
                phone=attendee.phone,
                invited_by=actor,
                invited_at=now,
            )
        )
    _create_room(caucus, copied)
    _record(meeting, actor, "open_caucus", {"side": side, "room": caucus.room}, request)
    return caucus


def caucus_for(attendee: Attendee) -> Meeting | None:
    """The open caucus this attendee of the main room is asked into, if any."""
    caucus = attendee.meeting.caucuses.open().first()
    if caucus is None:
        return None
    if attendee.role == AttendeeRole.PARTY and attendee.party.side != caucus.side:
        return None
    return caucus if attendee.role != AttendeeRole.WITNESS else None


def caucus_attendee(caucus: Meeting, attendee: Attendee) -> Attendee:
    """The attendee of the main room in the caucus (matched by user or party)."""
    match = {"user": attendee.user} if attendee.user_id else {"party": attendee.party}
    return caucus.attendees.get(**match)


# --- closing --------------------------------------------------------------------------------


def _close(meeting: Meeting, *, actor, request=None) -> None:
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["closed_at"])
    try:
        _janus().destroy_room(meeting.room)
    except JanusError as exc:  # gone already (Janus restarted): the meeting still ends
        log.warning("meeting %s: destroying the room: %s", meeting.room, exc)
    meeting.attendees.exclude(connection__in=[Connection.INVITED, Connection.LEFT]).update(
        connection=Connection.LEFT, left_at=meeting.closed_at
    )
    from medarb.meetings import tasks  # the job queue imports services: not at module level

    transaction.on_commit(lambda: tasks.mix_recording(meeting.pk))


@transaction.atomic
def close_caucus(*, caucus: Meeting, actor, request=None) -> None:
    _require_host(caucus, actor)
    _close(caucus, actor=actor, request=request)
    _record(caucus.parent, actor, "close_caucus", {"room": caucus.room}, request)


@transaction.atomic
def close_meeting(*, meeting: Meeting, actor, note: str = "", request=None) -> Meeting:
    """End the meeting for everyone: the room goes, links stop working, and the recording is
    mixed into one file kept on the case. `note` (the guidance given, say) goes on the record."""
    _require_host(meeting, actor)
    for caucus in meeting.caucuses.open():
        _close(caucus, actor=actor, request=request)
    _close(meeting, actor=actor, request=request)
    present = meeting.attendees.exclude(first_joined_at=None).count()
    record_act(
        case=meeting.case,
        actor=actor,
        kind="meeting_closed",
        title=gettext_lazy("%(purpose)s结束（视频会议，%(present)d人参加）"),
        params={"purpose": meeting.get_purpose_display(), "present": present},
        detail=note.strip()[:4000],
        internal=_internal(meeting),
        obj=meeting,
        action=AuditAction.UPDATE,
        summary="close_meeting",
        audit_data={"room": meeting.room},
        request=request,
    )
    return meeting
