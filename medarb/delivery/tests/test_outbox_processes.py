"""The outbox with real processes on a real SQLite file in WAL mode: a stalling mail server
blocks no other write, and killing the job consumer mid-run loses no notice.

Each test copies a database migrated once for the module, runs `outbox_scenario.py` and
`manage.py run_huey` (SqliteHuey) as child processes, and a local aiosmtpd mail server."""

import asyncio
import base64
import email
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy as email_policy
from pathlib import Path

import pytest

from medarb.documents.testing import free_port

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = Path(__file__).with_name("outbox_scenario.py")
WAIT = 180  # seconds any one step may take on a busy machine before the test gives up


def environment(data_dir: Path, smtp_port: int = 9) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDARB_", "DJANGO_", "PYTEST"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
        MEDARB_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir}/medarb.sqlite3",
        SECRET_KEY="outbox-test-" + "x" * 40,
        MEDARB_AUDIT_KEYS="outbox-test-audit-key-0123456789",
        MEDARB_FIELD_KEYS=base64.urlsafe_b64encode(hashlib.sha256(b"outbox-test").digest()).decode(),
        DEBUG="0",
        LOG_LEVEL="WARNING",
        MEDARB_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MEDARB_EMAIL_HOST="127.0.0.1",
        MEDARB_EMAIL_PORT=str(smtp_port),
        MEDARB_JOB_WORKERS="2",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    return env


def run(args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=WAIT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) if args[0] == str(SCENARIO) else {}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    template = tmp_path_factory.mktemp("outbox-template")
    run(["manage.py", "migrate", "--no-input", "-v0"], environment(template))
    return template / "medarb.sqlite3"


@pytest.fixture
def data_dir(migrated, tmp_path):
    shutil.copy(migrated, tmp_path / "medarb.sqlite3")
    return tmp_path


class MailServer:
    """aiosmtpd on a free port, keeping every message; `stall` seconds before answering."""

    def __init__(self, *, stall: float = 0.0, flags: Path | None = None):
        from aiosmtpd.controller import Controller

        self.messages: list[bytes] = []
        self.lock = threading.Lock()
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                if flags:
                    (flags / "stalling").touch()
                if stall:
                    await asyncio.sleep(stall)
                with server.lock:
                    server.messages.append(envelope.original_content or envelope.content)
                if flags:
                    (flags / "answered").touch()
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def message_ids(self) -> list[str]:
        with self.lock:
            raw = list(self.messages)
        return [email.message_from_bytes(m, policy=email_policy.default)["Message-ID"] for m in raw]

    def stop(self) -> None:
        self.controller.stop()


def attempts(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "medarb.sqlite3", timeout=30) as db:
        return dict(db.execute("SELECT status, count(*) FROM delivery_serviceattempt GROUP BY status"))


def jobs_waiting(data_dir: Path) -> int:
    """Jobs in the consumer's queue (huey's SQLite storage), not yet taken by a worker."""
    with sqlite3.connect(data_dir / "huey.sqlite3", timeout=30) as db:
        return db.execute("SELECT count(*) FROM task").fetchone()[0]


def recorded_message_ids(data_dir: Path) -> set[str]:
    with sqlite3.connect(data_dir / "medarb.sqlite3", timeout=30) as db:
        return {row[0] for row in db.execute("SELECT message_id FROM delivery_serviceattempt")}


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


class Consumer:
    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "2", "--worker-type", "thread"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class TestASlowMailServer:
    def test_writes_go_on_while_a_notice_waits_on_a_stalling_mail_server(self, data_dir, tmp_path):
        env = environment(data_dir)
        run([str(SCENARIO), "setup", "1"], env)
        flags = tmp_path / "flags"
        flags.mkdir()
        server = MailServer(stall=5, flags=flags)
        try:
            env.update(
                SCENARIO_STARTED=str(flags / "started"),
                SCENARIO_STALLING=str(flags / "stalling"),
                SCENARIO_ANSWERED=str(flags / "answered"),
            )
            result = run([str(SCENARIO), "slow-send", str(server.port)], env)
        finally:
            server.stop()
        assert result["stalled_during_writes"], result  # the writes really ran during the stall
        assert result["errors"] == [] and result["writes"] == 3, result
        assert result["status"] == "sent" and "job_error" not in result, result


class TestKillingTheConsumer:
    COUNT = 120

    def test_every_notice_arrives_after_the_consumer_is_killed_mid_run(self, data_dir):
        server = MailServer(stall=0.05)  # a little work per mail, so the kill lands mid-run
        env = environment(data_dir, smtp_port=server.port)
        consumer = None
        try:
            assert run([str(SCENARIO), "setup", str(self.COUNT)], env)["attempts"] == self.COUNT
            consumer = Consumer(env)
            wait_for(lambda: len(server.message_ids()) >= self.COUNT // 3, "the first third of the mails")
            consumer.kill()
            at_kill = attempts(data_dir)
            assert at_kill.get("queued", 0) > 0, at_kill  # killed mid-run, with work left
            in_flight = at_kill.get("sending", 0)

            consumer = Consumer(env)  # the rest of the queue

            def drained() -> bool:
                # Every job queued is taken, and no send of the new consumer is under way. A job
                # the killed consumer had taken off the queue but not begun is lost with it: its
                # attempt stays queued, and the sweep below queues it again.
                return jobs_waiting(data_dir) == 0 and attempts(data_dir).get("sending", 0) <= in_flight

            wait_for(drained, "the queue to drain")
            run([str(SCENARIO), "sweep"], env)  # … a lease later: the interrupted sends
            wait_for(lambda: attempts(data_dir) == {"sent": self.COUNT}, "every notice sent")
        finally:
            if consumer:
                consumer.stop()
            server.stop()

        received = Counter(server.message_ids())
        assert set(received) == recorded_message_ids(data_dir)  # every notice arrived
        assert len(received) == self.COUNT
        # Sent twice only if the send completed but the killed job never recorded it:
        duplicates = sum(n - 1 for n in received.values())
        assert duplicates <= in_flight and max(received.values()) <= 2
        print(
            f"\noutbox kill test: {self.COUNT} notices, {in_flight} in flight at the kill, "
            f"{duplicates} delivered twice (same Message-ID)"
        )
