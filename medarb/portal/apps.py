from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "medarb.portal"
    label = "portal"
    verbose_name = "公众服务"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_panel
        from medarb.portal.panels import application_evidence_context, evidence_on_disc
        from medarb.recording.disc import register_source

        register_source(evidence_on_disc)
        register_panel(
            Panel(
                name="application_evidence",
                template="portal/_case_evidence_panel.html",
                context=application_evidence_context,
                column="main",
                order=40,
            )
        )
