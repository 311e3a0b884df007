from django.apps import AppConfig


class WechatConfig(AppConfig):
    name = "medarb.wechat"
    label = "wechat"
    verbose_name = "微信公众号"
