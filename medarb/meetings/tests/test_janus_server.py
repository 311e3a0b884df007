"""A real Janus, started from the rendered configuration on a free loopback port, asked
through its HTTP API: the server's client creates and destroys rooms with the admin key;
anyone without it is refused; nothing but the videoroom plugin and HTTP is loaded."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from medarb.documents.testing import free_port
from medarb.meetings import janus
from medarb.meetings.client import JanusClient, JanusError

pytestmark = pytest.mark.skipif(
    not shutil.which("janus"), reason="the janus binary is needed (make os-packages-test installs it)"
)
ADMIN_KEY = "test-admin-key"
UNAUTHORIZED = 433  # JANUS_VIDEOROOM_ERROR_UNAUTHORIZED
MISSING_ELEMENT = 429  # JANUS_VIDEOROOM_ERROR_MISSING_ELEMENT: "Missing mandatory element (admin_key)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("meetings")
    port = free_port()
    config = janus.write(directory, ip="127.0.0.1", port=port, admin_key=ADMIN_KEY)
    started = time.monotonic()
    process = subprocess.Popen(janus.command(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/janus"
    for _ in range(100):
        try:
            requests.get(f"{url}/info", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("Janus did not answer within 5 s")
    if process.poll() is not None:
        pytest.fail(
            f"Janus exited with {process.returncode}: {(directory / 'janus.log').read_text()[-2000:]}"
        )
    yield {
        "url": url,
        "port": port,
        "dir": directory,
        "pid": process.pid,
        "startup": time.monotonic() - started,
    }
    process.terminate()
    assert process.wait(10) == 0


@pytest.fixture
def client(server):
    return JanusClient(server["url"], admin_key=ADMIN_KEY)


class TestRooms:
    def test_the_server_creates_a_recorded_private_room_with_its_admin_key(self, client, server):
        rec_dir = server["dir"] / "rec" / "1001"
        created = client.create_room(1001, description="（2026）鹭劳人仲案字第1号 调解", rec_dir=rec_dir)
        assert created["room"] == 1001
        assert client.room_exists(1001)
        [room] = [r for r in client.rooms() if r["room"] == 1001]
        assert room["record"] is True
        assert room["lock_record"] is True
        assert room["rec_dir"] == str(rec_dir)
        assert room["description"] == "（2026）鹭劳人仲案字第1号 调解"
        client.destroy_room(1001)

    def test_a_create_without_the_admin_key_or_with_a_wrong_one_is_refused(self, server):
        for key, code in (("", MISSING_ELEMENT), ("guessed", UNAUTHORIZED)):
            with pytest.raises(JanusError) as refused:
                JanusClient(server["url"], admin_key=key).create_room(1002, description="x")
            assert (refused.value.code, key) == (code, key)
        assert not JanusClient(server["url"], admin_key=ADMIN_KEY).room_exists(1002)

    def test_destroy_removes_the_room_and_only_the_server_knows_its_secret(self, client, server):
        client.create_room(1003, description="会审")
        with pytest.raises(JanusError) as refused:
            JanusClient(server["url"], admin_key="guessed").destroy_room(1003)
        assert refused.value.code == UNAUTHORIZED
        client.destroy_room(1003)
        assert not client.room_exists(1003)

    def test_an_unknown_room_cannot_be_destroyed(self, client):
        with pytest.raises(JanusError) as refused:
            client.destroy_room(999_999)
        assert refused.value.code == 426  # JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM

    def test_a_janus_that_does_not_answer_is_a_clear_error(self):
        with pytest.raises(JanusError, match="did not answer"):
            JanusClient(f"http://127.0.0.1:{free_port()}/janus", admin_key=ADMIN_KEY).room_exists(1)


class TestWhatIsExposed:
    def test_only_the_videoroom_plugin_and_the_http_transport_are_loaded(self, client):
        info = client.info()
        assert list(info["plugins"]) == ["janus.plugin.videoroom"]
        assert list(info["transports"]) == ["janus.transport.http"]
        assert info["events"] == {}
        assert info["loggers"] == {}

    def test_the_http_transport_listens_on_loopback_only(self, server):
        listening = listeners(server["port"])
        assert listening == {"127.0.0.1"}


def listeners(port: int) -> set[str]:
    """The local addresses of the sockets listening on a TCP port, from /proc (IPv4 and IPv6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if width == 8:
                    found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add(f"ipv6:{address}")
    return found
