from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "medarb.performance"
    label = "performance"
    verbose_name = "绩效考核"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from medarb.cases import timeliness
        from medarb.cases.panels import Panel, register_dashboard_panel
        from medarb.performance import figures, panels

        for lookup in figures.HANDLER_LOOKUPS:
            timeliness.register_handler_lookup(lookup)
        timeliness.register_condition("awarded", _("裁决结案"), figures.awarded)
        timeliness.register_condition("challenged", _("裁决被诉至法院"), figures.challenged)
        timeliness.register_condition("reversed", _("裁决被法院改判或撤销"), figures.reversed_at_court)
        register_dashboard_panel(
            Panel(
                name="performance",
                template="performance/_dashboard_panel.html",
                context=panels.dashboard_context,
                order=40,
            )
        )
