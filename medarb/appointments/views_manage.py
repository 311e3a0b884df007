"""Unit admins set up their service points: the windows and rooms people book and queue at."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medarb.appointments import services
from medarb.appointments.forms import ServicePointForm
from medarb.appointments.models import ServicePoint
from medarb.core.errors import DomainError


@login_required
def manage_points(request):
    units = services.point_units(request.user)
    if not units:
        raise PermissionDenied
    points = ServicePoint.objects.filter(unit__in=units).select_related("unit", "room")
    return render(request, "appointments/manage_points.html", {"units": units, "points": points})


@login_required
@require_http_methods(["GET", "POST"])
def edit_point(request, point_id: int | None = None):
    units = services.point_units(request.user)
    if not units:
        raise PermissionDenied
    point = None
    if point_id is not None:
        point = ServicePoint.objects.filter(pk=point_id, unit__in=units).select_related("unit").first()
        if point is None:
            raise Http404
    initial = (
        {f: getattr(point, f) for f in services.POINT_FIELDS} if point else {"unit": request.GET.get("unit")}
    )
    form = ServicePointForm(request.POST or None, initial=initial, units=units, point=point)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_service_point(actor=request.user, unit=data.pop("unit"), point=point, data=data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("服务窗口已保存。"))
            return redirect("appointments:manage")
    return render(request, "appointments/edit_point.html", {"form": form, "point": point})
