from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "medarb.procedure"
    label = "procedure"
    verbose_name = "程序引擎"
