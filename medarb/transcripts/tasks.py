"""Jobs of the transcripts app: speech recognition of a recording (minutes of CPU)."""

from huey.contrib.djhuey import db_task

from medarb.transcripts import recognition


@db_task()
def recognise(recognition_id: int) -> None:
    recognition.run(recognition_id=recognition_id)
