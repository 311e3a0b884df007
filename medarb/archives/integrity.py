"""Does a dossier still hold what was bound? Each volume's PDF against the hash in its
manifest, and each paper's file against the hash it was bound from."""

import hashlib

from django.core.files.storage import default_storage

from medarb.archives.models import Dossier
from medarb.archives.selectors import latest_volumes
from medarb.core.models import StoredFile


def _digest(stored: StoredFile) -> str | None:
    try:
        with default_storage.open(stored.storage_name, "rb") as handle:
            digest = hashlib.sha256()
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def verify(dossier: Dossier) -> list[str]:
    """What no longer matches (empty: the dossier is intact)."""
    problems = []
    for volume in latest_volumes(dossier, ready=True).values():
        label = f"{volume.get_volume_display()} v{volume.version}"
        manifest = volume.manifest or {}
        if manifest.get("sha256") != volume.pdf.sha256:
            problems.append(f"{label}: the manifest does not name this PDF")
        actual = _digest(volume.pdf)
        if actual != volume.pdf.sha256:
            problems.append(
                f"{label}: PDF {'missing' if actual is None else 'changed'} ({volume.pdf.storage_name})"
            )
        for entry in manifest.get("entries", []):
            stored = StoredFile.objects.filter(sha256=entry["sha256"]).first()
            if stored is None:
                problems.append(f"{label}: {entry['title']} — no file with the bound hash")
                continue
            actual = _digest(stored)
            if actual != entry["sha256"]:
                problems.append(f"{label}: {entry['title']} {'missing' if actual is None else 'changed'}")
    return problems
