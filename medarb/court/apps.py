from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "medarb.court"
    label = "court"
    verbose_name = "裁审衔接"

    def ready(self):
        from medarb.cases.panels import Panel, register_panel
        from medarb.court import panels

        register_panel(
            Panel(name="court", template="court/_case_panel.html", context=panels.case_context, order=96)
        )
