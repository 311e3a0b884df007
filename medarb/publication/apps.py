from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "medarb.publication"
    label = "publication"
    verbose_name = "裁决公开与文书检索"

    def ready(self) -> None:
        from medarb.cases import workflow
        from medarb.publication import feed

        # Each act of a case refreshes its entries in the retrieval index (after commit).
        workflow.after_fire(feed.on_fire)
