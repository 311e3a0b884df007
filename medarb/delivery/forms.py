from django import forms
from django.utils.translation import gettext_lazy as _

from medarb.core.forms import DateInput, StyledForm


class ServiceAddressForm(StyledForm):
    consent_electronic = forms.BooleanField(label=_("同意以电子方式接收仲裁文书"), required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    wechat_openid = forms.CharField(label=_("微信绑定标识"), max_length=64, required=False)
    postal_address = forms.CharField(label=_("邮寄地址"), max_length=200, required=False)
    agent_for_service = forms.CharField(label=_("代收人"), max_length=60, required=False)


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TrackingForm(StyledForm):
    tracking_number = forms.CharField(label=_("邮件单号"), max_length=40)


class ReceiptForm(StyledForm):
    served_on = forms.DateField(label=_("签收日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
