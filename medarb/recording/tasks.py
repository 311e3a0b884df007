"""Jobs of the recording app: remuxing recordings, building disc images, burning them."""

from huey.contrib.djhuey import db_task

from medarb.recording import live, services


@db_task(retries=2, retry_delay=30)
def build_disc(export_id: int) -> None:
    services.build_disc_image(export_id=export_id)


@db_task()
def burn_disc(export_id: int) -> None:
    services.burn_image(export_id=export_id)


@db_task(retries=3, retry_delay=10)
def remux_broadcast(broadcast_id: int) -> None:
    """nginx closes the FLV a moment after on_publish_done: a failed first try is retried."""
    live.store_recording(broadcast_id=broadcast_id)
