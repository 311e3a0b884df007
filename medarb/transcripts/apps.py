from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "medarb.transcripts"
    label = "transcripts"
    verbose_name = "庭审笔录"

    def ready(self):
        from medarb.recording.room import register_transcript_writers
        from medarb.transcripts.services import may_write

        register_transcript_writers(may_write)
