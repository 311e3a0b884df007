from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medarb.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from huey.contrib.djhuey import HUEY

        from medarb.core import jobs

        jobs.connect(HUEY)
