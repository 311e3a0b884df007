from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "medarb.api"
    label = "api"
    verbose_name = "API"
