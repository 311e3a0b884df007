"""Forms of the arbitration acts. Each takes the case (`Form(data, case=case)`); its
cleaned_data are the keyword arguments of the act's service (see `arbitration.procedure`)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.arbitration.models import (
    Counterclaim,
    CounterclaimDecision,
    PostponementBy,
    RecusalGround,
    RecusalRequest,
    RefusalGround,
    ServiceMethod,
    SimplifiedGround,
    SuspensionGround,
    TribunalKind,
)
from medarb.cases import causes
from medarb.cases.employers import EmployerType, Industry
from medarb.cases.forms import BLANK
from medarb.cases.models import PartyKind, PartySide
from medarb.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    DateInput,
    DateTimeInput,
    StyledForm,
)
from medarb.orgs.models import Membership, PoolKind, Role, Room
from medarb.procedure.rules import law


class ActForm(StyledForm):
    """The date of the act and an optional note: every act has at least these."""

    on = forms.DateField(label=_("日期"), widget=DateInput())
    note = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["on"].initial = timezone.localdate()
        # The act's own fields first, its date and note last.
        self.order_fields([name for name in self.fields if name not in ("on", "note")])

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("日期不能晚于今天。"))
        if value < self.case.received_on:
            raise forms.ValidationError(_("日期不能早于收件日期。"))
        return value


class ReasonForm(ActForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        self.fields["note"].label = _("理由")


class CorrectionForm(ActForm):
    items = forms.CharField(
        label=_("需补正的材料（每行一项）"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reply_by = forms.DateField(label=_("补正期限"), required=False, widget=DateInput())

    def clean_items(self):
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError(_("请列明需要补正的材料。"))
        return items


class RefusalForm(ReasonForm):
    ground = forms.ChoiceField(label=_("不予受理理由"), choices=RefusalGround.choices)


class TransferForm(ReasonForm):
    to_commission = forms.CharField(label=_("移送至"), max_length=120)


class ServiceForm(ActForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("送达日期（签收日期）")


def _pool_arbitrators(case):
    from django.contrib.auth import get_user_model

    from medarb.orgs.selectors import pool_members

    ids = pool_members(pool=PoolKind.ARBITRATOR).values_list("user_id", flat=True)
    unit_arbitrators = Membership.objects.filter(
        unit=case.unit, role=Role.ARBITRATOR, is_active=True
    ).values_list("user_id", flat=True)
    return (
        get_user_model()
        .objects.filter(pk__in=[*ids, *unit_arbitrators], is_active=True)
        .order_by("full_name")
    )


def _unit_clerks(case):
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(unit=case.unit, role=Role.CLERK, is_active=True).values_list(
        "user_id", flat=True
    )
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name")


class TribunalForm(ActForm):
    kind = forms.ChoiceField(label=_("组庭方式"), choices=TribunalKind.choices)
    presiding = BoundedModelChoiceField(label=_("首席/独任仲裁员"), queryset=None)
    members = BoundedModelMultipleChoiceField(label=_("其他仲裁员"), queryset=None, required=False)
    clerk = BoundedModelChoiceField(label=_("书记员"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        arbitrators = _pool_arbitrators(self.case)
        self.fields["presiding"].queryset = arbitrators
        self.fields["members"].queryset = arbitrators
        self.fields["clerk"].queryset = _unit_clerks(self.case)


class CounterclaimForm(ActForm):
    description = forms.CharField(
        label=_("反申请请求"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


class CounterclaimDecisionForm(ActForm):
    counterclaim = BoundedModelChoiceField(label=_("反申请"), queryset=None)
    decision = forms.ChoiceField(
        label=_("审查结果"),
        choices=[c for c in CounterclaimDecision.choices if c[0] != CounterclaimDecision.PENDING],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterclaim"].queryset = Counterclaim.objects.filter(
            case=self.case, decision=CounterclaimDecision.PENDING
        )


class ChangeClaimsForm(ActForm):
    cause = forms.ChoiceField(label=_("请求事项类别"), choices=causes.LEAF_CHOICES)
    description = forms.CharField(label=_("请求内容"), max_length=500)
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


class AddPartyForm(ActForm):
    side = forms.ChoiceField(label=_("诉讼地位"), choices=PartySide.choices)
    kind = forms.ChoiceField(label=_("身份"), choices=PartyKind.choices)
    name = forms.CharField(label=_("姓名/名称"), max_length=120)
    is_organisation = forms.BooleanField(label=_("单位"), required=False)
    id_number = forms.CharField(label=_("身份证号码"), required=False, max_length=18)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    address = forms.CharField(label=_("住所/送达地址"), required=False, max_length=200)
    industry = forms.ChoiceField(
        label=_("所属行业（单位）"), choices=BLANK + Industry.choices, required=False
    )
    employer_type = forms.ChoiceField(
        label=_("单位类型（单位）"), choices=BLANK + EmployerType.choices, required=False
    )


class RecusalForm(ActForm):
    challenged = BoundedModelChoiceField(label=_("被申请回避人员"), queryset=None)
    applicant_name = forms.CharField(label=_("申请人"), max_length=120)
    ground = forms.ChoiceField(label=_("回避事由"), choices=RecusalGround.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from medarb.arbitration.models import Tribunal

        tribunal = Tribunal.objects.filter(case=self.case).first()
        ids = []
        if tribunal is not None:
            ids = [tribunal.presiding_id, *tribunal.members.values_list("pk", flat=True)]
            if tribunal.clerk_id:
                ids.append(tribunal.clerk_id)
        self.fields["challenged"].queryset = get_user_model().objects.filter(pk__in=ids)


class RecusalDecisionForm(ActForm):
    recusal = BoundedModelChoiceField(label=_("回避申请"), queryset=None)
    decision = forms.ChoiceField(
        label=_("决定"), choices=[("upheld", _("准予回避")), ("rejected", _("驳回申请"))]
    )
    replacement = BoundedModelChoiceField(label=_("替换人员"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recusal"].queryset = RecusalRequest.objects.filter(case=self.case, decision="pending")
        self.fields["replacement"].queryset = _pool_arbitrators(self.case) | _unit_clerks(self.case)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "upheld" and not data.get("replacement"):
            self.add_error("replacement", _("准予回避的，请指定替换人员。"))
        return data


def _rooms(case):
    ancestors = [int(pk) for pk in case.unit.path.strip("/").split("/") if pk]
    return (
        Room.objects.filter(unit_id__in=ancestors, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


class HearingForm(ActForm):
    starts_at = forms.DateTimeField(label=_("开庭时间"), widget=DateTimeInput())
    minutes = forms.IntegerField(label=_("预计时长（分钟）"), min_value=15, max_value=600, initial=120)
    room = BoundedModelChoiceField(label=_("仲裁庭（场所）"), queryset=None, required=False)
    notice_waiver_reason = forms.CharField(
        label=_("不足五日通知的理由（当事人同意等）"), required=False, max_length=300
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("通知日期")
        self.fields["room"].queryset = _rooms(self.case)

    def clean(self):
        data = super().clean()
        starts_at, on = data.get("starts_at"), data.get("on")
        if starts_at and on and timezone.localtime(starts_at).date() <= on:
            self.add_error("starts_at", _("开庭时间应在通知日期之后。"))
        if starts_at and data.get("minutes"):
            data["ends_at"] = starts_at + timedelta(minutes=data.pop("minutes"))
        return data


class PostponementForm(ReasonForm):
    requested_by = forms.ChoiceField(label=_("提出方"), choices=PostponementBy.choices)
    new_starts_at = forms.DateTimeField(label=_("新的开庭时间"), widget=DateTimeInput())
    minutes = forms.IntegerField(label=_("预计时长（分钟）"), min_value=15, max_value=600, initial=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("申请日期")

    def clean(self):
        data = super().clean()
        if data.get("new_starts_at") and data.get("minutes"):
            data["new_ends_at"] = data["new_starts_at"] + timedelta(minutes=data.pop("minutes"))
        return data


class OpenHearingForm(ActForm):
    applicant_present = forms.BooleanField(label=_("申请人到庭"), required=False, initial=True)
    respondent_present = forms.BooleanField(label=_("被申请人到庭"), required=False, initial=True)


class MediationStatementForm(ActForm):
    terms = forms.CharField(
        label=_("调解协议内容"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    amount = forms.DecimalField(
        label=_("给付金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    pay_by = forms.DateField(label=_("履行期限"), required=False, widget=DateInput())
    applicant_signed_on = forms.DateField(label=_("申请人签收日期"), widget=DateInput())
    respondent_signed_on = forms.DateField(label=_("被申请人签收日期"), widget=DateInput())

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("applicant_signed_on", "respondent_signed_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("签收日期不能晚于今天。"))
        return data


class AwardForm(ActForm):
    findings = forms.CharField(
        label=_("查明事实"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    majority_opinion = forms.CharField(
        label=_("裁决理由（多数意见）"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    dissent = forms.CharField(
        label=_("少数意见"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 2})
    )
    partial = forms.BooleanField(label=_("先行裁决（部分事实清楚）"), required=False)
    advance_enforcement = forms.BooleanField(label=_("先予执行"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = list(self.case.claims.all())
        for claim in self.claims:
            self.fields[f"awarded_{claim.pk}"] = forms.DecimalField(
                label=_("第%(n)s项 %(d)s：裁决金额（元，空白为不予支持）")
                % {"n": claim.position + 1, "d": claim.description},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
            )

    def clean(self):
        data = super().clean()
        data["items"] = [(claim, data.pop(f"awarded_{claim.pk}", None)) for claim in self.claims]
        return data


class SuspensionForm(ActForm):
    ground = forms.ChoiceField(label=_("中止事由"), choices=SuspensionGround.choices)


class ExtensionForm(ReasonForm):
    # The law's cap bounds the field; the case's unit may read it lower (the service checks).
    days = forms.IntegerField(
        label=_("延长天数"),
        min_value=1,
        max_value=law("award_extension").ceiling_days,
        initial=law("award_extension").ceiling_days,
    )


class SimplifiedForm(ActForm):
    ground = forms.ChoiceField(label=_("适用理由"), choices=SimplifiedGround.choices)
