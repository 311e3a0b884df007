"""Jobs of the delivery app: sending notices (with back-off), the outbox sweep, and
escalating overdue services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from medarb.delivery import outbox, services


@db_task()
def send_service_attempt(attempt_id: int) -> None:
    """Send one notice; on failure schedule the next try (1, 2, 4 … minutes, recorded on the
    attempt and shown on the case page) instead of losing it."""
    delay = outbox.deliver_attempt(attempt_id=attempt_id)
    if delay is not None:
        send_service_attempt.schedule((attempt_id,), delay=int(delay.total_seconds()))


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> None:
    """Queue again the notices whose job was lost (consumer killed, queue wiped)."""
    outbox.sweep()


@db_periodic_task(crontab(minute="*/10"))
def escalate_overdue_services() -> None:
    services.escalate_overdue()
