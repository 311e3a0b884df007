"""Test helpers for documents and delivery: isolated file store and PKI, a numbered case,
a real local SMTP server (aiosmtpd), and reading PDFs with poppler."""

import email
import html
import re
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy as email_policy

import pytest

from medarb.cases.models import Case
from medarb.testing import register

CASE_NUMBER = "鹭湖劳人仲案字〔2026〕第8号"


@pytest.fixture(scope="session")
def _session_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("documents-data")


@pytest.fixture(autouse=True)
def document_store(settings, tmp_path, _session_data_dir):
    """Files of each test in its own folder; one demo CA for the session (keys are slow)."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DATA_DIR = _session_data_dir
    settings.DOCUMENTS_PKI_DIR = _session_data_dir / "pki"
    settings.DOCUMENTS_DEMO_PKI = True
    settings.SITE_URL = "http://testserver"
    return tmp_path


def kind_issuing(template_code: str) -> str:
    """An arbitration case for the papers arbitration issues, else a mediation case."""
    from medarb.procedure.declaration import registered

    return "arbitration" if registered()["arbitration"].issues(template_code) else "mediation"


def numbered_case(cast, *, number: str = CASE_NUMBER, kind: str = "arbitration") -> Case:
    case = register(actor=cast.filing_officer, unit=cast.district, kind=kind)
    Case.objects.filter(pk=case.pk).update(number=number)
    case.refresh_from_db()
    return case


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_fonts(data: bytes, tmp_path) -> list[dict]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        parts = line.split()
        # name … emb sub uni object generation
        fonts.append({"name": parts[0], "embedded": parts[-5] == "yes"})
    return fonts


def page_ink(data: bytes, tmp_path, *, page: int = 1) -> float:
    """Share of dark pixels on a page rendered to PNG by pdftoppm (0.0 = blank)."""
    from PIL import Image

    path = tmp_path / "ink.pdf"
    path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-gray",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(path),
            str(tmp_path / "ink"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("ink*.png"))
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    png.unlink()
    return dark / (image.width * image.height)


# Realistic long values for layout tests: a 40-character company name, a long address.
LONG_COMPANY = "鹭湖市海沧区新阳工业园区某某精密电子科技集团股份有限公司第三分公司物流配送分中心"
LONG_ADDRESS = "福建省厦门市鹭湖区东湖街道东湖路一千二百三十四号鹭湖国际商务中心B座十八层一八零一至一八零五室"

_BBOX_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_BBOX_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


@dataclass
class PdfWord:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class PdfPage:
    """One page as poppler reads it (`pdftotext -bbox`): size in points, words top-down."""

    number: int
    width: float
    height: float
    words: list[PdfWord]

    def lines(self) -> list[str]:
        """The page's text lines (words on one baseline joined without spaces), top-down."""
        rows: dict[int, list[PdfWord]] = {}
        for word in self.words:
            rows.setdefault(round(word.y1), []).append(word)
        return ["".join(w.text for w in sorted(row, key=lambda w: w.x0)) for _y, row in sorted(rows.items())]

    def outside(self, *, left: float, right: float, tolerance: float = 1.0) -> list[PdfWord]:
        """Words reaching past the left/right margins (points from each edge) or off the page."""
        return [
            w
            for w in self.words
            if w.x0 < left - tolerance
            or w.x1 > self.width - right + tolerance
            or w.y0 < 0
            or w.y1 > self.height
        ]


def pdf_pages(data: bytes, tmp_path) -> list[PdfPage]:
    """Every page with the position of every word (poppler's `pdftotext -bbox`)."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = []
    for number, (width, height, body) in enumerate(_BBOX_PAGE.findall(out), start=1):
        words = [
            PdfWord(float(a), float(b), float(c), float(d), html.unescape(text))
            for a, b, c, d, text in _BBOX_WORD.findall(body)
        ]
        pages.append(PdfPage(number, float(width), float(height), words))
    return pages


def pdf_raw_text(data: bytes, tmp_path) -> str:
    """The text in drawing order without any whitespace (`pdftotext -raw`): a value wrapped
    over several lines, or inside a table cell, reads back in one piece."""
    path = tmp_path / "raw.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


CM = 72 / 2.54  # points


def poppler_available() -> bool:
    return all(shutil.which(tool) for tool in ("pdftoppm", "pdffonts", "pdftotext"))


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list = field(default_factory=list)

    def bodies(self) -> list[str]:
        out = []
        for raw in self.messages:
            message = email.message_from_bytes(raw, policy=email_policy.default)
            out.append(message.get_body(preferencelist=("plain",)).get_content())
        return out

    def subjects(self) -> list[str]:
        return [
            email.message_from_bytes(raw, policy=email_policy.default)["Subject"] for raw in self.messages
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port (aiosmtpd), wired into Django's SMTP backend."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink(host="127.0.0.1", port=0)
    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                sink.messages.append(envelope.original_content or envelope.content)
            return "250 OK"

    sink.port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


def drawn_signature() -> bytes:
    """A stroke drawn on a transparent pad, as the signature page posts it (PNG)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 130), (120, 30), (220, 120), (380, 20)], fill=(0, 0, 0, 255), width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
