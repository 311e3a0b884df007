"""Health check for load balancers and operators."""

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise OSError("storage returned other bytes than written")
    finally:
        default_storage.delete(name)


def _check_queue() -> dict:
    return {"pending": HUEY.pending_count(), "scheduled": HUEY.scheduled_count()}


def _check_media_disk() -> dict:
    """Free space where nginx records hearings; below the floor new pushes are refused (录播告警)."""
    directory = Path(settings.MEDARB_MEDIA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    return {"free_bytes": free, "low": free < settings.MEDARB_MEDIA_MIN_FREE_BYTES}


@never_cache
def health(request):
    results, healthy = {}, True
    for name, check in (
        ("database", _check_database),
        ("storage", _check_storage),
        ("queue", _check_queue),
        ("media_disk", _check_media_disk),
    ):
        started = time.perf_counter()
        try:
            detail = check()
            results[name] = {
                "ok": True,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                **(detail or {}),
            }
        except Exception as exc:  # a health check reports every failure instead of raising
            healthy = False
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return JsonResponse({"ok": healthy, "checks": results}, status=200 if healthy else 503)
