from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "medarb.alerts"
    label = "alerts"
    verbose_name = "风险预警"

    def ready(self):
        from medarb.alerts import panels
        from medarb.cases.panels import Panel, register_dashboard_panel

        register_dashboard_panel(
            Panel(
                name="alerts",
                template="alerts/_dashboard_panel.html",
                context=panels.dashboard_context,
                order=8,
            )
        )
