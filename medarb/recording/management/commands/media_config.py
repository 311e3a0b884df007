"""manage.py media_config: write the nginx-rtmp configuration from the settings."""

from django.core.management.base import BaseCommand

from medarb.recording import nginx


class Command(BaseCommand):
    help = "根据设置生成庭审录播的 nginx-rtmp 配置文件。"

    def handle(self, *args, **options):
        self.stdout.write(str(nginx.write()))
