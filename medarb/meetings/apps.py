from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "medarb.meetings"
    label = "meetings"
    verbose_name = "视频会议"
