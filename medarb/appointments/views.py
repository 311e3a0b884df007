"""Booking pages for the public, the kiosk, the waiting-room display and the counter screen."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.appointments import selectors, services
from medarb.appointments.forms import BookingForm, CheckInForm, CounterForm, RescheduleForm
from medarb.appointments.models import Booking, BookingState, ServicePoint, Ticket
from medarb.core.errors import DomainError

POLL_SECONDS = 2  # how often a waiting-room display asks whether the queue changed


def points(request):
    return render(
        request,
        "appointments/points.html",
        {"points": ServicePoint.objects.filter(is_active=True).select_related("unit")},
    )


def _days(point: ServicePoint) -> list[dict]:
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in range(services.BOOKING_HORIZON_DAYS + 1)]
    return [{"day": day, "slots": services.slots_for(point=point, day=day)} for day in days]


@login_required
@require_http_methods(["GET", "POST"])
def book(request, point_id: int):
    point = get_object_or_404(ServicePoint, pk=point_id, is_active=True)
    initial = {"name": request.user.full_name, "phone": request.user.phone}
    form = BookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book(point=point, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("预约成功，预约号 %(n)s。") % {"n": booking.number})
            return redirect("appointments:mine")
    return render(request, "appointments/book.html", {"point": point, "days": _days(point), "form": form})


@login_required
def mine(request):
    bookings = (
        Booking.objects.filter(user=request.user)
        .select_related("point__unit", "ticket")
        .order_by("-day", "-slot")[:30]
    )
    return render(request, "appointments/mine.html", {"bookings": bookings, "today": timezone.localdate()})


@login_required
@require_POST
def cancel(request, booking_id: int):
    booking = get_object_or_404(Booking, pk=booking_id, user=request.user)
    try:
        services.cancel_booking(booking=booking, user=request.user)
        messages.success(request, _("已取消预约。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("appointments:mine")


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request, booking_id: int):
    booking = get_object_or_404(Booking, pk=booking_id, user=request.user, state=BookingState.BOOKED)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.reschedule_booking(booking=booking, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已改期，新的预约号 %(n)s。") % {"n": moved.number})
            return redirect("appointments:mine")
    return render(
        request,
        "appointments/book.html",
        {"point": booking.point, "days": _days(booking.point), "form": form, "moving": booking},
    )


@login_required
@require_POST
def remote_check_in(request, booking_id: int):
    booking = get_object_or_404(Booking, pk=booking_id, user=request.user)
    try:
        ticket = services.check_in(number=booking.number, user=request.user)
        messages.success(request, _("签到成功，您的号码是 %(t)s。") % {"t": ticket.label})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("appointments:mine")


@require_http_methods(["GET", "POST"])
def kiosk(request, point_id: int):
    """The self-service screen in the hall: check in with a booking number, or take a ticket."""
    point = get_object_or_404(ServicePoint, pk=point_id, is_active=True)
    form, ticket = CheckInForm(request.POST if request.POST.get("action") == "check_in" else None), None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "check_in":
                if form.is_valid():
                    ticket = services.check_in(number=form.cleaned_data["number"])
            else:
                ticket = services.take_ticket(point=point)
        except DomainError as exc:
            form.add_error("number" if exc.field == "number" else None, exc.message)
    queue = selectors.queue_for(point)
    return render(
        request, "appointments/kiosk.html", {"point": point, "form": form, "ticket": ticket, "queue": queue}
    )


def _etag(point_id: int, version: int) -> str:
    # The day is part of it: the queue starts afresh every morning without a change.
    return f'"q{point_id}-{version}-{timezone.localdate():%Y%m%d}"'


def display(request, point_id: int):
    point = get_object_or_404(ServicePoint, pk=point_id)
    queue = selectors.queue_for(point)
    return render(
        request,
        "appointments/display.html",
        {
            "point": point,
            "queue": queue,
            "etag": _etag(point.pk, queue.version),
            "poll_seconds": POLL_SECONDS,
        },
    )


@require_GET
def queue_state(request, point_id: int):
    """The queue as JSON for the waiting-room display, which polls it every few seconds with
    the ETag of what it shows. Unchanged: 304 after one small query (none within a second of
    the last poll of the same room in this process), and no thread is held between polls."""
    version = selectors.queue_version(point_id)
    if version is None:
        raise Http404
    etag = _etag(point_id, version)
    shown = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
    if etag in shown:
        response = HttpResponseNotModified()
    else:
        queue = selectors.queue_for(get_object_or_404(ServicePoint, pk=point_id))
        etag = _etag(point_id, queue.version)
        response = JsonResponse(queue.as_json(), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def counter(request, point_id: int):
    """The counter screen: call the next ticket, finish or skip the current one."""
    point = get_object_or_404(ServicePoint, pk=point_id)
    if not services.can_call(request.user, point):
        raise PermissionDenied
    form = CounterForm(request.POST or None, initial={"counter": request.session.get("counter", "1号窗口")})
    if request.method == "POST" and form.is_valid():
        request.session["counter"] = form.cleaned_data["counter"]
        action = request.POST.get("action")
        try:
            if action == "call":
                ticket = services.call_next(
                    point=point, actor=request.user, counter=form.cleaned_data["counter"]
                )
                if ticket is None:
                    messages.info(request, _("没有等候的号码。"))
            elif action in {"done", "skip"}:
                ticket = get_object_or_404(Ticket, pk=request.POST.get("ticket"), point=point)
                services.finish_ticket(ticket=ticket, actor=request.user, skipped=action == "skip")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("appointments:counter", point_id=point.pk)
    return render(
        request,
        "appointments/counter.html",
        {"point": point, "form": form, "queue": selectors.queue_for(point)},
    )
