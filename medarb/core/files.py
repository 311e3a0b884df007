"""Storing bytes once with their SHA-256, and checking uploads before they are stored.

Callers keep a reference to the StoredFile; nothing ever overwrites stored bytes. The file
itself is served only through a view that asks the visibility policy first.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.core.models import StoredFile

# Magic numbers of the types the platform accepts, by the content type they prove.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),  # docx/xlsx are zip containers; refined below
    (b"ID3", "audio/mpeg"),
    (b"\x1aE\xdf\xa3", "video/webm"),
)

DOCUMENT_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "docx", "xlsx"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})

_OFFICE = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # short name used in allow-lists: "application/pdf", "image/png", "docx" …
    content_type: str


def sniff(data: bytes) -> Sniffed | None:
    """The type the bytes really are, whatever the file name or browser claims."""
    for magic, content_type in _SIGNATURES:
        if data.startswith(magic):
            if content_type == "application/zip":
                return _sniff_office(data)
            return Sniffed(content_type, content_type)
    if data[4:8] == b"ftyp":
        return Sniffed("video/mp4", "video/mp4")
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return Sniffed("audio/wav", "audio/wav")
    return None


def _sniff_office(data: bytes) -> Sniffed | None:
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    for prefix, (kind, content_type) in _OFFICE.items():
        if any(name.startswith(prefix) for name in names):
            return Sniffed(kind, content_type)
    return None


def check_upload(
    upload, *, allowed: frozenset[str] = DOCUMENT_TYPES, max_bytes: int | None = None
) -> tuple[bytes, Sniffed]:
    """Read an uploaded file and refuse it, with a message, if too large or not an allowed type."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("文件过大（%(size)s），上限为 %(limit)s。")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("文件过大，上限为 %(limit)s。") % {"limit": filesizeformat(limit)})
    if not data:
        raise ValidationError(_("文件是空的。"))
    sniffed = sniff(data)
    if sniffed is None or sniffed.kind not in allowed:
        raise ValidationError(_("不支持该文件类型。请上传 PDF、JPG、PNG 或 Word 文件。"))
    if sniffed.kind == "application/pdf":
        from medarb.core.pdf_safety import active_content

        if active_content(data):
            raise ValidationError(
                _(
                    "该 PDF 文件含有脚本或自动执行的动作（如 JavaScript、启动程序），出于安全原因不能上传。"
                    "请用“打印为 PDF”重新生成一份后再上传。"
                )
            )
    return data, sniffed


def store_bytes(*, data: bytes, name: str, content_type: str, actor=None) -> StoredFile:
    """Keep the bytes once: the same content stored twice gives the same StoredFile."""
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(sha256=digest).first()
    if existing:
        return existing
    storage_name = default_storage.save(f"sha256/{digest[:2]}/{digest}", ContentFile(data))
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                sha256=digest,
                size=len(data),
                content_type=content_type,
                original_name=name[:255],
                storage_name=storage_name,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # stored concurrently by someone else
        return StoredFile.objects.get(sha256=digest)


class FileDiscarded(FileNotFoundError):
    """The file's bytes were destroyed at the end of its retention period."""


def open_stored(stored: StoredFile):
    """The stored bytes as a binary file object; FileDiscarded once they are destroyed."""
    if stored.discarded_at is not None:
        raise FileDiscarded(f"stored file {stored.pk} was discarded at {stored.discarded_at:%Y-%m-%d}")
    return default_storage.open(stored.storage_name, "rb")


def local_path(stored: StoredFile) -> Path:
    """The file on this machine's disk (NotImplementedError when files live in object storage)."""
    if stored.discarded_at is not None:
        raise FileDiscarded(f"stored file {stored.pk} was discarded")
    return Path(default_storage.path(stored.storage_name))


def discard(files) -> int:
    """Destroy the bytes of `files` (StoredFiles) and keep their rows (name, size, hash) as the
    record of what was kept. They are marked in the caller's transaction, so they are never
    served again from the moment it commits; the bytes are deleted once it has."""
    files = [f for f in files if f.discarded_at is None]
    now = timezone.now()
    StoredFile.objects.filter(pk__in=[f.pk for f in files]).update(discarded_at=now)
    names = [f.storage_name for f in files]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
    return len(files)


def read_bytes(stored: StoredFile) -> bytes:
    with open_stored(stored) as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise OSError(f"stored file {stored.pk} does not match its hash")
    return data


def store_path(*, path: Path, name: str, content_type: str, actor=None) -> StoredFile:
    """Keep a file that is too large to hold in memory (a disc image, a recording): hashed and
    saved as a stream, once by content like `store_bytes`."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    sha = digest.hexdigest()
    existing = StoredFile.objects.filter(sha256=sha).first()
    if existing:
        return existing
    with path.open("rb") as handle:
        storage_name = default_storage.save(f"sha256/{sha[:2]}/{sha}", File(handle))
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                sha256=sha,
                size=path.stat().st_size,
                content_type=content_type,
                original_name=name[:255],
                storage_name=storage_name,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        return StoredFile.objects.get(sha256=sha)
