"""Jobs of the portal."""

from huey.contrib.djhuey import db_task

from medarb.portal import services


@db_task()
def notify_asker(question_id: int) -> None:
    services.notify_asker(question_id=question_id)
