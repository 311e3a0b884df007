"""Test support for video meetings: a real Janus started from the rendered configuration on a
free loopback port (no media flows on loopback; signalling does), and a join as a browser
would send it, to see what Janus itself admits or refuses."""

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest
import requests

from medarb.documents.testing import free_port
from medarb.meetings import janus

ADMIN_KEY = "test-admin-key"
needs_janus = pytest.mark.skipif(
    not shutil.which("janus"), reason="the janus binary is needed (make os-packages-test installs it)"
)


@pytest.fixture(scope="module")
def janus_server(tmp_path_factory) -> Iterator[dict]:
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
def janus_settings(janus_server, settings):
    """The app's settings pointed at the test's Janus."""
    settings.MEDARB_JANUS_URL = janus_server["url"]
    settings.MEDARB_JANUS_PUBLIC_URL = janus_server["url"]
    settings.MEDARB_JANUS_ADMIN_KEY = ADMIN_KEY
    settings.MEDARB_MEETINGS_DIR = janus_server["dir"]
    policy = settings.CONTENT_SECURITY_POLICY
    origin = f"http://127.0.0.1:{janus_server['port']}"  # an origin: a path would allow only itself
    directives = {
        **policy["DIRECTIVES"],
        "connect-src": [*policy["DIRECTIVES"]["connect-src"], origin],
    }
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return settings


def join(url: str, room: int, *, token: str = "", display: str = "测试") -> dict:
    """Join a room as a publisher the way janus.js does (session, attach, join, long-poll for the
    plugin's answer); returns the videoroom's event: `joined`, or an `error_code`."""
    transaction = secrets.token_hex(6)
    session = requests.post(url, json={"janus": "create", "transaction": transaction}, timeout=5).json()
    session_url = f"{url}/{session['data']['id']}"
    attach = {"janus": "attach", "plugin": "janus.plugin.videoroom", "transaction": transaction}
    handle = requests.post(session_url, json=attach, timeout=5).json()["data"]["id"]
    body = {"request": "join", "ptype": "publisher", "room": room, "display": display}
    if token:
        body["token"] = token
    requests.post(
        f"{session_url}/{handle}",
        json={"janus": "message", "body": body, "transaction": transaction},
        timeout=5,
    )
    try:
        for _ in range(20):
            event = requests.get(f"{session_url}?maxev=1", timeout=35).json()
            data = event.get("plugindata", {}).get("data", {})
            if data:
                return data
        raise AssertionError("Janus never answered the join")
    finally:
        requests.post(session_url, json={"janus": "destroy", "transaction": transaction}, timeout=5)
