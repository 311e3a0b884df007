"""Periodic calendar jobs (kept apart from `procedure.tasks`, the to-do and sweep module).

`ProcedureConfig.ready()` imports this module so that Huey's consumer registers the job.
"""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.procedure.services import warn_if_next_year_unknown

log = logging.getLogger(__name__)


# Every day of November at 01:00 UTC (09:00 in Asia/Shanghai); the warning is raised once per
# year and resolved as soon as the arrangement is known.
@db_periodic_task(crontab(month="11", hour="1", minute="0"))
def warn_about_next_years_holidays() -> int | None:
    warning = warn_if_next_year_unknown(today=timezone.localdate())
    if warning is not None:
        log.warning("the holiday arrangement of %s is not known yet", warning.year)
        return warning.year
    return None
