import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm
from medarb.core.validators import parse_mobile


class HalfWidthCharField(forms.CharField):
    """Reads full-width characters typed on a Chinese keyboard (１３８…) as ASCII."""

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value))


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账户已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].error_messages["required"] = _("请输入用户名。")
        self.fields["password"].error_messages["required"] = _("请输入密码。")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff_member:
            raise forms.ValidationError(_("当事人请使用手机验证码登录。"), code="party")


class TokenForm(StyledForm):
    token = HalfWidthCharField(
        label=_("动态口令"),
        max_length=8,  # a 6-digit TOTP code, or an 8-digit recovery code
        validators=[RegexValidator(r"^[0-9]{6}([0-9]{2})?$", _("请输入6位数字。"), code="digits")],
        error_messages={"required": _("请输入验证器上显示的6位动态口令。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PhoneForm(StyledForm):
    phone = HalfWidthCharField(
        label=_("手机号码"),
        max_length=20,
        error_messages={"required": _("请输入手机号码。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        return parse_mobile(self.cleaned_data["phone"])


class PhoneCodeForm(PhoneForm):
    code = HalfWidthCharField(
        label=_("短信验证码"),
        max_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("验证码应为6位数字。"), code="digits")],
        error_messages={"required": _("请输入短信验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
