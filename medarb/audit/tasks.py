"""Periodic audit jobs: signed checkpoints of the chain, and the nightly verification."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.audit.anchor import AnchorError, write_checkpoint
from medarb.audit.services import verify_chain
from medarb.core.errors import DomainError

log = logging.getLogger(__name__)


def _every(minutes: int) -> crontab:
    if minutes < 60:
        return crontab(minute=f"*/{minutes}")
    return crontab(minute="0", hour=f"*/{minutes // 60}")


@db_periodic_task(_every(settings.AUDIT_CHECKPOINT_MINUTES))
def audit_checkpoint() -> str:
    """Anchor the chain heads outside the database (a new signed file, if anything changed)."""
    try:
        path = write_checkpoint()
    except (AnchorError, DomainError, OSError) as exc:
        log.error("audit checkpoint not written: %s", exc)
        return ""
    if path:
        log.info("audit checkpoint written: %s", path)
    return str(path or "")


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_audit_verification() -> int:
    problems = verify_chain()
    for problem in problems:
        log.error("audit chain problem at %s", problem)
    if not problems:
        log.info("audit chain verified")
    return len(problems)
