from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "medarb.archives"
    label = "archives"
    verbose_name = "电子档案"

    def ready(self):
        from medarb.archives import panels
        from medarb.cases.panels import Panel, register_dashboard_panel, register_panel
        from medarb.cases.workflow import register_guard

        register_panel(
            Panel(name="dossier", template="archives/_case_panel.html", context=panels.case_context, order=95)
        )
        register_dashboard_panel(
            Panel(
                name="archives",
                template="archives/_dashboard_panel.html",
                context=panels.dashboard_context,
                order=9,
            )
        )
        register_guard("archive", panels.archive_guard)
