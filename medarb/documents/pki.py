"""Certificates and seals of the issuing units.

Each unit that issues documents holds an X.509 certificate and key and a seal image under
`settings.DOCUMENTS_PKI_DIR/<unit id>/` (never in the database, never committed). In a real
installation the commission's CA (or an HSM, later) issues them; for demonstration and tests
`make_demo_pki` — or the first signature when `MEDARB_DEMO_PKI` is on — creates a demo CA and
one certificate per unit. The seal image is drawn here (name on the arc, a star in the
middle), never downloaded.
"""

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from medarb.core.errors import DomainError

SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SANS_REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_FACE = 2  # index of the Simplified Chinese face in the Noto CJK collections
SEAL_RED = (214, 0, 28, 255)


@dataclass(frozen=True)
class Credentials:
    key_path: Path
    cert_path: Path
    ca_cert_path: Path
    seal_path: Path


def pki_dir() -> Path:
    path = Path(settings.DOCUMENTS_PKI_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_private(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o600)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def ca_paths() -> tuple[Path, Path]:
    root = pki_dir()
    return root / "ca.key.pem", root / "ca.cert.pem"


def ensure_ca(*, name: str = "medarb 演示根证书 (Demo CA)") -> Path:
    """The demo CA's certificate path, creating the CA on first use."""
    key_path, cert_path = ca_paths()
    if cert_path.exists() and key_path.exists():
        return cert_path
    key = _key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "medarb"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _pem_key(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path


def issue_unit_certificate(unit) -> Credentials:
    """A fresh key and certificate for the unit, signed by the demo CA, and its seal image."""
    ca_cert_path = ensure_ca()
    ca_key_path, _ = ca_paths()
    ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    folder = pki_dir() / str(unit.pk)
    folder.mkdir(exist_ok=True, mode=0o700)
    key = _key()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit.name),
            x509.NameAttribute(NameOID.COMMON_NAME, unit.name),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    credentials = _paths(unit)
    _write_private(credentials.key_path, _pem_key(key))
    credentials.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    credentials.seal_path.write_bytes(draw_seal(unit.name))
    return credentials


def _paths(unit) -> Credentials:
    folder = pki_dir() / str(unit.pk)
    return Credentials(
        key_path=folder / "key.pem",
        cert_path=folder / "cert.pem",
        ca_cert_path=ca_paths()[1],
        seal_path=folder / "seal.png",
    )


def unit_credentials(unit) -> Credentials:
    """The unit's signing credentials; created from the demo CA only when demo PKI is enabled."""
    credentials = _paths(unit)
    if credentials.key_path.exists() and credentials.cert_path.exists():
        if not credentials.seal_path.exists():
            credentials.seal_path.write_bytes(draw_seal(unit.name))
        return credentials
    if not settings.DOCUMENTS_DEMO_PKI:
        raise DomainError(_("%(unit)s 尚未配置电子签章证书，请联系系统管理员。") % {"unit": unit.name})
    return issue_unit_certificate(unit)


def trust_root_paths() -> list[Path]:
    """CA certificates trusted when validating signatures (the demo CA plus any configured)."""
    roots = [Path(p) for p in settings.DOCUMENTS_TRUST_ROOTS]
    _, demo = ca_paths()
    if demo.exists():
        roots.append(demo)
    return roots


# --- seal image ------------------------------------------------------------------------


@cache
def font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size=size, index=SC_FACE)


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw_seal(name: str, *, caption: str = "电子签章", size: int = 480) -> bytes:
    """A round red seal (PNG with transparency): the name along the upper arc, a star in
    the centre, the caption below it — the layout of a PRC official seal."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    ring = size * 0.035
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=SEAL_RED, width=int(ring))
    draw.polygon(_star(centre, centre, size * 0.16), fill=SEAL_RED)
    # Text on the arc: characters spread over up to 240°, upright towards the centre.
    chars = list(name)
    span = min(240.0, 22.0 * len(chars))
    char_size = int(size * (0.13 if len(chars) <= 8 else 0.105 if len(chars) <= 14 else 0.085))
    arc_font = font(SANS_BOLD, char_size)
    radius = size / 2 - ring - char_size * 0.75
    for i, char in enumerate(chars):
        angle = -90 - span / 2 + span * (i + 0.5) / len(chars)
        glyph = Image.new("RGBA", (char_size * 2, char_size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((char_size, char_size), char, font=arc_font, fill=SEAL_RED, anchor="mm")
        rotated = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = centre + radius * math.cos(math.radians(angle)) - char_size
        y = centre + radius * math.sin(math.radians(angle)) - char_size
        image.alpha_composite(rotated, (int(x), int(y)))
    caption_font = font(SANS_BOLD, int(size * 0.08))
    draw.text((centre, centre + size * 0.27), caption, font=caption_font, fill=SEAL_RED, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
