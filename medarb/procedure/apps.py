from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "medarb.procedure"
    label = "procedure"
    verbose_name = "程序引擎"

    def ready(self) -> None:
        from medarb.procedure import jobs  # noqa: F401  (registers the periodic calendar job)
