"""Huey job of the statistical reports: on the 1st of each month, keep last month's tables."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.reports.services import keep_monthly_reports

log = logging.getLogger(__name__)


@db_periodic_task(crontab(day="1", hour="2", minute="10"))
def keep_last_months_reports() -> None:
    kept = keep_monthly_reports(today=timezone.localdate())
    log.info("statistical reports: %d kept for last month", len(kept))
