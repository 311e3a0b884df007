from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import DateInput, DateTimeInput, StyledForm
from medarb.documents.paper_fields import FieldKind, PaperField


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


class PaperChoiceForm(StyledForm):
    """The case page's choice of a paper to issue; its fields are filled on the next page."""

    paper = forms.ChoiceField(label=_("文书"))

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = [(t.code, t.title) for t in templates]


class PaperForm(StyledForm):
    """The `extra` fields a paper's template reads (`paper_fields`), as a form; `extra()` gives
    the values the template receives. `people` are the case's names, offered for person fields."""

    docx = forms.BooleanField(label=_("同时生成 Word 版"), required=False)

    def __init__(self, *args, fields: list[PaperField], people: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.paper_fields = fields
        self.people = list(dict.fromkeys(people))
        self.fields = {field.name: self._form_field(field) for field in fields} | dict(self.fields)

    def _form_field(self, field: PaperField) -> forms.Field:
        options = {"label": field.label, "required": field.required, "help_text": field.help}
        css = {"class": "form-control"}
        if field.kind == FieldKind.DATE:
            return forms.DateField(widget=DateInput(css), **options)
        if field.kind == FieldKind.DATETIME:
            return forms.DateTimeField(widget=DateTimeInput(css), **options)
        if field.kind in (FieldKind.PARAGRAPHS, FieldKind.LINES):
            return forms.CharField(max_length=20000, widget=forms.Textarea(css | {"rows": 6}), **options)
        if field.kind == FieldKind.PERSON and self.people:
            css["list"] = "paper-people"
        return forms.CharField(max_length=500, widget=forms.TextInput(css), **options)

    def extra(self) -> dict:
        values = {}
        for field in self.paper_fields:
            value = self.cleaned_data.get(field.name)
            if value in (None, ""):
                continue
            if field.kind == FieldKind.LINES:
                value = [line.strip() for line in value.splitlines() if line.strip()]
            elif field.ends_with and isinstance(value, str):
                value = value.strip().rstrip("。，；,.;") + field.ends_with
            values[field.name] = value
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
