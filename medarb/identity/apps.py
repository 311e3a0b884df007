from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "medarb.identity"
    label = "identity"
    verbose_name = "实名核验"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_panel
        from medarb.identity.panels import case_panel_context

        register_panel(
            Panel(name="identity", template="identity/_case_panel.html", context=case_panel_context, order=20)
        )
