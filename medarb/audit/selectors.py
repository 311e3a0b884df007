from django.db.models import QuerySet

from medarb.audit.models import AuditEntry


def audit_trail_for_case(*, case_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case_id).select_related("actor").order_by("-at", "-id")
