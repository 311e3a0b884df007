"""Server-sent events (SSE) for the evidence on show: the court's big screen and the remote
participants' evidence pane follow the clerk's choice as it happens.

One stream lasts `MEDARB_SSE_SECONDS` (55 s by default) and then ends; the browser's
EventSource reconnects by itself after the `retry` interval, sending `Last-Event-ID`, so
nothing shown in between is missed and no stream holds a web thread for ever. While it lasts,
the stream looks at the sitting's version (one indexed lookup) every half second, sends the
state when it changes, and a comment every 15 s so that proxies keep it open. Under
gunicorn's threaded workers each open screen holds one thread for the stream's life: the
web server runs enough threads for the rooms (`scripts/serve.sh`, MEDARB_WEB_THREADS).
"""

import json
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import StreamingHttpResponse

from medarb.recording import presentation

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15
RETRY_MS = 1000


def _events(
    sitting_id: int, *, state: Callable[[int], dict], last: int | None, seconds: float
) -> Iterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    sent, quiet_since = last, time.monotonic()
    deadline = time.monotonic() + seconds
    while True:
        version = presentation.version(sitting_id)
        if version != sent:
            yield f"id: {version}\nevent: state\ndata: {json.dumps(state(version), ensure_ascii=False)}\n\n"
            sent, quiet_since = version, time.monotonic()
        elif time.monotonic() - quiet_since >= KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            quiet_since = time.monotonic()
        if time.monotonic() >= deadline:
            return
        time.sleep(POLL_SECONDS)


def stream(request, sitting_id: int, *, state: Callable[[int], dict]) -> StreamingHttpResponse:
    """The event stream of the sitting's screen; `state(version)` is what one event carries."""
    header = request.headers.get("Last-Event-ID", "")
    last = int(header) if header.isdigit() else None
    seconds = float(getattr(settings, "MEDARB_SSE_SECONDS", 55))
    response = StreamingHttpResponse(
        _events(sitting_id, state=state, last=last, seconds=seconds), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx in front must not hold the events back
    return response
