"""Serving a stored file: as a download, in a sandbox, never as a page of this origin.

A PDF with JavaScript, or an HTML or SVG file passed off as something else, opened inline
from the platform's own address would run with the signed-in person's session. So every
stored file goes out with `Content-Security-Policy: sandbox` (no script, no same-origin
access) and as an attachment; inline display is kept for pictures, sound and video, and
for PDFs the platform generated itself (`generated=True`: awards, notices, certificates —
their bytes come from our templates; Chromium's PDF viewer does not open a sandboxed PDF,
so these keep the site's ordinary policy).
"""

from urllib.parse import quote

from django.http import FileResponse, Http404

from medarb.core.files import read_bytes
from medarb.core.models import StoredFile

SANDBOX = "sandbox"
# Shown inline when asked: a browser renders these without running anything in them.
_INLINE_MEDIA = ("image/png", "image/jpeg", "image/gif", "audio/", "video/")


def _disposition(kind: str, filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "file"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def file_response(
    stored: StoredFile, *, filename: str | None = None, inline: bool = False, generated: bool = False
) -> FileResponse:
    """The bytes of `stored`, checked against their hash, as a safe response (404 once they
    were destroyed at the end of their retention)."""
    if stored.discarded_at is not None:
        raise Http404("the file was destroyed at the end of its retention period")
    content_type = stored.content_type or "application/octet-stream"
    show_inline = inline and (
        content_type.startswith(_INLINE_MEDIA) or (generated and content_type == "application/pdf")
    )
    response = FileResponse(iter([read_bytes(stored)]), content_type=content_type)
    response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = _disposition(
        "inline" if show_inline else "attachment", filename or stored.original_name or stored.sha256[:16]
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not (generated and show_inline):
        response["Content-Security-Policy"] = SANDBOX
    return response


def generated_pdf_response(data: bytes, *, filename: str) -> FileResponse:
    """A PDF the platform made for this request alone (e.g. a watermarked reading copy):
    shown inline, never cached."""
    response = FileResponse(iter([data]), content_type="application/pdf")
    response["Content-Length"] = str(len(data))
    response["Content-Disposition"] = _disposition("inline", filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
