"""HTML to PDF for every paper of the platform, with one fetcher that reaches nothing else.

WeasyPrint fetches whatever a page names: `file:` URLs, `http://127.0.0.1:…`, stylesheets,
fonts, `<link rel="attachment">` files it embeds into the PDF. Template bodies are written
by administrators, so a body naming `file:///…/.env` would put the platform's keys into a
paper. Every render therefore goes through `render_html` / `write_pdf` here, whose fetcher
serves only

- images given inline as `data:image/png|jpeg|gif|webp|svg+xml` (QR codes, drawn signatures);
- the project's own static assets (`/static/…`, found by Django's staticfiles finders, no
  `..`), and only fonts, images and stylesheets among them;
- stored files the caller names for this render (`/files/<sha256>`), by hash;

and refuses everything else (other schemes, other hosts, other paths) without a request.
Attachments are dropped from the document whatever the HTML says, so nothing is embedded.
"""

import base64
import logging
import mimetypes
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

# A base that never resolves (RFC 2606 `.invalid`): relative URLs in a page join onto it,
# and the fetcher answers for it itself; nothing is ever asked of the network.
BASE_URL = "https://medarb.invalid/"
STATIC_PREFIX = "/static/"
FILES_PREFIX = "/files/"
DATA_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})
STATIC_TYPES = DATA_IMAGE_TYPES | frozenset(
    {"text/css", "font/woff", "font/woff2", "font/ttf", "font/otf", "application/font-woff"}
)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class UnsafeUrl(ValueError):
    """A page asked for something outside what a paper may use."""


class SafeFetcher(URLFetcher):
    """WeasyPrint's fetcher with every door closed but ours (see the module docstring)."""

    def __init__(self, files=()):
        super().__init__(timeout=1, allowed_protocols=frozenset(), allow_redirects=False)
        self.files = {f.sha256: f for f in files}
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            return self._answer(url)
        except UnsafeUrl as exc:
            self.refused.append(url)
            log.warning("document render refused %s: %s", url[:200], exc)
            raise

    def _answer(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return _data_image(url)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or parts.query:
            raise UnsafeUrl("not one of the platform's own assets")
        if parts.path.startswith(STATIC_PREFIX):
            return _static(url, parts.path[len(STATIC_PREFIX) :])
        if parts.path.startswith(FILES_PREFIX):
            return self._stored(url, parts.path[len(FILES_PREFIX) :])
        raise UnsafeUrl("not under /static/ or /files/")

    def _stored(self, url: str, digest: str) -> URLFetcherResponse:
        from medarb.core.files import read_bytes

        stored = self.files.get(digest) if _SHA256.match(digest) else None
        if stored is None:
            raise UnsafeUrl("a stored file this document does not cite")
        return URLFetcherResponse(url, read_bytes(stored), {"Content-Type": stored.content_type})


def _data_image(url: str) -> URLFetcherResponse:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise UnsafeUrl("malformed data: URL")
    params = [p.strip().lower() for p in header.split(";")]
    media_type = params[0] or "text/plain"
    if media_type not in DATA_IMAGE_TYPES:
        raise UnsafeUrl(f"data: URL of type {media_type}")
    try:
        body = (
            base64.b64decode(unquote(payload), validate=False)
            if "base64" in params[1:]
            else unquote_to_bytes(payload)
        )
    except ValueError as exc:
        raise UnsafeUrl("malformed data: URL") from exc
    return URLFetcherResponse(url, body, {"Content-Type": media_type})


def _static(url: str, raw_path: str) -> URLFetcherResponse:
    from django.contrib.staticfiles import finders

    path = unquote(raw_path)
    parts = PurePosixPath(path).parts
    if not path or "\\" in path or "\x00" in path or path.startswith("/") or ".." in parts or "." in parts:
        raise UnsafeUrl("a static path that leaves the static folders")
    media_type = mimetypes.guess_type(path)[0] or ""
    if media_type not in STATIC_TYPES:
        raise UnsafeUrl(f"a static file of type {media_type or 'unknown'}")
    try:
        found = finders.find(path)
    except Exception as exc:  # SuspiciousFileOperation from safe_join: a path that escapes
        raise UnsafeUrl("a static path that leaves the static folders") from exc
    if not found:
        raise UnsafeUrl("no such static file")
    with open(found, "rb") as handle:
        return URLFetcherResponse(url, handle.read(), {"Content-Type": media_type})


def render_html(html: str, *, files=()):
    """The laid-out WeasyPrint document of a page, fetched only through `SafeFetcher`, with
    attachments (`<link rel="attachment">`, `<a rel="attachment">`) removed before writing."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher(files)).render()
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document


def write_pdf(html: str, *, files=()) -> bytes:
    """The PDF bytes of a page (see `render_html`)."""
    return render_html(html, files=files).write_pdf()
