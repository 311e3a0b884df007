from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "medarb.search"
    label = "search"
    verbose_name = "检索与法规库"

    def ready(self) -> None:
        from medarb.search.panels import register_panels

        register_panels()
