"""A scripted meeting, run inside the test's network namespace (`ip netns exec NS python
meeting.py < spec.json`): it creates the room on Janus with the server's client, serves the
meeting page (room.html with the template's markup, under a CSP without inline script) and the
static files from the repository, records the presence POSTs, and drives headless Chromium with
fake camera and microphone, one browser context a participant. It prints one JSON report.

spec: {"janus", "admin_key", "room", "rec_dir", "seconds", "pages": [{"token", "display",
"publish"}], "intruder": {"token", "display"} | null, "leave": bool (the last two pages leave),
"destroy": bool}
"""

import html
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from medarb.meetings.client import JanusClient  # noqa: E402

STATIC = {
    "/static/vendor/adapter.js": ROOT / "medarb/static/vendor/adapter.js",
    "/static/vendor/janus.js": ROOT / "medarb/static/vendor/janus.js",
    "/static/meetings/room.js": ROOT / "medarb/meetings/static/meetings/room.js",
    "/static/meetings/room.css": ROOT / "medarb/meetings/static/meetings/room.css",
}
PAGE = Template((Path(__file__).parent / "room.html").read_text())
CSRF = "harness-csrf"
CHROMIUM_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    # host candidates as real addresses (10.213.0.x), not mDNS names nobody here resolves
    "--disable-features=WebRtcHideLocalIpsWithMdns",
    "--autoplay-policy=no-user-gesture-required",
]


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


class Harness(BaseHTTPRequestHandler):
    spec: dict
    participants: list[dict]
    presence: list[dict]

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in STATIC:
            kind = "text/css" if self.path.endswith(".css") else "text/javascript"
            self.reply(200, STATIC[self.path].read_bytes(), kind)
        elif self.path.startswith("/page/"):
            index = int(self.path.split("/")[2])
            self.reply(200, self.page(index).encode(), "text/html; charset=utf-8")
        elif self.path == "/favicon.ico":
            self.reply(204, b"", "image/x-icon")
        else:
            self.reply(404, self.path.encode(), "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        entry = {"page": int(self.path.split("/")[2]), "body": body, "csrf": self.headers.get("X-CSRFToken")}
        self.presence.append({**entry, "at": time.monotonic()})
        self.reply(204, b"", "text/plain")

    def page(self, index: int) -> str:
        person = self.participants[index]
        values = {
            "server": self.spec["janus"],
            "room": self.spec["room"],
            "token": person["token"],
            "display": person["display"],
            "presence": f"/presence/{index}/",
            "csrf": CSRF,
            "publish": person.get("publish", "audio,video"),
        }
        return PAGE.substitute({key: html.escape(str(value)) for key, value in values.items()})

    def reply(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        janus_origin = self.spec["janus"].split("/janus")[0]
        csp = f"default-src 'self'; script-src 'self'; connect-src 'self' {janus_origin}; media-src 'self' blob:"
        self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        self.wfile.write(body)


def serve(spec: dict, participants: list[dict]) -> ThreadingHTTPServer:
    handler = type("Handler", (Harness,), {"spec": spec, "participants": participants, "presence": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def state_of(page) -> dict:
    return page.evaluate(
        """async () => ({
            state: window.medarbMeeting ? window.medarbMeeting.state : null,
            joinedMs: window.medarbMeeting ? window.medarbMeeting.joinedMs : null,
            status: document.querySelector('[data-status]').textContent,
            tiles: [...document.querySelectorAll('[data-tiles] .meeting-tile')].map(t => ({
                feed: t.dataset.feed, caption: t.querySelector('figcaption').textContent})),
            stats: window.medarbMeeting ? await window.medarbMeeting.stats() : null,
        })"""
    )


def wait_state(page, state: str, *, tiles: int | None = None, timeout: float = 20) -> None:
    condition = f"window.medarbMeeting && window.medarbMeeting.state === '{state}'"
    if tiles is not None:
        condition += f" && document.querySelectorAll('[data-tiles] video').length === {tiles}"
    page.wait_for_function(f"() => {condition}", timeout=timeout * 1000)


def open_page(browser, base: str, index: int, report: dict):
    """A participant's page in a browser context of its own; its script errors (console and
    uncaught) and its failed requests go into the report."""
    errors, failed = report["errors"], report["failed_requests"]
    page = browser.new_context().new_page()
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load")
            and errors.append(f"{index}: {m.text}")
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{index}: {error}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.request.method} {r.url}"))
    page.goto(f"{base}/page/{index}/")
    return page


def leave(pages: list, report: dict) -> list:
    """The last page leaves by its button, the one before it by going elsewhere (pagehide);
    the first sees their tiles go. Returns the pages still in the room."""
    pages[-1].click("[data-leave]")
    report["left"] = state_of(pages[-1])
    pages[-2].goto("about:blank")
    try:
        # At once when Janus hears the peer connection close; if that was lost with the page,
        # when Janus drops the silent session (session_timeout, 60 s).
        wait_state(pages[0], "joined", tiles=len(pages) - 2, timeout=75)
    except PlaywrightTimeout:
        log("a departed participant's tile stayed on the first page")  # the test says which
    report["after_leave"] = state_of(pages[0])
    return pages[:-2]


def run(spec: dict) -> dict:
    client = JanusClient(spec["janus"], admin_key=spec["admin_key"])
    pages_spec = spec["pages"]
    intruder = spec.get("intruder")
    participants = pages_spec + ([intruder] if intruder else [])
    tokens = [person["token"] for person in pages_spec]
    client.create_room(spec["room"], description="测试会议", allowed=tokens, rec_dir=Path(spec["rec_dir"]))
    server = serve(spec, participants)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    report: dict = {"errors": [], "failed_requests": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = [open_page(browser, base, index, report) for index in range(len(pages_spec))]
        try:
            for page in pages:
                wait_state(page, "joined", tiles=len(pages), timeout=spec.get("join_timeout", 30))
        except Exception:
            log("not everyone joined:", json.dumps([state_of(page) for page in pages], ensure_ascii=False))
            log("errors:", report)
            raise
        report["all_joined_at"] = time.monotonic()
        log(f"all {len(pages)} pages joined and see each other")
        time.sleep(spec["seconds"])
        log("measuring")
        report["measured_at"] = time.monotonic()
        report["pages"] = [state_of(page) for page in pages]
        if intruder:
            page = open_page(browser, base, len(pages_spec), report)
            wait_state(page, "refused")
            report["intruder"] = state_of(page)
        if spec.get("leave"):
            pages = leave(pages, report)
        if spec.get("destroy"):
            report["destroyed_at"] = time.monotonic()
            client.destroy_room(spec["room"])
            for page in pages:
                wait_state(page, "ended")
            report["after_destroy"] = [state_of(page) for page in pages]
        browser.close()
    report["presence"] = server.RequestHandlerClass.presence
    server.shutdown()
    return report


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin)), ensure_ascii=False))
