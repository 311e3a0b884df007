from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "medarb.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from medarb.api import schema  # noqa: F401  (registers the OpenAPI auth extensions)
