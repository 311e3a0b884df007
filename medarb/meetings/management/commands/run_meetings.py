"""manage.py run_meetings: Janus (video meetings) in the foreground with a freshly generated
configuration (`make run` starts it beside nginx-rtmp). It restarts nothing: when Janus stops,
so does this command, with Janus's exit status; SIGTERM or Ctrl-C stops Janus cleanly."""

import shutil
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from medarb.core.errors import DomainError
from medarb.meetings import janus
from medarb.meetings.client import JanusClient, JanusError
from medarb.meetings.services import restore_rooms


class Command(BaseCommand):
    help = "启动视频会议的 Janus（前台运行）。"

    def handle(self, *args, **options):
        if not shutil.which("janus"):
            raise CommandError("未安装 Janus（make os-packages：janus janus-tools）。")
        config = janus.write()
        self.stdout.write(f"Janus: {config}, HTTP API on {settings.MEDARB_JANUS_URL}")
        log = janus.log_file(config)
        logged = log.stat().st_size if log.exists() else 0
        process = subprocess.Popen(janus.command(config))
        stops: list[float] = []

        def stop(signum, _frame):
            stops.append(time.monotonic())

        # Ctrl-C reaches Janus from the terminal too; a TERM from serve.sh reaches only us.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self._restore(process)
        sys.exit(self._until_stopped(process, stops, log, logged))

    def _until_stopped(self, process, stops: list[float], log, logged: int) -> int:
        """Janus's exit status. A stop asked for is passed on once Janus's watchdog runs (its
        log says so after `logged` bytes), or after STOP_PATIENCE seconds whatever the log says."""
        passed_on = False
        while process.poll() is None:
            if (
                stops
                and not passed_on
                and (_watchdog_runs(log, logged) or time.monotonic() - stops[0] > STOP_PATIENCE)
            ):
                process.send_signal(signal.SIGTERM)
                passed_on = True
            time.sleep(0.05)
        return process.returncode

    def _restore(self, process) -> None:
        """Once Janus answers, give the meetings still open their rooms back."""
        client = JanusClient()
        for _ in range(200):
            if process.poll() is not None:
                return
            try:
                client.info()
                break
            except JanusError:
                time.sleep(0.05)
        try:
            made = restore_rooms()
        except (JanusError, DomainError, DatabaseError) as exc:
            self.stderr.write(f"Janus: open meetings' rooms not restored: {exc}")
            return
        if made:
            self.stdout.write(f"Janus: rooms of {made} open meeting(s) restored")


STOP_PATIENCE = 10  # seconds


def _watchdog_runs(log, logged: int) -> bool:
    try:
        with open(log, "rb") as text:
            text.seek(logged)
            return janus.WATCHDOG_STARTED.encode() in text.read()
    except OSError:
        return False
