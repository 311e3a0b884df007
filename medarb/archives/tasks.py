"""Jobs of the archives: binding a volume."""

from huey.contrib.djhuey import db_task

from medarb.archives import services


@db_task(retries=1, retry_delay=30)
def bind_volume(volume_id: int) -> None:
    services.build_volume(volume_id=volume_id)
