"""Jobs of the recording app: remuxing recordings, building disc images, burning them."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from medarb.recording import live, services

log = logging.getLogger(__name__)


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


@db_periodic_task(crontab(minute="*/10"))
def store_pending_recordings() -> None:
    """A push whose job gave up (a full disk, a restart mid-remux) is stored once it can be."""
    for broadcast_id in live.unstored_broadcasts():
        try:
            live.store_recording(broadcast_id=broadcast_id)
        except OSError:
            log.exception("recording of push %s not stored yet", broadcast_id)
