from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm
from medarb.core.validators import parse_mobile


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
