from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "medarb.identity"
    label = "identity"
    verbose_name = "实名核验"
