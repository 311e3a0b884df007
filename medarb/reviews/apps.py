from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "medarb.reviews"
    label = "reviews"
    verbose_name = "疑案会审"

    def ready(self) -> None:
        from medarb.cases.panels import Panel, register_dashboard_panel, register_panel
        from medarb.documents.hooks import add_signer_rule
        from medarb.reviews import panels
        from medarb.reviews.signing import minutes_signers

        add_signer_rule(minutes_signers)
        register_panel(
            Panel(
                name="joint_review",
                template="reviews/_case_panel.html",
                context=panels.case_panel_context,
                order=60,
            )
        )
        register_dashboard_panel(
            Panel(
                name="joint_review_todo",
                template="reviews/_dashboard_panel.html",
                context=panels.dashboard_panel_context,
                order=15,
            )
        )
