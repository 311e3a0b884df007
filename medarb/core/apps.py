from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medarb.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from django.urls import register_converter

        from medarb.core.converters import IdConverter

        register_converter(IdConverter, "id")  # before any urls.py is imported
