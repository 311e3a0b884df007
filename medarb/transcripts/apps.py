from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "medarb.transcripts"
    label = "transcripts"
    verbose_name = "庭审笔录"
