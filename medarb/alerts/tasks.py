"""Huey job of early warning: the scan of intake, every half hour."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.alerts.services import run_scan

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/30"))
def scan_intake() -> None:
    touched = run_scan(today=timezone.localdate())
    log.info("early-warning scan: %d alerts raised or extended", len(touched))
