"""Calendars of rooms and people, the scheduling form, sitting actions and iCalendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import CaseKind
from medarb.cases.selectors import case_get_for_user
from medarb.cases.services import record_case_read
from medarb.core.errors import DomainError, NotAllowed
from medarb.hearings import ical, selectors, services
from medarb.hearings.calendars import build_grid, week_start
from medarb.hearings.forms import RescheduleForm, ScheduleForm, parse_day
from medarb.hearings.models import CalendarFeed, Sitting, SittingKind, SittingState
from medarb.orgs.models import Role


def _require_staff(user) -> None:
    if not policy.is_staff(user):
        raise PermissionDenied


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    """The case page panel: the case's sittings and, for writers, the button to book one."""
    if not policy.is_staff(request.user) and not policy.is_party(request.user):
        return None
    sittings = selectors.sittings_for_case(case)
    if policy.is_party(request.user):
        sittings = sittings.open_to_parties().exclude(state=SittingState.CANCELLED)
    return {"case": case, "sittings": list(sittings), "can_write": can_write, "now": timezone.now()}


@login_required
def index(request):
    _require_staff(request.user)
    rooms = selectors.rooms_for_user(request.user)
    feed = (
        CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "hearings/index.html",
        {"rooms": rooms, "feed": feed, "feed_host": request.build_absolute_uri("/")[:-1]},
    )


def _calendar_context(request, *, days: int) -> tuple:
    day = parse_day(request.GET.get("d"))
    start = week_start(day) if days == 7 else day
    return start, timezone.localdate()


def _render_calendar(
    request, *, title: str, subject: dict, entries, start, days: int, today, url_names, url_args
):
    """`url_names` is (week view, day view); the page links to the other one."""
    grid = build_grid(start=start, days=days, entries=entries, today=today)
    url_name, other_name = url_names if days == 7 else url_names[::-1]
    context = {
        "title": title,
        "subject": subject,
        "grid": grid,
        "view": "week" if days == 7 else "day",
        "base_url": reverse(url_name, args=url_args),
        "other_url": reverse(other_name, args=url_args),
    }
    template = "hearings/calendar.html#calendar" if request.htmx else "hearings/calendar.html"
    return render(request, template, context)


def _audit_calendar_read(request, *, entries, what: str) -> None:
    """One audit entry per calendar view, naming the visible cases it showed."""
    visible = sorted({e.sitting.case_id for e in entries if e.visible})
    if visible:
        record(
            actor=request.user,
            action=AuditAction.READ,
            object_type="hearings.calendar",
            summary=what,
            data={"cases": visible},
            request=request,
        )


def _room_calendar(request, room_id: int, days: int):
    _require_staff(request.user)
    room = selectors.room_get_for_user(user=request.user, room_id=room_id)
    start, today = _calendar_context(request, days=days)
    entries = selectors.room_calendar(user=request.user, room=room, start=start, days=days)
    _audit_calendar_read(request, entries=entries, what=f"room calendar {room.pk}")
    return _render_calendar(
        request,
        title=str(room),
        subject={"room": room},
        entries=entries,
        start=start,
        days=days,
        today=today,
        url_names=("hearings:room_week", "hearings:room_day"),
        url_args=[room.pk],
    )


@login_required
@require_GET
def room_week(request, room_id: int):
    return _room_calendar(request, room_id, 7)


@login_required
@require_GET
def room_day(request, room_id: int):
    return _room_calendar(request, room_id, 1)


def _person_calendar(request, person_id: int, days: int):
    _require_staff(request.user)
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    start, today = _calendar_context(request, days=days)
    entries = selectors.person_calendar(user=request.user, person=person, start=start, days=days)
    _audit_calendar_read(request, entries=entries, what=f"person calendar {person.pk}")
    return _render_calendar(
        request,
        title=str(person),
        subject={"person": person},
        entries=entries,
        start=start,
        days=days,
        today=today,
        url_names=("hearings:person_week", "hearings:person_day"),
        url_args=[person.pk],
    )


@login_required
@require_GET
def person_week(request, person_id: int):
    return _person_calendar(request, person_id, 7)


@login_required
@require_GET
def person_day(request, person_id: int):
    return _person_calendar(request, person_id, 1)


def _add_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    choices = {
        "rooms": selectors.rooms_for_case(case),
        "members": selectors.people_for_case(case),
        "clerks": selectors.people_for_case(case, roles=(Role.CLERK,)),
    }
    default_kind = SittingKind.HEARING if case.kind == CaseKind.ARBITRATION else SittingKind.MEDIATION_SESSION
    form = ScheduleForm(request.POST or None, initial={"kind": default_kind, "is_public": True}, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                sitting = services.schedule_sitting(
                    case=case,
                    actor=request.user,
                    kind=data["kind"],
                    room=data["room"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    members=data["members"],
                    clerk=data["clerk"],
                    is_public=data["is_public"],
                    notes=data["notes"],
                    notice_waiver_reason=data["notice_waiver_reason"],
                    request=request,
                )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("已安排%(kind)s。") % {"kind": sitting.get_kind_display()})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "hearings/schedule.html", {"case": case, "form": form})


def _sitting_for_user(request, sitting_id: int, *, write: bool = False) -> Sitting:
    sittings = Sitting.objects.with_related()
    if policy.is_party(request.user):
        sittings = sittings.open_to_parties()
    sitting = get_object_or_404(sittings, pk=sitting_id)
    case_get_for_user(user=request.user, case_id=sitting.case_id, write=write)
    return sitting


@login_required
@require_GET
def sitting_detail(request, sitting_id: int):
    sitting = _sitting_for_user(request, sitting_id)
    can_write = policy.can_write_case(request.user, sitting.case)
    record_case_read(user=request.user, case=sitting.case, request=request, what=f"sitting {sitting.pk}")
    local_start = timezone.localtime(sitting.starts_at)
    reschedule_form = RescheduleForm(
        initial={
            "room": sitting.room_id,
            "day": local_start.date(),
            "start": local_start.time(),
            "end": timezone.localtime(sitting.ends_at).time(),
        },
        rooms=selectors.rooms_for_case(sitting.case),
    )
    return render(
        request,
        "hearings/sitting_detail.html",
        {
            "sitting": sitting,
            "can_write": can_write,
            # Notes are the staff's own (备注): a party or a read share never sees them.
            "shows_notes": policy.sees_internal_entries(request.user, sitting.case),
            "offers_video": policy.is_staff(request.user) and sitting.state == SittingState.SCHEDULED,
            "reschedule_form": reschedule_form,
        },
    )


@login_required
@require_POST
def sitting_act(request, sitting_id: int, act: str):
    sitting = _sitting_for_user(request, sitting_id, write=True)
    reason = request.POST.get("reason", "")
    acts = {
        "postpone": (services.postpone_sitting, {"reason": reason}),
        "cancel": (services.cancel_sitting, {"reason": reason}),
        "held": (services.record_sitting_held, {"note": reason}),
    }
    if act == "reschedule":
        form = RescheduleForm(request.POST, rooms=selectors.rooms_for_case(sitting.case))
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("hearings:sitting", sitting_id=sitting.pk)
        data = form.cleaned_data
        call, kwargs = (
            services.reschedule_sitting,
            {
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "room": data["room"],
                "keep_room": False,
                "reason": data["reason"],
                "notice_waiver_reason": data["notice_waiver_reason"],
            },
        )
    elif act in acts:
        call, kwargs = acts[act]
    else:
        raise Http404("no such act")
    try:
        with transaction.atomic():
            call(sitting=sitting, actor=request.user, request=request, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("hearings:sitting", sitting_id=sitting.pk)


@login_required
@require_POST
def feed_issue(request):
    try:
        services.issue_calendar_feed(actor=request.user, request=request)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("已生成新的订阅地址，旧地址已失效。"))
    return redirect("hearings:index")


@login_required
@require_POST
def feed_revoke(request):
    services.revoke_calendar_feeds(actor=request.user, request=request)
    messages.success(request, _("订阅地址已全部作废。"))
    return redirect("hearings:index")


def _ics_response(request, *, user, name: str, entries, filename: str) -> HttpResponse:
    body = ical.calendar(
        name=name,
        entries=entries,
        host=request.get_host().split(":")[0] or "medarb",
        case_url=lambda s: request.build_absolute_uri(reverse("cases:detail", args=[s.case_id])),
    )
    visible = sorted({e.sitting.case_id for e in entries if e.visible})
    record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="hearings.calendar",
        summary=f"ical {filename}",
        data={"cases": visible},
        request=request,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _feed_user(token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, revoked_at__isnull=True).first()
    if feed is None or not policy.is_staff(feed.user):
        raise Http404("no such feed")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def _room_ics(request, user, room_id: int) -> HttpResponse:
    room = selectors.room_get_for_user(user=user, room_id=room_id)
    entries = selectors.feed_entries(user=user, room=room, today=timezone.localdate())
    return _ics_response(request, user=user, name=str(room), entries=entries, filename=f"room-{room.pk}.ics")


def _person_ics(request, user, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    entries = selectors.feed_entries(user=user, person=person, today=timezone.localdate())
    return _ics_response(
        request, user=user, name=str(person), entries=entries, filename=f"person-{person.pk}.ics"
    )


@login_required
@require_GET
def room_ics(request, room_id: int):
    _require_staff(request.user)
    return _room_ics(request, request.user, room_id)


@login_required
@require_GET
def person_ics(request, person_id: int):
    _require_staff(request.user)
    return _person_ics(request, request.user, person_id)


@require_GET
def feed_room_ics(request, token: str, room_id: int):
    return _room_ics(request, _feed_user(token), room_id)


@require_GET
def feed_person_ics(request, token: str, person_id: int):
    return _person_ics(request, _feed_user(token), person_id)
