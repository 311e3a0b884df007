from django.apps import AppConfig


class LegalAidConfig(AppConfig):
    name = "medarb.legalaid"
    label = "legalaid"
    verbose_name = "法律援助"

    def ready(self):
        from medarb.cases.panels import Panel, register_panel
        from medarb.legalaid import panels

        register_panel(
            Panel(
                name="legalaid", template="legalaid/_case_panel.html", context=panels.case_context, order=40
            )
        )
