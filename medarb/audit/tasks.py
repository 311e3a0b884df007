"""Periodic audit jobs."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from medarb.audit.services import verify_chain

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_audit_verification() -> int:
    problems = verify_chain()
    for problem in problems:
        log.error("audit chain problem at #%s: %s", problem.seq, problem.problem)
    if not problems:
        log.info("audit chain verified")
    return len(problems)
