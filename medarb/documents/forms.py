from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm


class VerifyCodeForm(StyledForm):
    code = forms.CharField(
        label=_("核验码"), max_length=20, help_text=_("文书二维码旁的 12 位核验码，如 ABCD-EFGH-JKMN")
    )

    def clean_code(self) -> str:
        # Only letters and digits count (dashes and spaces are for reading); nothing left is no code.
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isascii() and ch.isalnum())
        if not code:
            raise forms.ValidationError(_("核验码由字母和数字组成，请照文书上的核验码输入。"))
        return code


class VerifyUploadForm(StyledForm):
    file = forms.FileField(label=_("上传 PDF 文书"))


class TemplateEditForm(StyledForm):
    body = forms.CharField(
        label=_("正文模板"), widget=forms.Textarea(attrs={"rows": 22, "class": "form-control font-monospace"})
    )
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)


class IssueForm(StyledForm):
    template_code = forms.ChoiceField(label=_("文书"))
    extra = forms.CharField(
        label=_("补充内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项，格式“字段=内容”，如 hearing_time=二〇二六年十二月十日九时三十分"),
    )
    docx = forms.BooleanField(label=_("同时生成 Word 版"), required=False)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = [(t.code, t.title) for t in templates]

    def clean_extra(self) -> dict:
        values = {}
        for number, line in enumerate(self.cleaned_data.get("extra", "").splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip().isidentifier():
                raise forms.ValidationError(_("第 %(n)s 行格式应为“字段=内容”。") % {"n": number})
            values[key.strip()] = value.strip()
        return values


class UploadPaperForm(StyledForm):
    title = forms.CharField(
        label=_("文书名称"), max_length=120, widget=forms.TextInput(attrs={"placeholder": _("纸质文书名称")})
    )
    upload = forms.FileField(label=_("扫描件（PDF/JPG/PNG）"))


class SignForm(forms.Form):
    """The signer is chosen from the case's people (documents.signers), never typed."""

    signer = forms.ChoiceField(
        label=_("签名人"), error_messages={"invalid_choice": _("请从名单中选择签名人。")}
    )
    image = forms.CharField(widget=forms.HiddenInput)  # data:image/png;base64,…

    def __init__(self, *args, signers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = [("", _("请选择签名人")), *signers]
