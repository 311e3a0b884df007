from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "medarb.stats"
    label = "stats"
    verbose_name = "统计分析"
