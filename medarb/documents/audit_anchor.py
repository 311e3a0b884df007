"""The commission's certificate signs the audit chain's checkpoints (see audit.anchor).

Registered from `DocumentsConfig.ready`, since audit sits below documents and never imports it.
"""

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from medarb.audit.anchor import AnchorError
from medarb.documents import pki
from medarb.orgs.models import Unit, UnitKind


def commission_credentials() -> tuple[object, x509.Certificate]:
    """The private key and certificate of the installation's commission (the topmost one)."""
    unit = Unit.objects.filter(kind=UnitKind.COMMISSION, is_active=True).order_by("path").first()
    if unit is None:
        raise AnchorError("no active commission unit whose certificate could sign audit checkpoints")
    credentials = pki.unit_credentials(unit)
    key = serialization.load_pem_private_key(credentials.key_path.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(credentials.cert_path.read_bytes())


def trust_roots() -> list[x509.Certificate]:
    roots = []
    for path in pki.trust_root_paths():
        if path.exists():
            roots.extend(x509.load_pem_x509_certificates(path.read_bytes()))
    return roots
