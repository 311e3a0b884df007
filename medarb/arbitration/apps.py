from django.apps import AppConfig


class ArbitrationConfig(AppConfig):
    name = "medarb.arbitration"
    label = "arbitration"
    verbose_name = "仲裁"

    def ready(self) -> None:
        from medarb.arbitration import procedure  # noqa: F401  (registers the declaration)
        from medarb.arbitration.panels import register_panels
        from medarb.cases import workflow  # noqa: F401  (registers the approval hook)

        register_panels()
