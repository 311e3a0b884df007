from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import DateTimeInput, StyledForm
from medarb.reviews.models import ReviewGround, VoteChoice
from medarb.reviews.services import SHARED_ITEMS, QuestionInput, shareable_documents

QUESTION_SLOTS = 5


def _style_added(form) -> None:
    """Fields added after StyledForm styled the declared ones get the same classes."""
    for field in form.fields.values():
        widget = field.widget
        if "class" in widget.attrs:
            continue
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class RequestForm(StyledForm):
    ground = forms.ChoiceField(label=_("提请事由"), choices=ReviewGround.choices)
    reason = forms.CharField(label=_("提请理由"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.MultipleChoiceField(
        label=_("提供会审的材料"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(SHARED_ITEMS.items())
        choices += [(f"document:{d.pk}", d.title) for d in shareable_documents(case)]
        self.fields["scope"].choices = choices
        for n in range(1, QUESTION_SLOTS + 1):
            self.fields[f"question_{n}"] = forms.CharField(
                label=_("问题 %(n)s") % {"n": n}, max_length=500, required=n == 1
            )
            self.fields[f"proposal_{n}"] = forms.CharField(
                label=_("拟处理意见 %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        _style_added(self)

    def question_pairs(self):
        return [(self[f"question_{n}"], self[f"proposal_{n}"]) for n in range(1, QUESTION_SLOTS + 1)]

    def questions(self) -> list[QuestionInput]:
        data = self.cleaned_data
        return [
            QuestionInput(text=data.get(f"question_{n}", ""), proposal=data.get(f"proposal_{n}", ""))
            for n in range(1, QUESTION_SLOTS + 1)
        ]


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("refuse", _("不予批准"))],
        widget=forms.RadioSelect,
    )
    meeting_at = forms.DateTimeField(label=_("会审时间"), required=False, widget=DateTimeInput())
    access_until = forms.DateTimeField(label=_("专家查阅材料截止"), required=False, widget=DateTimeInput())
    note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve":
            for name in ("meeting_at", "access_until"):
                if not data.get(name):
                    self.add_error(name, _("批准时请填写此项。"))
        elif data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("不予批准时请填写理由。"))
        return data


class InviteForm(StyledForm):
    user = forms.TypedChoiceField(label=_("会审专家"), coerce=int)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, f"{u}（{unit.name}）") for u, unit in candidates]


class OpinionForm(StyledForm):
    opinion = forms.CharField(label=_("书面意见"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"vote_{q.pk}"] = forms.ChoiceField(
                label=_("问题 %(n)s：%(t)s") % {"n": q.position, "t": q.text},
                choices=VoteChoice.choices,
                widget=forms.RadioSelect,
            )
        _style_added(self)

    def vote_fields(self):
        return [self[f"vote_{q.pk}"] for q in self.questions]

    def votes(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"vote_{q.pk}"] for q in self.questions}


class CloseForm(StyledForm):
    conclusion = forms.CharField(
        label=_("会审结论"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("留空则按各问题的多数意见生成。"),
    )
