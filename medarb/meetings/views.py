"""The meeting page of a sitting (open, invite, caucus, close), the room itself for the
signed-in and for a link from an SMS, and what the room's browser reports back."""

import json
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.cases.selectors import case_get_for_user
from medarb.cases.services import record_case_read
from medarb.core.errors import DomainError
from medarb.core.responses import file_response
from medarb.hearings.models import Sitting
from medarb.meetings import duty, hooks, panels, selectors, services
from medarb.meetings.access import attendee_of_request, remember
from medarb.meetings.models import Attendee, AttendeeRole, Meeting, Purpose

BROWSER_COOKIE = "medarb_meeting_browser"
REFUSED_LINKS_PER_MINUTE = 20


def _sitting_for_staff(request, sitting_id: int) -> Sitting:
    if not policy.is_staff(request.user):
        raise PermissionDenied
    sitting = get_object_or_404(Sitting.objects.select_related("case", "room"), pk=sitting_id)
    case_get_for_user(user=request.user, case_id=sitting.case_id)
    return sitting


@login_required
@require_GET
def sitting_meeting(request, sitting_id: int):
    sitting = _sitting_for_staff(request, sitting_id)
    case = sitting.case
    record_case_read(user=request.user, case=case, request=request, what=f"meetings of sitting {sitting.pk}")
    meeting = selectors.open_meeting_of(sitting)
    can_host = services.may_host(request.user, case)
    context = {
        "sitting": sitting,
        "case": case,
        "meeting": meeting,
        "can_host": can_host,
        "past": selectors.closed_meetings_of(sitting),
        "mine": meeting and meeting.attendees.filter(user=request.user).exists(),
    }
    if meeting is not None:
        context |= {
            "attendees": selectors.attendees_with_presence(meeting),
            "caucus": meeting.caucuses.open().first(),
            "uninvited": selectors.uninvited_parties(meeting) if can_host else [],
            "takes_parties": meeting.purpose != Purpose.JOINT_REVIEW,
            "takes_witnesses": meeting.purpose == Purpose.HEARING,
        }
    return render(request, "meetings/sitting.html", context)


@login_required
@require_POST
def sitting_act(request, sitting_id: int, act: str):
    sitting = _sitting_for_staff(request, sitting_id)
    try:
        if act == "open":
            services.open_meeting(sitting=sitting, actor=request.user, request=request)
            messages.success(request, _("视频会议已开启。"))
        else:
            meeting = selectors.open_meeting_of(sitting)
            if meeting is None:
                raise DomainError(_("会议已结束。"))
            _meeting_act(request, meeting, act)
            if act == "join":
                return redirect("meetings:room", meeting_id=meeting.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:sitting", sitting_id=sitting.pk)


def _meeting_act(request, meeting: Meeting, act: str) -> None:
    user, post = request.user, request.POST
    if act == "join":  # a handler of the case who was not invited at the opening
        services.invite_staff(meeting=meeting, user=user, actor=user, request=request)
        return
    if act == "invite":
        chosen = [value for value in post.getlist("party") if value.isdigit()]
        parties = Party.objects.filter(case=meeting.case, pk__in=chosen)
        for party in parties:
            services.invite_party(meeting=meeting, party=party, actor=user, request=request)
        messages.success(request, _("已向 %(count)d 位当事人发送参会链接。") % {"count": len(parties)})
    elif act == "witness":
        services.invite_witness(
            meeting=meeting,
            name=post.get("name", ""),
            phone=post.get("phone", ""),
            actor=user,
            request=request,
        )
        messages.success(request, _("已向证人发送参会链接。"))
    elif act == "caucus":
        services.open_caucus(meeting=meeting, side=post.get("side", ""), actor=user, request=request)
        messages.success(request, _("背对背调解室已开启，对方当事人看不到也听不到。"))
    elif act == "end_caucus":
        for caucus in meeting.caucuses.open():
            services.close_caucus(caucus=caucus, actor=user, request=request)
        messages.success(request, _("背对背调解已结束，双方回到调解室。"))
    elif act == "close":
        services.close_meeting(meeting=meeting, actor=user, request=request)
        messages.success(request, _("会议已结束，录像合成后保存在本次安排下。"))
    else:
        raise Http404


# --- remote guidance calls ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call(request, case_id: int):
    """Call colleagues of the units above (or below) by video about this case."""
    if not policy.is_staff(request.user):
        raise PermissionDenied
    case = case_get_for_user(user=request.user, case_id=case_id)
    groups = selectors.call_groups(case, request.user)
    if request.method == "POST":
        if "unit" in request.POST:  # ring whoever of that unit is on duty today
            chosen = [m for g in groups if str(g.unit.pk) == request.POST["unit"] for m in g.on_duty]
        else:
            picked = set(request.POST.getlist("user"))
            chosen = [m for g in groups for m in g.members if str(m.user_id) in picked]
        try:
            meeting = services.open_call(
                case=case, actor=request.user, invitees=[m.user for m in chosen], request=request
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("meetings:room", meeting_id=meeting.pk)
    record_case_read(user=request.user, case=case, request=request, what="guidance call")
    return render(request, "meetings/call.html", {"case": case, "groups": groups})


@login_required
@require_GET
def ringing(request):
    """The dashboard's call panel, asked again every few seconds."""
    data = panels.dashboard_panel_context(request=request)
    if data is None:
        raise PermissionDenied
    return render(request, "meetings/_dashboard_panel.html", {"data": data})


def _roster_start(value: str | None):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


def _chosen_duties(values: list[str]) -> set:
    chosen = set()
    for value in values:
        user_id, _sep, day = value.partition(":")
        try:
            chosen.add((int(user_id), date.fromisoformat(day)))
        except ValueError:
            continue
    return chosen


@login_required
@require_http_methods(["GET", "POST"])
def duty_roster(request):
    """The remote-guidance duty roster of the units the admin or chair manages, a fortnight
    at a time."""
    units = duty.roster_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0])
    start = _roster_start(request.GET.get("from"))
    if request.method == "POST":
        try:
            added, removed = duty.save_roster(
                actor=request.user,
                unit=unit,
                start=start,
                chosen=_chosen_duties(request.POST.getlist("duty")),
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("值班表已保存（新增 %(added)d 班，取消 %(removed)d 班）。")
                % {"added": added, "removed": removed},
            )
            return redirect(f"{reverse('meetings:duty')}?unit={unit.pk}&from={start.isoformat()}")
    step = timedelta(days=duty.ROSTER_DAYS)
    context = {
        "units": units,
        "unit": unit,
        "roster": duty.roster(unit, start),
        "earlier": (start - step).isoformat(),
        "later": (start + step).isoformat(),
    }
    return render(request, "meetings/duty.html", context)


@login_required
@require_POST
def end(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.select_related("case"), pk=meeting_id, parent__isnull=True)
    try:
        note = request.POST.get("note", "")
        services.close_meeting(meeting=meeting, actor=request.user, note=note, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:room", meeting_id=meeting.pk)
    messages.success(request, _("连线已结束，指导意见已记入案件。"))
    return redirect("cases:detail", case_id=meeting.case_id)


@login_required
@require_GET
def recording(request, meeting_id: int):
    """The mixed recording of a meeting: staff who read the case (never a party: it holds the
    caucuses, the reviews and the guidance calls as they were said)."""
    meeting = get_object_or_404(Meeting.objects.select_related("mix"), pk=meeting_id, mix__isnull=False)
    if not policy.is_staff(request.user):
        raise PermissionDenied
    case_get_for_user(user=request.user, case_id=meeting.case_id)
    record_case_read(
        user=request.user, case=meeting.case, request=request, what=f"meeting recording {meeting.pk}"
    )
    name = f"{meeting.get_purpose_display()}-{meeting.opened_at:%Y%m%d-%H%M}.mp4"
    return file_response(meeting.mix, filename=name, inline=True)


# --- the room -------------------------------------------------------------------------------


def _refused(request, reason: str, *, status: int = 403):
    return render(request, "meetings/refused.html", {"reason": reason}, status=status)


def _room(request, attendee: Attendee, *, meeting: Meeting | None = None):
    """The room page of `attendee` (in `meeting`: a caucus they were asked into)."""
    if meeting is not None:
        attendee = services.caucus_attendee(meeting, attendee)
    meeting = attendee.meeting
    remember(request, attendee)
    publish = "audio,video"
    context = {
        "attendee": attendee,
        "meeting": meeting,
        "case": meeting.case,
        "janus_url": settings.MEDARB_JANUS_PUBLIC_URL,
        "publish": publish,
        "csrf": get_token(request),
        "texts": selectors.room_texts(),
        "is_staff": policy.is_staff(request.user),
        # a call without a sitting is ended from its room by the caller
        "ends_here": meeting.sitting_id is None and attendee.role == AttendeeRole.HOST,
    }
    return render(request, "meetings/room.html", context)


@login_required
@require_GET
def room(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.select_related("case", "parent"), pk=meeting_id)
    target = meeting.parent or meeting
    try:
        attendee = services.admit_user(meeting=target, user=request.user)
        if meeting.parent is not None and services.caucus_for(attendee) != meeting:
            raise services.MeetingRefused(_("您没有受邀参加这个会议。"))
    except services.MeetingRefused as exc:
        return _refused(request, exc.message)
    if policy.is_staff(request.user):
        record_case_read(user=request.user, case=meeting.case, request=request, what=f"meeting {meeting.pk}")
    return _room(request, attendee, meeting=meeting if meeting.parent else None)


@require_GET
def link(request, token: str):
    """The link in the SMS: no sign-in; the browser that opens it first keeps it."""
    ip = request.META.get("REMOTE_ADDR", "")
    if cache.get(f"meeting-link-refused:{ip}", 0) >= REFUSED_LINKS_PER_MINUTE:
        return _refused(request, _("尝试过于频繁，请一分钟后再试。"), status=429)
    browser = request.COOKIES.get(BROWSER_COOKIE) or secrets.token_urlsafe(24)
    try:
        attendee = services.admit_link(token=token, browser=browser)
    except services.MeetingRefused as exc:
        key = f"meeting-link-refused:{ip}"
        if not cache.add(key, 1, 60):
            try:
                cache.incr(key)
            except ValueError:  # it expired in between: this is the first of a new minute
                cache.set(key, 1, 60)
        return _refused(request, exc.message)
    caucus = services.caucus_for(attendee)
    response = _room(request, attendee, meeting=caucus)
    response.set_cookie(
        BROWSER_COOKIE, browser, max_age=86400, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


@csrf_exempt  # sendBeacon cannot set the CSRF header: the fetch metadata stands in (below)
@require_POST
def presence(request, key):
    """The room's browser: joined, connection state, left. Same-origin only."""
    if request.headers.get("Sec-Fetch-Site") not in ("same-origin", None) and not request.headers.get(
        "X-CSRFToken"
    ):
        raise PermissionDenied
    attendee = attendee_of_request(request, key)
    try:
        body = json.loads(request.body or b"{}")
        services.note_presence(
            attendee=attendee, event=str(body.get("event", "")), state=str(body.get("state", ""))
        )
    except (ValueError, DomainError):
        return HttpResponseBadRequest("bad presence report")
    return JsonResponse({"ok": True, "open": attendee.meeting.is_open})


@require_GET
def status(request, key):
    """Polled by the room page: has the meeting ended, is this person asked into a caucus?"""
    attendee = attendee_of_request(request, key)
    meeting = attendee.meeting
    main = meeting.parent or meeting
    context = {"attendee": attendee, "meeting": meeting, "main": main}
    if meeting.parent is None and meeting.is_open:
        caucus = main.caucuses.open().first()
        context |= {"caucus": caucus, "asked": caucus and services.caucus_for(attendee) == caucus}
    if meeting.is_open:
        context["actions"] = hooks.room_actions(attendee)
    if meeting.parent is not None and not meeting.is_open and main.is_open:
        context["back"] = True
    return render(request, "meetings/_status.html", context)


@require_GET
def move(request, key, where: str):
    """From the room into the caucus or back: the same person, the other room."""
    attendee = attendee_of_request(request, key)
    main_attendee = attendee
    if attendee.meeting.parent is not None:
        match = {"user": attendee.user} if attendee.user_id else {"party": attendee.party}
        main_attendee = attendee.meeting.parent.attendees.get(**match)
    if where == "caucus":
        caucus = services.caucus_for(main_attendee)
        if caucus is None:
            return _refused(request, _("单独沟通尚未开始或已结束。"))
        return _room(request, main_attendee, meeting=caucus)
    if not main_attendee.meeting.is_open:
        return _refused(request, _("会议已结束。"))
    return _room(request, main_attendee)
