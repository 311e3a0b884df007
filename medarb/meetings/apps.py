from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "medarb.meetings"
    label = "meetings"
    verbose_name = "视频会议"

    def ready(self):
        from medarb.cases.panels import Panel, register_dashboard_panel, register_panel
        from medarb.meetings import panels

        register_panel(
            Panel(
                name="meetings",
                template="meetings/_case_panel.html",
                context=panels.case_panel_context,
                order=35,
            )
        )
        # calls ringing this person come first: someone is waiting on the line
        register_dashboard_panel(
            Panel(
                name="calls",
                template="meetings/_dashboard_panel.html",
                context=panels.dashboard_panel_context,
                order=5,
            )
        )
