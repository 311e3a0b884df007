from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "medarb.mediation"
    label = "mediation"
    verbose_name = "调解"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_panel
        from medarb.mediation import procedure  # noqa: F401  (registers the declaration)
        from medarb.mediation.panels import panel_context
        from medarb.mediation.views_meeting import room_action
        from medarb.meetings.hooks import add_room_action

        add_room_action(room_action)

        register_panel(
            Panel(
                name="mediation",
                template="mediation/_panel.html",
                context=panel_context,
                column="main",
                order=50,
            )
        )
