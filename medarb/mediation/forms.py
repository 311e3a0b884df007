"""Forms of the mediation acts. The transition forms take `(data, case=...)` and their
cleaned data are the keyword arguments of the act's service (see procedure.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.cases.forms import CaseForm
from medarb.cases.models import Channel, PartySide
from medarb.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    DateInput,
    DateTimeInput,
    StyledForm,
)
from medarb.mediation.models import (
    MaterialKind,
    PerformanceMethod,
    RouteKind,
    RouteResult,
    SessionOutcome,
)
from medarb.mediation.scope import SCOPE_ITEMS
from medarb.mediation.selectors import unperformed_terms
from medarb.orgs.models import Role, Room, Unit
from medarb.procedure.rules import law

# <input type=date> only accepts ISO dates; the localised default format would leave it empty.
DATE = DateInput()


def _today():
    return timezone.localdate()


class CaseBoundForm(StyledForm):
    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


class AcceptForm(CaseBoundForm):
    decided_on = forms.DateField(label=_("受理日期"), initial=_today, widget=DATE)
    mediator = BoundedModelChoiceField(label=_("承办调解员"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(
            memberships__unit=self.case.unit if self.case else None,
            memberships__role=Role.MEDIATOR,
            memberships__is_active=True,
        )
        self.fields["mediator"].queryset = users.distinct().order_by("full_name")


class RefuseForm(CaseBoundForm):
    decided_on = forms.DateField(label=_("决定日期"), initial=_today, widget=DATE)
    reason = forms.CharField(
        label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SessionForm(CaseBoundForm):
    starts_at = forms.DateTimeField(
        label=_("调解时间"),
        widget=DateTimeInput(),
    )
    minutes = forms.IntegerField(label=_("预计时长（分钟）"), min_value=15, max_value=480, initial=90)
    room = BoundedModelChoiceField(label=_("调解室"), queryset=None, required=False)
    place = forms.CharField(label=_("其他地点"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rooms = Room.objects.none()
        if self.case is not None:
            ids = [int(p) for p in self.case.unit.path.strip("/").split("/") if p]
            rooms = Room.objects.filter(unit_id__in=ids, is_active=True).select_related("unit")
        self.fields["room"].queryset = rooms


class ExtendForm(CaseBoundForm):
    # The law's cap bounds the field; the case's unit may read it lower (the service checks).
    days = forms.IntegerField(
        label=_("延长天数"),
        min_value=1,
        max_value=law("mediation_extension").ceiling_days,
        initial=law("mediation_extension").ceiling_days,
    )
    applicant_agrees = forms.BooleanField(label=_("申请人同意延长"), required=False)
    respondent_agrees = forms.BooleanField(label=_("被申请人同意延长"), required=False)
    agreed_on = forms.DateField(label=_("同意日期"), initial=_today, widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class SealForm(CaseBoundForm):
    on = forms.DateField(label=_("生效日期"), initial=_today, widget=DATE)


class BreachForm(CaseBoundForm):
    term = BoundedModelChoiceField(label=_("未履行的协议事项"), queryset=None)
    on = forms.DateField(label=_("认定日期"), initial=_today, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = unperformed_terms(self.case)


class FailForm(CaseBoundForm):
    on = forms.DateField(label=_("终结日期"), initial=_today, widget=DATE)
    reason = forms.CharField(
        label=_("调解不成的原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class WithdrawForm(CaseBoundForm):
    on = forms.DateField(label=_("撤回日期"), initial=_today, widget=DATE)
    reason = forms.CharField(label=_("撤回理由"), max_length=2000, required=False)


class HandOverForm(CaseBoundForm):
    on = forms.DateField(label=_("转仲裁日期"), initial=_today, widget=DATE)


class ReferForm(CaseBoundForm):
    to_unit = BoundedModelChoiceField(label=_("移送至"), queryset=None, empty_label=None)
    reason = forms.CharField(label=_("移送理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    on = forms.DateField(label=_("移送日期"), initial=_today, widget=DATE)

    def __init__(self, *args, **kwargs):
        from medarb.mediation.services import referral_targets

        super().__init__(*args, **kwargs)
        targets = referral_targets(self.case.unit) if self.case else []
        self.fields["to_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in targets])


class GuidanceForm(CaseBoundForm):
    to_unit = BoundedModelChoiceField(label=_("请求指导单位"), queryset=None, empty_label=None)
    question = forms.CharField(
        label=_("请求指导的问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    scope = forms.MultipleChoiceField(label=_("提供的材料"), widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, **kwargs):
        from medarb.mediation.services import referral_targets

        super().__init__(*args, **kwargs)
        targets = referral_targets(self.case.unit) if self.case else []
        self.fields["to_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in targets]).order_by("path")
        choices = [(code, label) for code, label in SCOPE_ITEMS.items()]
        if self.case is not None:
            choices += [
                (f"material:{m.pk}", f"{m.get_kind_display()}：{m.title}")
                for m in self.case.mediation_materials.all()
            ]
        self.fields["scope"].choices = choices
        self.fields["scope"].widget.attrs["class"] = "form-check-input"


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("指导意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class OralRecordForm(StyledForm):
    oral_statement = forms.CharField(
        label=_("口头申请笔录（纠纷事项、理由、时间）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )
    oral_place = forms.CharField(label=_("记录地点"), max_length=120, required=False)
    oral_confirmed = forms.BooleanField(label=_("申请人已阅读（或听读）并确认笔录"), required=False)


class MediationCaseForm(CaseForm):
    """The window registration form, fixed to mediation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = "mediation"
        self.fields["kind"].choices = [("mediation", _("调解"))]
        self.fields["channel"].choices = [
            (Channel.ORAL, _("口头申请")),
            (Channel.WINDOW, _("书面申请")),
            (Channel.ONLINE, _("网上申请")),
        ]
        self.fields["channel"].initial = Channel.ORAL


class SessionRecordForm(StyledForm):
    attendees = BoundedModelMultipleChoiceField(
        label=_("到场当事人"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_attendees = forms.CharField(label=_("其他到场人员"), max_length=300, required=False)
    applicant_position = forms.CharField(
        label=_("申请人意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    respondent_position = forms.CharField(
        label=_("被申请人意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    proposals = forms.CharField(label=_("调解方案"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    outcome = forms.ChoiceField(label=_("本次结果"), choices=[("", "—"), *SessionOutcome.choices])
    outcome_note = forms.CharField(
        label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = case.parties.all()
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"


class CaucusForm(StyledForm):
    side = forms.ChoiceField(
        label=_("谈话对象"),
        choices=[(PartySide.APPLICANT, _("申请人")), (PartySide.RESPONDENT, _("被申请人"))],
    )
    text = forms.CharField(
        label=_("背靠背笔记（仅您本人可见）"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000
    )


class MaterialForm(StyledForm):
    title = forms.CharField(label=_("名称"), max_length=120)
    kind = forms.ChoiceField(label=_("类别"), choices=MaterialKind.choices, initial=MaterialKind.EVIDENCE)
    side = forms.ChoiceField(
        label=_("提交方"),
        choices=[("", "—"), (PartySide.APPLICANT, _("申请人")), (PartySide.RESPONDENT, _("被申请人"))],
        required=False,
    )
    file = forms.FileField(label=_("文件"))


class AgreementForm(StyledForm):
    matters = forms.CharField(
        label=_("纠纷主要事实、争议事项"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    other_terms = forms.CharField(
        label=_("其他约定"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )
    performance_text = forms.CharField(label=_("履行方式、时限说明"), required=False, max_length=2000)


class TermForm(StyledForm):
    summary_label = _("条款")  # its rows in the error summary
    obligor_side = forms.ChoiceField(
        label=_("履行方"), choices=[(PartySide.RESPONDENT, _("被申请人")), (PartySide.APPLICANT, _("申请人"))]
    )
    description = forms.CharField(label=_("内容"), max_length=300)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    due_on = forms.DateField(label=_("履行期限"), widget=DATE)
    method = forms.ChoiceField(label=_("履行方式"), choices=PerformanceMethod.choices)


TermFormSet = formset_factory(TermForm, extra=1, min_num=0, max_num=30)


class SignatureForm(StyledForm):
    signer = forms.ChoiceField(label=_("签名人"))
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = signers


class PerformanceForm(StyledForm):
    performed_on = forms.DateField(label=_("履行日期"), initial=_today, widget=DATE)


class RouteForm(StyledForm):
    kind = forms.ChoiceField(label=_("途径"), choices=RouteKind.choices)
    body = forms.CharField(label=_("受理机关"), max_length=120)
    filed_on = forms.DateField(label=_("申请日期"), initial=_today, widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class RouteDecisionForm(StyledForm):
    result = forms.ChoiceField(
        label=_("结果"), choices=[c for c in RouteResult.choices if c[0] != RouteResult.PENDING]
    )
    decided_on = forms.DateField(label=_("结果日期"), initial=_today, widget=DATE)
    reference = forms.CharField(label=_("文书编号"), max_length=80, required=False)


class StatsFilterForm(StyledForm):
    start = forms.DateField(label=_("起"), widget=DATE, required=False)
    end = forms.DateField(label=_("止"), widget=DATE, required=False)
    level = forms.ChoiceField(label=_("层级"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        from medarb.orgs.models import MediationLevel

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("全部层级")), *MediationLevel.choices]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


class CourseForm(StyledForm):
    owner_unit = BoundedModelChoiceField(label=_("开设单位"), queryset=Unit.objects.none(), empty_label=None)
    title = forms.CharField(label=_("课程名称"), max_length=120)
    summary = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    pass_score = forms.IntegerField(label=_("及格分（百分制）"), min_value=1, max_value=100, initial=60)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class LessonForm(StyledForm):
    title = forms.CharField(label=_("课时名称"), max_length=120)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    attachment = forms.FileField(label=_("附件（PDF、Word、图片）"), required=False)
    video = forms.FileField(label=_("视频（MP4、WebM）"), required=False)


class QuestionForm(StyledForm):
    text = forms.CharField(label=_("题目"), max_length=300)
    choices = forms.CharField(label=_("选项（每行一个）"), widget=forms.Textarea(attrs={"rows": 4}))
    answer = forms.IntegerField(label=_("正确选项序号（从 1 开始）"), min_value=1)
    points = forms.IntegerField(label=_("分值"), min_value=1, max_value=100, initial=10)


class AssignForm(StyledForm):
    unit = BoundedModelChoiceField(
        label=_("指定单位（含下级）"), queryset=Unit.objects.none(), empty_label=None
    )
    due_on = forms.DateField(label=_("完成期限"), widget=DATE, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class QuizForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("请作答本题。")},
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
