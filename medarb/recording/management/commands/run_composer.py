"""manage.py run_composer: keep one composite ffmpeg per live sitting (see recording.composer)."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from medarb.recording import composer


class Command(BaseCommand):
    help = "为每个正在直播的庭审生成合成画面（网格、时钟、场所、案号）。"

    def handle(self, *args, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            while not stopping:
                close_old_connections()
                composer.tick()
                time.sleep(2)
        except KeyboardInterrupt:
            pass
        finally:
            composer.stop_all()
