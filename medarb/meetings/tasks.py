"""Jobs of video meetings: mixing a closed meeting's recordings into one file."""

from huey.contrib.djhuey import db_task

from medarb.meetings import recordings


@db_task(retries=2, retry_delay=60)
def mix_recording(meeting_id: int) -> None:
    recordings.keep_mix(meeting_id=meeting_id)
