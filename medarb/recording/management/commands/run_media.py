"""manage.py run_media: nginx-rtmp in the foreground with a freshly generated configuration
(`make run` starts it beside the web server; a changed configuration means a restart)."""

import os
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medarb.recording import nginx


class Command(BaseCommand):
    help = "启动庭审录播的 nginx-rtmp（前台运行）。"

    def handle(self, *args, **options):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists() or not Path(nginx.MODULE).exists():
            raise CommandError("未安装 nginx 或 libnginx-mod-rtmp（make os-packages）。")
        config = nginx.write()
        media = config.parent
        os.execv(binary, [binary, "-p", str(media), "-c", str(config), "-e", str(media / "nginx-error.log")])
