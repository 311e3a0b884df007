"""Test and bench support: a network namespace in which Janus and headless Chromium exchange
real media.

Janus never gathers loopback candidates, and a test must not send media over the machine's own
interfaces. So each run makes a namespace of its own (`medarb-<pid>-<random>`) holding its
`lo` and a veth pair whose two ends both stay inside it (10.213.0.1/30 and 10.213.0.2/30):
Janus and the browsers find real, non-loopback addresses there, and nothing leaves. Signalling
(Janus's HTTP API, the harness pages) stays on the namespace's own 127.0.0.1. Deleting the
namespace takes the veth pair with it. Needs root and `ip netns`.
"""

import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from medarb.meetings import janus

ADDRESSES = ("10.213.0.1", "10.213.0.2")
PREFIX_LENGTH = 30
CHROMIUM = "/usr/bin/chromium"


def unavailable() -> str | None:
    """Why media cannot be tested here, or None when it can."""
    if not shutil.which("janus"):
        return "the janus binary is needed (make os-packages-test installs it)"
    if not Path(CHROMIUM).exists():
        return f"Chromium is needed at {CHROMIUM} (Debian's chromium)"
    if not shutil.which("ip") or os.geteuid() != 0:
        return "network namespaces need root and iproute2's `ip netns`"
    return None


@dataclass(frozen=True)
class Namespace:
    name: str

    def command(self, argv: list[str]) -> list[str]:
        """argv run inside the namespace (`ip netns exec` execs it: the pid is the program's)."""
        return ["ip", "netns", "exec", self.name, *argv]

    def pids(self) -> list[int]:
        listed = subprocess.run(["ip", "netns", "pids", self.name], capture_output=True, text=True)
        return [int(pid) for pid in listed.stdout.split()]


def _ip(*argv: str) -> None:
    subprocess.run(["ip", *argv], check=True, capture_output=True, text=True)


@contextmanager
def namespace(prefix: str = "medarb") -> Iterator[Namespace]:
    """A fresh namespace with lo up and a veth pair inside it; removed afterwards, with any
    process still running in it, whatever happened."""
    name = f"{prefix}-{os.getpid()}-{secrets.token_hex(2)}"
    _ip("netns", "add", name)
    space = Namespace(name)
    try:
        _ip("-n", name, "link", "set", "lo", "up")
        _ip("-n", name, "link", "add", "m0", "type", "veth", "peer", "name", "m1")
        for device, address in zip(("m0", "m1"), ADDRESSES, strict=True):
            _ip("-n", name, "addr", "add", f"{address}/{PREFIX_LENGTH}", "dev", device)
            _ip("-n", name, "link", "set", device, "up")
        yield space
    finally:
        for pid in space.pids():  # only what this run started can be in its namespace
            os.kill(pid, signal.SIGKILL)
        subprocess.run(["ip", "netns", "delete", name], check=False, capture_output=True)


@dataclass(frozen=True)
class JanusProcess:
    url: str
    directory: Path
    process: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """user + system time Janus has used so far (from /proc/<pid>/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _listening(pid: int, port: int) -> bool:
    # /proc/<pid>/net/tcp lists the sockets of that process's namespace, seen from outside it.
    try:
        lines = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    wanted = f":{port:04X}"
    return any(line.split()[1].endswith(wanted) and line.split()[3] == "0A" for line in lines)


@contextmanager
def run_janus(space: Namespace, directory: Path, *, port: int, admin_key: str) -> Iterator[JanusProcess]:
    """Janus with medarb's configuration, in the namespace, its API on the namespace's 127.0.0.1."""
    config = janus.write(directory, ip="127.0.0.1", port=port, admin_key=admin_key)
    log = (directory / "janus.out").open("wb")
    process = subprocess.Popen(space.command(janus.command(config)), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not _listening(process.pid, port):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (directory / "janus.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Janus did not start in the namespace: {tail}")
            time.sleep(0.05)
        yield JanusProcess(f"http://127.0.0.1:{port}/janus", directory, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
