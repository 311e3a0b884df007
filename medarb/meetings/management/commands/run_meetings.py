"""manage.py run_meetings: Janus (video meetings) in the foreground with a freshly generated
configuration (`make run` starts it beside nginx-rtmp). It restarts nothing: when Janus stops,
so does this command, with Janus's exit status; SIGTERM or Ctrl-C stops Janus cleanly."""

import shutil
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from medarb.meetings import janus


class Command(BaseCommand):
    help = "启动视频会议的 Janus（前台运行）。"

    def handle(self, *args, **options):
        if not shutil.which("janus"):
            raise CommandError("未安装 Janus（make os-packages：janus janus-tools）。")
        config = janus.write()
        self.stdout.write(f"Janus: {config}, HTTP API on {settings.MEDARB_JANUS_URL}")
        process = subprocess.Popen(janus.command(config))

        def stop(signum, _frame):
            process.send_signal(signal.SIGTERM)

        # Ctrl-C reaches Janus from the terminal too; a TERM from serve.sh reaches only us.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sys.exit(process.wait())
