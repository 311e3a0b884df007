"""A stored file served with HTTP range requests, so a video player can seek (RFC 9110 §14)."""

import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

from medarb.core.files import open_stored

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 512 * 1024


def _limited(handle, remaining: int):
    try:
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_response(request, stored, *, content_type: str) -> HttpResponse:
    """The whole file, or the asked range of it. Like every stored file it is sandboxed: a
    recording or a presented picture opened on its own cannot run script on this origin."""
    if stored.discarded_at is not None:
        raise Http404("the recording was destroyed at the end of its retention period")
    response = _answer(request, stored, content_type=content_type)
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _answer(request, stored, *, content_type: str) -> HttpResponse:
    size = stored.size
    header = request.headers.get("Range", "")
    match = RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        response = FileResponse(open_stored(stored), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        response["Content-Length"] = str(size)
        return response
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = open_stored(stored)
    handle.seek(start)

    response = StreamingHttpResponse(_limited(handle, end - start + 1), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
