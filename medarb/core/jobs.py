"""Background jobs that meet a busy database are tried again, not lost.

On SQLite one writer holds the database at a time; a job that waited out the busy timeout
fails with "database is locked". On PostgreSQL a deadlock or a serialisation failure is the
same kind of passing trouble. Such a job is put back in the queue after a short delay
(doubling up to a minute) however many retries it declared, and the error does not use up
those retries. Any other error is the job's own business (its `retries=`, or an outbox sweep).

`retry_when_busy` is connected to Huey's error signal once, in `CoreConfig.ready()`: Huey
emits the signal before it decides whether to requeue, so raising `task.retries` here makes
Huey requeue the task with `task.retry_delay`.
"""

import logging

from django.db import OperationalError

log = logging.getLogger(__name__)

FIRST_DELAY = 2  # seconds
MAX_DELAY = 60
BUSY_MESSAGES = ("database is locked", "database table is locked")
BUSY_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected


def database_busy(exc: BaseException) -> bool:
    """True for an error that says the database was busy, not that the job is wrong."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return any(text in str(exc).lower() for text in BUSY_MESSAGES)


def retry_when_busy(signal, task, exc=None) -> None:
    if exc is None or not database_busy(exc):
        return
    task.retries += 1  # the one Huey takes off when it requeues: the job's own retries are kept
    # retry_delay travels with the requeued task, so the delay doubles from one try to the next.
    task.retry_delay = min(max(FIRST_DELAY, (task.retry_delay or 0) * 2), MAX_DELAY)
    log.warning("Job %s met a busy database (%s); tried again in %ss", task, exc, task.retry_delay)


def connect(huey) -> None:
    from huey.signals import SIGNAL_ERROR

    huey.signal(SIGNAL_ERROR)(retry_when_busy)
