"""PAdES signatures with the issuing unit's certificate, the seal as the visible appearance,
and validation against the trusted roots (pyHanko).

A document is signed once by its unit (the seal). A hand signature drawn on screen is bound
by a further incremental signature whose appearance is the drawn image with the signer's
name, the time and the hash of the version signed (also in /Name, /M and /Reason); the
unit's key signs it on the signer's behalf, so image, signer, time and hash cannot be
separated from the PDF afterwards.
"""

import asyncio
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext as _

from medarb.documents import pki

log = logging.getLogger(__name__)


def _run(coroutine):
    """Run pyHanko's coroutine to the end, also from a thread whose event loop is already
    running (there `asyncio.run` refuses; Playwright's sync API leaves one in tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@cache
def _signer(key_path: str, cert_path: str, ca_path: str, _mtime: float):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=(ca_path,), key_passphrase=None)


def _load_signer(credentials: pki.Credentials):
    return _signer(
        str(credentials.key_path),
        str(credentials.cert_path),
        str(credentials.ca_cert_path),
        credentials.cert_path.stat().st_mtime,
    )


def _sign(
    pdf: bytes,
    *,
    credentials: pki.Credentials,
    field_name: str,
    page: int,
    box: tuple[float, float, float, float],
    background,
    reason: str,
    name: str,
    location: str = "",
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    style = StaticStampStyle(background=background, background_opacity=1, border_width=0)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=name,
    )
    signer = signers.PdfSigner(
        metadata,
        signer=_load_signer(credentials),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=page, box=tuple(int(v) for v in box)),
    )
    out = _run(signer.async_sign_pdf(writer))
    return out.getvalue()


def seal_pdf(pdf: bytes, *, unit, page: int, box: tuple[float, float, float, float]) -> bytes:
    """Sign the PDF as the unit (PAdES B-B) with its seal image over the signature block."""
    from pyhanko.pdf_utils.images import PdfImage

    credentials = pki.unit_credentials(unit)
    return _sign(
        pdf,
        credentials=credentials,
        field_name="UnitSeal",
        page=page,
        box=box,
        background=PdfImage(str(credentials.seal_path)),
        reason=_("%(unit)s 电子签章") % {"unit": unit.name},
        name=unit.name,
    )


def _hand_stamp_image(image_png: bytes, *, lines: list[str]):
    """The drawn signature on paper white, with signer, time and hash written beneath it
    (drawn with Pillow: no 20 MB font has to be embedded for a few characters)."""
    from PIL import Image, ImageDraw

    from medarb.core.images import SIGNATURE, admit_image

    # Header checked before decoding: a drawn image claiming 20,000² pixels is refused.
    drawn = admit_image(image_png, limits=SIGNATURE, mode="RGBA")
    width, height = 560, 300
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    drawn.thumbnail((width - 20, height - 110))
    canvas.paste(drawn, ((width - drawn.width) // 2, 8), mask=drawn.split()[3])
    draw = ImageDraw.Draw(canvas)
    font = pki.font(pki.SANS_REGULAR, 24)
    for number, line in enumerate(lines):
        draw.text((10, height - 96 + number * 31), line, font=font, fill=(0, 0, 0))
    return canvas


def bind_hand_signature(
    pdf: bytes,
    *,
    unit,
    image_png: bytes,
    signer_label: str,
    signed_at_text: str,
    signed_sha256: str,
    index: int,
    page: int,
    area: tuple[float, float, float, float],
) -> bytes:
    """Add a drawn signature: image + signer + time + hash of the signed version, sealed.
    The same facts are in the signature dictionary (/Name, /M, /Reason), under the signature."""
    from pyhanko.pdf_utils.images import PdfImage

    stamp = _hand_stamp_image(
        image_png, lines=[signer_label, signed_at_text, f"SHA-256 {signed_sha256[:24]}…"]
    )
    x1, y1, _x2, _y2 = area
    width = 140
    left = x1 + (index % 3) * (width + 6)
    box = (left, y1, left + width, y1 + width * 300 / 560)
    return _sign(
        pdf,
        credentials=pki.unit_credentials(unit),
        field_name=f"HandSignature{index + 1}",
        page=page,
        box=box,
        background=PdfImage(stamp),
        reason=_("签名确认，所签版本 SHA-256：%(digest)s") % {"digest": signed_sha256},
        name=signer_label,
    )


@dataclass
class SignatureCheck:
    field: str
    signer: str
    valid: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool
    summary: str


@dataclass
class ValidationReport:
    ok: bool
    signatures: list[SignatureCheck] = field(default_factory=list)
    error: str = ""


def validate_pdf(data: bytes) -> ValidationReport:
    """Validate every signature against the trusted roots; any change after the last
    signature, a broken digest, an untrusted signer or an unreadable file fails."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [load_cert_from_pemder(str(p)) for p in pki.trust_root_paths()]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file is simply not valid
        return ValidationReport(ok=False, error=_("文件无法解析：%(error)s") % {"error": exc})
    if not embedded:
        return ValidationReport(ok=False, error=_("文件中没有电子签名。"))
    checks = []
    for index, signature in enumerate(embedded):
        try:
            status = _run(async_validate_pdf_signature(signature, ValidationContext(trust_roots=roots)))
        except Exception as exc:
            checks.append(SignatureCheck(signature.field_name, "", False, False, False, False, str(exc)))
            continue
        last = index == len(embedded) - 1
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        # Earlier signatures cover their revision; later revisions may only add signatures.
        modifications_ok = whole or (
            not last
            and status.docmdp_ok is not False
            and status.modification_level is not None
            and status.modification_level.name in {"NONE", "LTA_UPDATES", "FORM_FILLING"}
        )
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
                valid=bool(status.valid),
                intact=bool(status.intact),
                trusted=bool(status.trusted),
                covers_whole_file=whole,
                summary=status.summary(),
            )
        )
        if not modifications_ok:
            checks[-1].valid = False
    ok = all(c.valid and c.intact and c.trusted for c in checks) and checks[-1].covers_whole_file
    return ValidationReport(ok=ok, signatures=checks)
