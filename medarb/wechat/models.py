from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WechatBinding(models.Model):
    """A WeChat user (OpenID of our official account) bound to a portal account."""

    openid = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wechat_bindings"
    )
    bound_at = models.DateTimeField(auto_now_add=True)
    subscribed = models.BooleanField(_("已关注"), default=True)

    class Meta:
        verbose_name = _("微信绑定")
        verbose_name_plural = _("微信绑定")

    def __str__(self) -> str:
        return f"{self.openid[:6]}…"
