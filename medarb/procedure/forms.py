import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import DateInput, StyledForm
from medarb.procedure.rules import RULE_CHOICES, DayType

EARLIEST, LATEST = date(2004, 1, 1), date(2100, 12, 31)


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("日期应在2004年至2100年之间。"))
    return value


class PreviewForm(StyledForm):
    rule = forms.ChoiceField(label=_("期间规则"), choices=RULE_CHOICES)
    start = forms.DateField(label=_("起算日（或开庭日）"), widget=DateInput())

    def clean_start(self):
        return _in_range(self.cleaned_data["start"])


class HolidayOverrideForm(StyledForm):
    day = forms.DateField(label=_("日期"), widget=DateInput())
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


_SEPARATORS = re.compile(r"[\s,，、;；]+")
_RANGE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})(?:[~～至到]|--)(\d{4}-\d{1,2}-\d{1,2})")


def _parse_days(text: str) -> list[date]:
    """Dates as the notice lists them: "2027-02-05~2027-02-11, 2027-04-05" (ranges inclusive)."""
    days: list[date] = []
    for part in filter(None, _SEPARATORS.split(_RANGE.sub(r"\1~\2", text.strip()))):
        ends = part.split("~")
        try:
            first, last = date.fromisoformat(_pad(ends[0])), date.fromisoformat(_pad(ends[-1]))
        except ValueError:
            raise forms.ValidationError(
                _("无法识别日期“%(part)s”，请写成2027-02-05或2027-02-05~2027-02-11。") % {"part": part}
            ) from None
        if len(ends) > 2 or last < first or (last - first).days > 31:
            raise forms.ValidationError(_("日期范围“%(part)s”不正确。") % {"part": part})
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return sorted(set(days))


def _pad(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


class HolidayArrangementForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=EARLIEST.year, max_value=LATEST.year)
    notice = forms.CharField(label=_("通知文号或来源"), max_length=120)
    rest_days = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("按通知填写全部放假日期，可写范围，如 2027-02-05~2027-02-11。"),
    )
    working_days = forms.CharField(
        label=_("调休上班日期"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_rest_days(self):
        return _parse_days(self.cleaned_data["rest_days"])

    def clean_working_days(self):
        return _parse_days(self.cleaned_data["working_days"])
