"""Jobs of the portal."""

from huey.contrib.djhuey import db_task

from medarb.portal import services, submission


@db_task()
def notify_asker(question_id: int) -> None:
    services.notify_asker(question_id=question_id)


@db_task()
def read_application_photo(submission_id: int) -> None:
    """Read the ID card photo of an online application and file it when it matches."""
    submission.run_submission(submission_id=submission_id)
