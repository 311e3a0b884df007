from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import StyledForm
from medarb.core.validators import parse_mobile


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账户已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff_member:
            raise forms.ValidationError(_("当事人请使用手机验证码登录。"), code="party")


class TokenForm(StyledForm):
    token = forms.CharField(
        label=_("动态口令"), max_length=6, min_length=6, widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})
    )


class PhoneForm(StyledForm):
    phone = forms.CharField(label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def clean_phone(self):
        return parse_mobile(self.cleaned_data["phone"])


class PhoneCodeForm(PhoneForm):
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6, widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
