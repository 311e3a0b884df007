from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "medarb.meetings"
    label = "meetings"
    verbose_name = "视频会议"

    def ready(self):
        from medarb.cases.panels import Panel, register_panel
        from medarb.meetings import panels

        register_panel(
            Panel(
                name="meetings",
                template="meetings/_case_panel.html",
                context=panels.case_panel_context,
                order=35,
            )
        )
