"""A real Janus, started from the rendered configuration on a free loopback port, asked
through its HTTP API: the server's client creates and destroys rooms with the admin key;
anyone without it is refused; nothing but the videoroom plugin and HTTP is loaded."""

from pathlib import Path

import pytest

from medarb.documents.testing import free_port
from medarb.meetings.client import JanusClient, JanusError
from medarb.meetings.testing import ADMIN_KEY, join, needs_janus

pytestmark = needs_janus
UNAUTHORIZED = 433  # JANUS_VIDEOROOM_ERROR_UNAUTHORIZED
MISSING_ELEMENT = 429  # JANUS_VIDEOROOM_ERROR_MISSING_ELEMENT: "Missing mandatory element (admin_key)"


@pytest.fixture
def server(janus_server):
    return janus_server


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


class TestWhoMayJoin:
    def test_a_room_with_allowed_tokens_admits_only_a_join_that_carries_one(self, client, server):
        client.create_room(1004, description="调解", allowed=["invited-token"])
        try:
            assert join(server["url"], 1004, token="invited-token")["videoroom"] == "joined"
            assert join(server["url"], 1004)["error_code"] == UNAUTHORIZED
            assert join(server["url"], 1004, token="guessed")["error_code"] == UNAUTHORIZED
        finally:
            client.destroy_room(1004)

    def test_the_server_adds_and_withdraws_a_token(self, client, server):
        client.create_room(1005, description="调解", allowed=[])
        try:
            client.allow(1005, ["late-token"])
            assert join(server["url"], 1005, token="late-token")["videoroom"] == "joined"
            client.disallow(1005, ["late-token"])
            assert join(server["url"], 1005, token="late-token")["error_code"] == UNAUTHORIZED
            with pytest.raises(JanusError):
                JanusClient(server["url"], admin_key="guessed").allow(1005, ["mine"])
        finally:
            client.destroy_room(1005)


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
