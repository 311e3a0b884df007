from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.cases import causes
from medarb.cases.employers import EmployerType, Industry
from medarb.core.forms import BoundedModelChoiceField, DateInput, StyledForm
from medarb.core.validators import parse_mobile, parse_resident_id, parse_uscc
from medarb.orgs.models import Unit, UnitKind
from medarb.portal.services import MAX_QUESTION


class AskForm(StyledForm):
    question = forms.CharField(
        label=_("您的问题"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("例如：公司拖欠工资，我该怎么办？")}),
    )


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class ApplicantForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=60)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    address = forms.CharField(label=_("住址（送达地址）"), max_length=200)

    def clean_id_number(self):
        return parse_resident_id(self.cleaned_data["id_number"]).number

    def clean_phone(self):
        return parse_mobile(self.cleaned_data["phone"])


class EmployerForm(StyledForm):
    name = forms.CharField(label=_("单位名称"), max_length=120)
    uscc = forms.CharField(label=_("统一社会信用代码（不清楚可不填）"), max_length=18, required=False)
    address = forms.CharField(label=_("单位地址"), max_length=200)
    legal_representative = forms.CharField(
        label=_("法定代表人（不清楚可不填）"), max_length=60, required=False
    )
    phone = forms.CharField(label=_("单位联系电话（手机，可不填）"), max_length=20, required=False)
    industry = forms.ChoiceField(
        label=_("单位所属行业（不清楚可不选）"),
        choices=[("", _("不清楚")), *Industry.choices],
        required=False,
    )
    employer_type = forms.ChoiceField(
        label=_("单位类型（不清楚可不选）"),
        choices=[("", _("不清楚")), *EmployerType.choices],
        required=False,
    )

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip()
        return parse_uscc(value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return parse_mobile(value) if value else ""


class FactsForm(StyledForm):
    street = BoundedModelChoiceField(
        label=_("工作地所在街道"), queryset=Unit.objects.none(), empty_label=_("请选择")
    )
    started_on = forms.DateField(label=_("入职日期"), widget=DateInput())
    ended_on = forms.DateField(label=_("离职日期（仍在职可不填）"), required=False, widget=DateInput())
    monthly_wage = forms.DecimalField(
        label=_("月工资（元）"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    facts = forms.CharField(label=_("事情经过"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Unit.objects.filter(kind=UnitKind.STREET, is_active=True).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and started > timezone.localdate():
            self.add_error("started_on", _("入职日期不能晚于今天。"))
        if started and ended and ended < started:
            self.add_error("ended_on", _("离职日期不能早于入职日期。"))
        return data


class ClaimStepForm(StyledForm):
    summary_label = _("请求")  # its rows in the error summary
    cause = forms.ChoiceField(label=_("类别"), choices=causes.LEAF_CHOICES)
    description = forms.CharField(label=_("请求内容"), max_length=500)
    amount = forms.DecimalField(
        label=_("金额（元，可不填）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


ClaimStepFormSet = forms.formset_factory(
    ClaimStepForm, extra=0, min_num=1, validate_min=True, max_num=20, validate_max=True
)


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("文件（PDF、JPG、PNG 或 Word，单个不超过20MB）"))
    description = forms.CharField(label=_("证据名称及证明内容"), max_length=200)


class SubmitForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("处理途径"),
        choices=[
            ("mediation", _("先到街道调解室调解（推荐，一般更快）")),
            ("arbitration", _("直接申请劳动仲裁")),
        ],
        widget=forms.RadioSelect,
    )
    photo = forms.FileField(label=_("身份证人像面照片"))
    live = forms.FileField(label=_("本人正面照片（自拍）"), required=False)
    sms_code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6)
