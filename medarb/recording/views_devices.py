"""Unit admins register the capture devices of their rooms (a stream key is shown once) and
handle their recording alerts."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.core.errors import DomainError
from medarb.core.forms import StyledForm
from medarb.orgs.models import Room
from medarb.recording import alerts, devices
from medarb.recording.models import CaptureDevice, DeviceKind, MediaAlert


class DeviceForm(StyledForm):
    room = forms.ModelChoiceField(label=_("场所"), queryset=Room.objects.none(), empty_label=None)
    name = forms.CharField(label=_("设备名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=DeviceKind.choices)

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else Room.objects.none()


def _push_url(key: str) -> str:
    host = settings.MEDARB_RTMP_LISTEN
    return f"rtmp://{host}/ingest/{key}"


def _page(request, rooms, *, form, issued=None):
    listed = CaptureDevice.objects.filter(room__in=rooms).select_related("room__unit")
    context = {"form": form, "devices": listed, "issued": issued, "alerts": alerts.open_alerts(listed)}
    return render(request, "recording/devices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def device_list(request):
    rooms = devices.manageable_rooms(request.user)
    if not rooms.exists():
        raise PermissionDenied
    form = DeviceForm(request.POST or None, rooms=rooms)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            device, key = devices.register_device(actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            issued = {"device": device, "key": key, "url": _push_url(key)}
            form = DeviceForm(rooms=rooms)
    return _page(request, rooms, form=form, issued=issued)


@login_required
@require_POST
def rotate(request, device_id: int):
    rooms = devices.manageable_rooms(request.user)
    device = CaptureDevice.objects.filter(pk=device_id, room__in=rooms).select_related("room").first()
    if device is None:
        raise Http404
    key = devices.rotate_key(actor=request.user, device=device, request=request)
    issued = {"device": device, "key": key, "url": _push_url(key), "rotated": True}
    return _page(request, rooms, form=DeviceForm(rooms=rooms), issued=issued)


@login_required
@require_POST
def resolve_alert(request, alert_id: int):
    """The unit admin marks a recording alert handled (after freeing space or fixing the encoder)."""
    rooms = devices.manageable_rooms(request.user)
    alert = (
        MediaAlert.objects.filter(pk=alert_id, device__room__in=rooms).select_related("sitting__case").first()
    )
    if alert is None:
        raise Http404
    alerts.resolve(actor=request.user, alert=alert, request=request)
    messages.success(request, _("已标记为处理完毕。"))
    return redirect("recording:devices")
