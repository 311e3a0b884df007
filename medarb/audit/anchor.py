"""Signed checkpoints that anchor the audit chain outside the database.

The HMAC key stops someone who can write the database from recomputing the chain; it does
not stop someone who also holds the key. So every few minutes a checkpoint — each lane's
head (sequence number and hash), the time, the id of the HMAC key — is signed with the
commission's X.509 key and written as a new file into `settings.AUDIT_ANCHOR_DIR`, which is
meant to live where the database's writers cannot rewrite it (another machine's share, the
supervising unit's append-only storage). Files are never overwritten; each names the SHA-256
of the previous file, so a removed or replaced checkpoint breaks the sequence.

A checkpoint file is JSON: `body` (the signed text, canonical JSON), `signature` (base64) and
`certificate` (the signer's PEM). Any party can check one with openssl:

    jq -rj .body F > body; jq -r .signature F | base64 -d > sig; jq -r .certificate F > cert.pem
    openssl dgst -sha256 -verify <(openssl x509 -in cert.pem -pubkey -noout) -signature sig body

Audit sits below documents, which owns the certificates: documents registers where the
commission's key and the trust roots come from (`set_pki`).
"""

import base64
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from django.conf import settings
from django.utils import timezone

from medarb.audit.chain import signing_key
from medarb.audit.models import AuditHead

FORMAT = "medarb-audit-checkpoint/1"
NAME = re.compile(r"^checkpoint-(\d{8})\.json$")


class AnchorError(Exception):
    """A checkpoint cannot be written (no signing certificate, no anchor directory)."""


@dataclass(frozen=True)
class Pki:
    credentials: Callable[[], tuple[object, x509.Certificate]]  # (private key, certificate)
    trust_roots: Callable[[], list[x509.Certificate]]


_pki: list[Pki] = []


def set_pki(
    *,
    credentials: Callable[[], tuple[object, x509.Certificate]],
    trust_roots: Callable[[], list[x509.Certificate]],
) -> None:
    _pki[:] = [Pki(credentials=credentials, trust_roots=trust_roots)]


def _registered() -> Pki:
    if not _pki:
        raise AnchorError("no certificate source is registered for audit checkpoints")
    return _pki[0]


@dataclass(frozen=True)
class Checkpoint:
    number: int
    path: Path
    at: str
    lanes: dict[int, tuple[int, str]]  # lane → (seq, hash)
    key_id: str


@dataclass(frozen=True)
class CheckpointProblem:
    path: Path
    problem: str


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def _files() -> list[tuple[int, Path]]:
    folder = anchor_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _sign(key, data: bytes) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    raise AnchorError(f"unsupported key type {type(key).__name__}")


def _verify_signature(public_key, signature: bytes, data: bytes) -> None:
    """Raises InvalidSignature (or TypeError for an unknown key type)."""
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    elif isinstance(public_key, ed25519.Ed25519PublicKey):
        public_key.verify(signature, data)
    else:
        raise TypeError(type(public_key).__name__)


def _canonical(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def current_heads() -> dict[int, tuple[int, str]]:
    return {
        lane: (seq, digest)
        for lane, seq, digest in AuditHead.objects.filter(seq__gt=0).values_list("id", "seq", "hash")
    }


def write_checkpoint(*, force: bool = False) -> Path | None:
    """Sign the lanes' heads into a new checkpoint file; None when nothing changed since the
    last one (unless `force`). Never overwrites a file: a concurrent writer's number is skipped."""
    folder = anchor_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    except OSError as exc:
        raise AnchorError(f"cannot create the anchor directory {folder}: {exc}") from exc
    private_key, certificate = _registered().credentials()
    heads = current_heads()
    for _attempt in range(5):
        files = _files()
        previous = files[-1][1] if files else None
        previous_bytes = previous.read_bytes() if previous else b""
        if previous and not force and _unchanged(previous_bytes, heads):
            return None
        number = files[-1][0] + 1 if files else 1
        body = {
            "format": FORMAT,
            "number": number,
            "at": timezone.now().astimezone(dt.UTC).isoformat(),
            "key_id": signing_key()[0],
            "lanes": {
                str(lane): {"seq": seq, "hash": digest} for lane, (seq, digest) in sorted(heads.items())
            },
            "previous": hashlib.sha256(previous_bytes).hexdigest() if previous else None,
        }
        text = _canonical(body)
        document = {
            "body": text,
            "signature": base64.b64encode(_sign(private_key, text.encode())).decode(),
            "certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
        }
        path = folder / f"checkpoint-{number:08d}.json"
        if _publish(path, (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()):
            return path
    raise AnchorError("another process keeps writing checkpoints at the same time")


def _publish(path: Path, data: bytes) -> bool:
    """Create the file, or do nothing if the name exists (O_EXCL): never replaces a file, and
    needs no rename or delete, so an append-only directory (`chattr +a`) serves."""
    try:
        handle = open(path, "xb")  # noqa: SIM115 — closed below, after fsync
    except FileExistsError:
        return False
    with handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(0o444)
    return True


def set_aside() -> Path | None:
    """Move every checkpoint into a `superseded-<time>/` folder, for when the database is
    deliberately emptied (the demo reloaded): its old checkpoints would no longer match."""
    files = _files()
    if not files:
        return None
    folder = anchor_dir() / f"superseded-{timezone.now().astimezone(dt.UTC):%Y%m%dT%H%M%S%f}"
    folder.mkdir()
    for _number, path in files:
        path.rename(folder / path.name)
    return folder


def _read_body(data: bytes) -> dict | None:
    try:
        return json.loads(json.loads(data)["body"])
    except (ValueError, KeyError, TypeError):
        return None


def _unchanged(previous_bytes: bytes, heads: dict[int, tuple[int, str]]) -> bool:
    body = _read_body(previous_bytes)
    try:
        return body is not None and _lanes_of(body) == heads
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def _lanes_of(body: dict) -> dict[int, tuple[int, str]]:
    return {int(lane): (int(head["seq"]), str(head["hash"])) for lane, head in body["lanes"].items()}


def _trusted(certificate: x509.Certificate, roots: list[x509.Certificate]) -> bool:
    for root in roots:
        if certificate == root:
            return True
        try:
            certificate.verify_directly_issued_by(root)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return True
    return False


def load_checkpoints() -> tuple[list[Checkpoint], list[CheckpointProblem]]:
    """Every checkpoint file whose signature, certificate and place in the sequence are sound,
    and a problem for every one that is not."""
    roots = _registered().trust_roots() if _pki else []
    good: list[Checkpoint] = []
    problems: list[CheckpointProblem] = []
    expected, previous_bytes = 1, None
    for number, path in _files():
        data = path.read_bytes()
        if number != expected:
            problems.append(CheckpointProblem(path, f"checkpoints {expected}–{number - 1} are missing"))
        checkpoint, problem = _check(number, path, data, previous_bytes, roots)
        if problem:
            problems.append(CheckpointProblem(path, problem))
        if checkpoint:
            good.append(checkpoint)
        expected, previous_bytes = number + 1, data
    return good, problems


def _check(number, path, data, previous_bytes, roots) -> tuple[Checkpoint | None, str]:
    try:
        document = json.loads(data)
        text = document["body"]
        body = json.loads(text)
        signature = base64.b64decode(document["signature"], validate=True)
        certificate = x509.load_pem_x509_certificate(document["certificate"].encode())
        lanes = _lanes_of(body)
        at = dt.datetime.fromisoformat(body["at"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, "unreadable checkpoint file"
    if body.get("format") != FORMAT or body.get("number") != number:
        return None, "checkpoint number or format does not match its file name"
    try:
        _verify_signature(certificate.public_key(), signature, text.encode())
    except (InvalidSignature, TypeError):
        return None, "checkpoint signature is not valid (file altered or forged)"
    if not _trusted(certificate, roots):
        return None, "checkpoint is signed by a certificate no trust root issued"
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        return None, "checkpoint was signed outside its certificate's validity"
    checkpoint = Checkpoint(
        number=number, path=path, at=body["at"], lanes=lanes, key_id=body.get("key_id", "")
    )
    if previous_bytes is not None and body.get("previous") != hashlib.sha256(previous_bytes).hexdigest():
        return checkpoint, "the previous checkpoint was replaced (its hash does not match)"
    return checkpoint, ""
