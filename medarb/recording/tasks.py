"""Jobs of the recording app: building disc images and burning them (both can take minutes)."""

from huey.contrib.djhuey import db_task

from medarb.recording import services


@db_task(retries=2, retry_delay=30)
def build_disc(export_id: int) -> None:
    services.build_disc_image(export_id=export_id)


@db_task()
def burn_disc(export_id: int) -> None:
    services.burn_image(export_id=export_id)
