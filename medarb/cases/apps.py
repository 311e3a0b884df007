from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "medarb.cases"
    label = "cases"
    verbose_name = "案件"
