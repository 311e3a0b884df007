"""Forms of the window registration: the case, its parties and its claims."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.cases import causes
from medarb.cases.closure import CLOSE_WAY_CHOICES
from medarb.cases.employers import NOT_RECORDED, EmployerType, Industry
from medarb.cases.models import CaseKind, Channel, PartyKind, PartySide
from medarb.core.forms import BoundedModelChoiceField, DateInput, StyledForm
from medarb.core.validators import parse_phone, parse_resident_id, parse_uscc
from medarb.orgs.models import MediationLevel

MEDIATION_UNIT_KINDS = {"street", "community", "enterprise"}
BLANK = [("", _("未知/不适用"))]


class CaseForm(StyledForm):
    unit = BoundedModelChoiceField(label=_("承办单位"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=CaseKind.choices)
    channel = forms.ChoiceField(label=_("来源"), choices=Channel.choices, initial=Channel.WINDOW)
    received_on = forms.DateField(label=_("收件日期"), widget=DateInput())
    primary_cause = forms.ChoiceField(label=_("主要争议事项"), choices=causes.LEAF_CHOICES)
    worker_count = forms.IntegerField(label=_("劳动者人数"), min_value=1, max_value=100000, initial=1)
    threatens_collective_action = forms.BooleanField(
        label=_("劳动者扬言采取集体行动（上访、聚集、停工等）"),
        required=False,
        help_text=_("勾选后立即向本委预警。"),
    )
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        from medarb.orgs.models import Unit

        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["received_on"].initial = timezone.localdate()
        # Default to what the unit does: a commission arbitrates, a mediation room mediates.
        mediates = bool(units) and units[0].kind in MEDIATION_UNIT_KINDS
        self.fields["kind"].initial = CaseKind.MEDIATION if mediates else CaseKind.ARBITRATION

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("收件日期不能晚于今天。"))
        return value


class PartyForm(StyledForm):
    summary_label = _("当事人")  # its rows in the error summary
    side = forms.ChoiceField(label=_("诉讼地位"), choices=PartySide.choices)
    kind = forms.ChoiceField(label=_("身份"), choices=PartyKind.choices)
    is_organisation = forms.BooleanField(label=_("单位"), required=False)
    name = forms.CharField(label=_("姓名/名称"), max_length=120)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=60, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住所/送达地址"), max_length=200, required=False)
    industry = forms.ChoiceField(
        label=_("所属行业（单位）"), choices=BLANK + Industry.choices, required=False
    )
    employer_type = forms.ChoiceField(
        label=_("单位类型（单位）"), choices=BLANK + EmployerType.choices, required=False
    )

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return parse_resident_id(value).number if value else ""

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip()
        return parse_uscc(value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return parse_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("is_organisation") and data.get("id_number"):
            self.add_error("id_number", _("单位当事人请填写统一社会信用代码，不填身份证号码。"))
        if not data.get("is_organisation") and data.get("uscc"):
            self.add_error("uscc", _("自然人当事人不填统一社会信用代码。"))
        if not data.get("is_organisation"):
            for name in ("industry", "employer_type"):
                if data.get(name):
                    self.add_error(name, _("自然人当事人不填所属行业和单位类型。"))
        return data


class ClaimForm(StyledForm):
    summary_label = _("请求")  # its rows in the error summary
    cause = forms.ChoiceField(label=_("请求事项类别"), choices=causes.LEAF_CHOICES)
    description = forms.CharField(label=_("请求内容"), max_length=500)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    period_start = forms.DateField(label=_("期间起"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("期间止"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("期间止不能早于期间起。"))
        return data


PartyFormSet = formset_factory(
    PartyForm, extra=0, min_num=2, validate_min=True, max_num=50, validate_max=True
)
ClaimFormSet = formset_factory(
    ClaimForm, extra=0, min_num=1, validate_min=True, max_num=50, validate_max=True
)


class CaseFilterForm(StyledForm):
    q = forms.CharField(label=_("案号或当事人"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *CaseKind.choices]
    )
    status = forms.CharField(label=_("状态"), required=False, max_length=40)
    cause = forms.ChoiceField(
        label=_("争议事项"), required=False, choices=[("", _("全部事项")), *causes.TOP_CHOICES]
    )
    open_only = forms.BooleanField(label=_("仅未结"), required=False)
    collective_only = forms.BooleanField(label=_("仅集体争议"), required=False)
    industry = forms.ChoiceField(
        label=_("用人单位行业"),
        required=False,
        choices=[("", _("全部行业")), *Industry.choices, (NOT_RECORDED, _("行业未登记"))],
    )
    employer_type = forms.ChoiceField(
        label=_("用人单位类型"),
        required=False,
        choices=[("", _("全部单位类型")), *EmployerType.choices, (NOT_RECORDED, _("单位类型未登记"))],
    )
    received_from = forms.DateField(label=_("收件日期自"), required=False)
    received_to = forms.DateField(label=_("收件日期至"), required=False)
    # A unit and the units below it, or one unit alone (links from the statistics pages).
    unit_tree = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    unit_id = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    # Links from the performance figures: a person's cases (any role), by period and outcome.
    handler = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    handled_from = forms.DateField(required=False)
    handled_to = forms.DateField(required=False)
    closed_from = forms.DateField(label=_("结案日期自"), required=False)
    closed_to = forms.DateField(label=_("结案日期至"), required=False)
    close_reason = forms.CharField(required=False, max_length=30)
    timeliness = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("timed", _("计限结案")), ("on_time", _("限期内结案")), ("late", _("超期结案"))],
    )
    overdue = forms.BooleanField(label=_("仅超期未结"), required=False)
    only = forms.CharField(required=False, max_length=30)
    # The statistical reports' drill-down (see cases.closure).
    close_way = forms.ChoiceField(label=_("结案方式"), required=False, choices=[("", ""), *CLOSE_WAY_CHOICES])
    accepted_from = forms.DateField(label=_("立案日期自"), required=False)
    accepted_to = forms.DateField(label=_("立案日期至"), required=False)
    pending_on = forms.DateField(label=_("截至该日未结"), required=False)
    individual_only = forms.BooleanField(label=_("仅非集体争议"), required=False)
    level = forms.ChoiceField(
        label=_("调解层级"), required=False, choices=[("", ""), *MediationLevel.choices]
    )
    ordering = forms.CharField(required=False, max_length=20)

    # (the closing dates show among the performance conditions, cases.views._conditions)
    STATISTICS_FIELDS = (
        "close_way",
        "accepted_from",
        "accepted_to",
        "pending_on",
        "individual_only",
        "level",
    )

    def statistics_filters(self) -> list[tuple[str, str, str]]:
        """The drill-down conditions in force: (field, raw value, what it means to a clerk)."""
        if not self.is_valid():
            return []
        shown = []
        for name in self.STATISTICS_FIELDS:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                meaning = dict(field.choices).get(value, value)
            elif isinstance(field, forms.BooleanField):
                meaning = ""
            else:
                meaning = value.isoformat()
            shown.append((name, self.data.get(name, ""), f"{field.label}{'：' if meaning else ''}{meaning}"))
        return shown
