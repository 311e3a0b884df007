"""`manage.py run_meetings` (what `make run` starts): Janus in the foreground, stopped cleanly
by the TERM that scripts/serve.sh sends on Ctrl-C."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from medarb.documents.testing import free_port

pytestmark = pytest.mark.skipif(
    not shutil.which("janus"), reason="the janus binary is needed (make os-packages-test installs it)"
)
ROOT = Path(__file__).resolve().parents[3]


def test_it_runs_janus_from_the_settings_and_stops_it_on_sigterm(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "MEDARB_DATA_DIR": str(tmp_path),
        "MEDARB_JANUS_HTTP_PORT": str(port),
        "SECRET_KEY": "run-meetings-test",
        "DEBUG": "1",  # a clean clone has no .env: the development defaults stand in for its keys
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_meetings"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        info = None
        for _ in range(300):
            try:
                info = requests.get(f"http://127.0.0.1:{port}/janus/info", timeout=1).json()
                break
            except requests.ConnectionError:
                assert process.poll() is None, "run_meetings exited before Janus answered"
                time.sleep(0.05)
        assert info and list(info["plugins"]) == ["janus.plugin.videoroom"]
        assert (tmp_path / "meetings" / "conf" / "janus.jcfg").exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
        assert "Bye!" in (tmp_path / "meetings" / "janus.log").read_text()
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/janus/info", timeout=1)
    finally:
        if process.poll() is None:
            process.kill()


def test_a_stop_asked_for_while_janus_starts_waits_for_it_and_still_ends_cleanly(tmp_path):
    """Janus 1.1 hangs on a TERM before its sessions watchdog runs; the command holds the stop
    until Janus's log says the watchdog runs (stop 25's CI met the hang)."""
    environment = {
        **os.environ,
        "MEDARB_DATA_DIR": str(tmp_path),
        "MEDARB_JANUS_HTTP_PORT": str(free_port()),
        "SECRET_KEY": "run-meetings-test",
        "DEBUG": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_meetings"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        log = tmp_path / "meetings" / "janus.log"
        for _ in range(600):  # Janus has been started once it opened its log
            if log.exists():
                break
            assert process.poll() is None, "run_meetings exited before Janus started"
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        text = log.read_text()
        assert text.index("Sessions watchdog started") < text.index("Stopping server") and "Bye!" in text
    finally:
        if process.poll() is None:
            process.kill()
