from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm
from medarb.portal.services import MAX_QUESTION


class AskForm(StyledForm):
    question = forms.CharField(
        label=_("您的问题"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("例如：公司拖欠工资，我该怎么办？")}),
    )


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
