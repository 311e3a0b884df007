from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "medarb.mediation"
    label = "mediation"
    verbose_name = "调解"

    def ready(self) -> None:
        from medarb.mediation import procedure  # noqa: F401  (registers the declaration)
