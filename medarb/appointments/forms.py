from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.appointments.models import PointKind
from medarb.core.forms import StyledForm
from medarb.core.validators import parse_mobile
from medarb.orgs.models import Room, Unit


class BookingForm(StyledForm):
    day = forms.DateField(label=_("日期"), widget=forms.HiddenInput)
    slot = forms.TimeField(label=_("时段"), widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    purpose = forms.CharField(label=_("办理事项"), max_length=200, required=False)

    def clean_phone(self):
        return parse_mobile(self.cleaned_data["phone"])


class RescheduleForm(StyledForm):
    day = forms.DateField(label=_("日期"))
    slot = forms.TimeField(label=_("时段"))

    def clean_slot(self) -> time:
        return self.cleaned_data["slot"]


class CheckInForm(StyledForm):
    number = forms.CharField(label=_("预约号"), max_length=20)


class CounterForm(StyledForm):
    counter = forms.CharField(label=_("窗口号"), max_length=20, initial="1号窗口")


class ServicePointForm(StyledForm):
    """A window or room where people are received, with its opening hours and slots."""

    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none(), empty_label=None)
    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=PointKind.choices)
    room = forms.ModelChoiceField(
        label=_("场所"), queryset=Room.objects.none(), required=False, empty_label=_("（不指定）")
    )
    ticket_prefix = forms.RegexField(
        label=_("号码前缀"),
        regex=r"^[A-Z]{1,2}$",
        max_length=2,
        initial="A",
        error_messages={"invalid": _("号码前缀为1至2个大写字母。")},
    )
    slot_minutes = forms.IntegerField(label=_("每个时段（分钟）"), min_value=10, max_value=240, initial=30)
    capacity = forms.IntegerField(label=_("每个时段可预约人数"), min_value=1, max_value=100, initial=3)
    morning = forms.CharField(label=_("上午时段"), max_length=11, required=False, initial="08:30-12:00")
    afternoon = forms.CharField(
        label=_("下午时段"),
        max_length=11,
        required=False,
        initial="13:30-17:30",
        help_text=_("时段写作 08:30-12:00；不开放的半天留空。"),
    )
    minutes_per_person = forms.IntegerField(
        label=_("平均办理时长（分钟）"), min_value=1, max_value=240, initial=10
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("开放预约"), required=False, initial=True)

    def __init__(self, *args, units=(), point=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in units]
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=ids).order_by("path")
        if point is not None:  # a window stays with its unit
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = point.unit_id
        self.fields["room"].queryset = Room.objects.filter(unit_id__in=ids).select_related("unit")
