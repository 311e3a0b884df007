"""Huey jobs of the procedure engine."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.procedure.sweep import sweep_deadlines

log = logging.getLogger(__name__)


# Huey's scheduler runs on UTC: 22:00 UTC is 06:00 in Asia/Shanghai.
@db_periodic_task(crontab(hour="22", minute="0"))
def sweep_deadlines_daily() -> None:
    result = sweep_deadlines(today=timezone.localdate())
    log.info("deadline sweep %s", result)
