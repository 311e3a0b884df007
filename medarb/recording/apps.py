from django.apps import AppConfig


class RecordingConfig(AppConfig):
    name = "medarb.recording"
    label = "recording"
    verbose_name = "庭审录播"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_dashboard_panel, register_panel
        from medarb.recording import room, today
        from medarb.recording.disc import register_source
        from medarb.recording.sources import case_documents, case_recordings
        from medarb.recording.views import disc_panel_context

        register_source(case_documents)
        register_source(case_recordings)
        register_panel(
            Panel(
                name="hearing_room",
                template="recording/_hearing_room_panel.html",
                context=room.case_panel_context,
                order=25,
            )
        )
        register_panel(
            Panel(name="disc", template="recording/_disc_panel.html", context=disc_panel_context, order=80)
        )
        register_dashboard_panel(
            Panel(
                name="sittings_today",
                template="recording/_sittings_today_panel.html",
                context=today.dashboard_panel_context,
                order=10,
            )
        )
