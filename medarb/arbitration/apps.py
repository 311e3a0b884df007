from django.apps import AppConfig


class ArbitrationConfig(AppConfig):
    name = "medarb.arbitration"
    label = "arbitration"
    verbose_name = "仲裁"

    def ready(self) -> None:
        from medarb.arbitration import (
            papers,
            procedure,  # noqa: F401  (registers the declaration)
        )
        from medarb.arbitration.panels import register_panels
        from medarb.cases import workflow  # (also registers the approval hook)
        from medarb.delivery.hooks import register_on_served

        register_panels()
        # The papers each act issues, and the periods that run from their service (papers.py).
        workflow.after_fire(papers.issue_papers)
        register_on_served(papers.on_served)
