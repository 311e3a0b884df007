from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medarb.core"
    label = "core"
    verbose_name = "核心"
