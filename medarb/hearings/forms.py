from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, DateInput, StyledForm
from medarb.hearings import timing
from medarb.hearings.models import SittingKind


class PersonChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class SittingTimesMixin:
    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timing.at(day, start)
            data["ends_at"] = timing.at(day, end)
        return data


class ScheduleForm(SittingTimesMixin, StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=SittingKind.choices)
    room = BoundedModelChoiceField(
        label=_("场所"), queryset=None, required=False, empty_label=_("远程（不占用场所）")
    )
    day = forms.DateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    members = PersonChoiceField(
        label=_("仲裁员/调解员"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    clerk = BoundedModelChoiceField(label=_("书记员"), queryset=None, required=False)
    is_public = forms.BooleanField(label=_("公开开庭"), required=False, initial=True)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notice_waiver_reason = forms.CharField(
        label=_("放弃通知期限的理由"),
        required=False,
        max_length=255,
        help_text=_("开庭不足五个工作日通知时，当事人同意放弃期限的，填写理由。"),
    )

    def __init__(self, *args, rooms, members, clerks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["members"].queryset = members
        self.fields["clerk"].queryset = clerks
        self.fields["room"].widget.attrs["class"] = "form-select"
        self.fields["clerk"].widget.attrs["class"] = "form-select"


class RescheduleForm(SittingTimesMixin, StyledForm):
    room = BoundedModelChoiceField(
        label=_("场所"), queryset=None, required=False, empty_label=_("远程（不占用场所）")
    )
    day = forms.DateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    reason = forms.CharField(label=_("改期理由"), max_length=255)
    notice_waiver_reason = forms.CharField(label=_("放弃通知期限的理由"), required=False, max_length=255)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


def parse_day(raw: str | None) -> date:
    """The `d` query parameter, or today when missing or malformed."""
    if raw:
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            pass
    return timezone.localdate()
