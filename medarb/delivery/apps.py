from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "medarb.delivery"
    label = "delivery"
    verbose_name = "送达"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_panel
        from medarb.delivery import services, views
        from medarb.documents.hooks import set_party_rule

        register_panel(
            Panel(
                name="documents",
                template="delivery/_case_panel.html",
                context=views.case_panel_context,
                column="main",
                order=50,
            )
        )
        set_party_rule(services.party_may_open)
