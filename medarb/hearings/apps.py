from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "medarb.hearings"
    label = "hearings"
    verbose_name = "开庭与调解排期"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_panel
        from medarb.hearings.views import case_panel_context

        register_panel(
            Panel(name="hearings", template="hearings/_case_panel.html", context=case_panel_context, order=20)
        )
