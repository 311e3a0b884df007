from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_lane_heads(sender, *, using, apps=None, **kwargs) -> None:
    """Every lane's head exists once the database is migrated (or flushed), so the first
    appends never create heads inside their own, still uncommitted, transactions."""
    from django.apps import apps as current_apps
    from django.conf import settings

    try:
        head = (apps or current_apps).get_model("audit", "AuditHead")
    except LookupError:
        return
    head.objects.using(using).bulk_create(
        [head(id=n) for n in range(1, settings.AUDIT_LANES + 1)], ignore_conflicts=True
    )


class AuditConfig(AppConfig):
    name = "medarb.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        post_migrate.connect(_create_lane_heads, sender=self, dispatch_uid="medarb.audit.lane_heads")
