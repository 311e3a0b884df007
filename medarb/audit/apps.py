from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "medarb.audit"
    label = "audit"
    verbose_name = "审计"
