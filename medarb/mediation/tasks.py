"""Periodic jobs of mediation (declared here, run by the Huey consumer)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.mediation.services import send_performance_reminders


@db_periodic_task(crontab(hour="8", minute="30"))
def remind_agreement_performance() -> int:
    """Each morning: remind parties of agreement terms due within 3 days or overdue."""
    return send_performance_reminders(today=timezone.localdate())
