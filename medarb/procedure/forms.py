from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm
from medarb.procedure.rules import RULE_CHOICES, DayType

EARLIEST, LATEST = date(2004, 1, 1), date(2100, 12, 31)


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("日期应在2004年至2100年之间。"))
    return value


class PreviewForm(StyledForm):
    rule = forms.ChoiceField(label=_("期间规则"), choices=RULE_CHOICES)
    start = forms.DateField(label=_("起算日（或开庭日）"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_start(self):
        return _in_range(self.cleaned_data["start"])


class HolidayOverrideForm(StyledForm):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working_day = forms.TypedChoiceField(
        label=_("当日为"),
        choices=[("0", _("休息日（法定节假日）")), ("1", _("工作日（调休上班）"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("说明"), max_length=120, required=False)

    def clean_day(self):
        return _in_range(self.cleaned_data["day"])


class RuleOverrideForm(StyledForm):
    code = forms.ChoiceField(label=_("期间规则"), choices=RULE_CHOICES)
    days = forms.IntegerField(label=_("天数"), min_value=1, max_value=365)
    day_type = forms.ChoiceField(label=_("计日方式"), choices=DayType.choices)
    note = forms.CharField(label=_("依据或说明"), max_length=200, required=False)
