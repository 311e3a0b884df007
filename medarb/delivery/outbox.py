"""The outbox of service notices: every notice is a `ServiceAttempt` row, and none is dropped
between the database and the mail server, the SMS gateway or WeChat.

    enqueue(attempt_ids)             queue the jobs (after the commit that created the rows)
    deliver_attempt(*, attempt_id)   the job: claim, send, record; returns the retry delay
    sweep(*, now=None)               the periodic job: queue again what made no progress

A send is three steps, and no transaction is open while the network is used:

1. claim — one conditional UPDATE turns a queued (or retrying) attempt into `sending`,
   counts the try and sets a lease (`DELIVERY_LEASE`, longer than any send can take). A
   second job for the same attempt finds nothing to claim; an attempt already sent is never
   sent again.
2. send — outside any transaction: a mail server that answers in seconds holds no lock.
3. record — the outcome is written in a short transaction, and only while the claim is
   still ours (status `sending` with our claim's time).

A consumer killed between 1 and 3 leaves the attempt `sending`. When its lease is over, the
sweep (every minute) puts it back in the queue; so does it for a queued or retrying attempt
whose job never ran a lease after it was due (the job was lost with the consumer). The one
case in which a recipient may get a notice twice is a send that completed but whose outcome
was never recorded; an e-mail then carries the same Message-ID both times and an SMS the
same OutId, so the duplicate is recognisable. Every other notice goes out exactly once.
"""

import logging
import time as clock
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases.services import add_timeline
from medarb.core.i18n import official_language
from medarb.core.jobs import database_busy
from medarb.delivery import channels, notices
from medarb.delivery.models import (
    AttemptStatus,
    InboxMessage,
    Service,
    ServiceAttempt,
    ServiceChannel,
    ServiceStatus,
)

log = logging.getLogger(__name__)

MAX_TRIES = 6
RECORD_TRIES = 3  # a busy database while recording an outcome: wait and write again


def backoff(tries: int) -> timedelta:
    """1, 2, 4, 8, 16 … minutes after each failure, at most an hour."""
    return timedelta(minutes=min(2 ** (tries - 1), 60))


def enqueue(attempt_ids: list[int]) -> None:
    from medarb.delivery.tasks import send_service_attempt

    for attempt_id in attempt_ids:
        send_service_attempt(attempt_id)


# --- the job ----------------------------------------------------------------------------------


def deliver_attempt(*, attempt_id: int) -> timedelta | None:
    """Send one notice. Returns the delay before the next try when it failed and will be
    retried, None otherwise. After the last try the service goes to postal service if no
    other channel got through."""
    attempt = _claim(attempt_id)
    if attempt is None:
        return None
    if attempt.channel == ServiceChannel.PORTAL:
        # No network: the inbox message is written with the outcome, so exactly once.
        _record_sent(attempt, inbox=True)
        return None
    try:
        message_id = notices.send(attempt)
    except channels.ChannelError as exc:
        return _record_failure(attempt, str(exc))
    _record_sent(attempt, message_id=message_id)
    return None


def _claimable(now: datetime) -> Q:
    return Q(status__in=[AttemptStatus.QUEUED, AttemptStatus.RETRYING]) | Q(
        status=AttemptStatus.SENDING, lease_until__lte=now
    )


def _claim(attempt_id: int) -> ServiceAttempt | None:
    now = timezone.now()
    with transaction.atomic():
        # Served meanwhile (the recipient opened another channel's notice): nothing to send.
        ServiceAttempt.objects.filter(
            _claimable(now), pk=attempt_id, service__status=ServiceStatus.SERVED
        ).update(status=AttemptStatus.CANCELLED, lease_until=None, next_try_at=None)
        claimed = ServiceAttempt.objects.filter(_claimable(now), pk=attempt_id).update(
            status=AttemptStatus.SENDING,
            tries=F("tries") + 1,
            claimed_at=now,
            lease_until=now + settings.DELIVERY_LEASE,
            next_try_at=None,
        )
    if not claimed:
        return None
    return ServiceAttempt.objects.select_related(
        "service__document__issuer", "service__party", "service__address"
    ).get(pk=attempt_id)


def _ours(attempt: ServiceAttempt):
    """The attempt, if the claim is still ours (our lease did not run out and pass to another)."""
    return ServiceAttempt.objects.filter(
        pk=attempt.pk, status=AttemptStatus.SENDING, claimed_at=attempt.claimed_at
    )


def _write(step) -> bool:
    """Run a short write transaction; a busy database is waited out a few times, because
    failing here after a completed send would send the notice again."""
    for n in range(1, RECORD_TRIES + 1):
        try:
            with transaction.atomic():
                return step()
        except OperationalError as exc:
            if not database_busy(exc) or n == RECORD_TRIES:
                raise
            clock.sleep(n)
    return False  # not reached


def _lost_claim(attempt: ServiceAttempt) -> None:
    log.warning(
        "Service attempt %s: sent, but its lease ran out and it was claimed again; "
        "the recipient may get it twice (Message-ID/OutId identical)",
        attempt.pk,
    )


def _record_sent(attempt: ServiceAttempt, *, message_id: str = "", inbox: bool = False) -> None:
    service = attempt.service

    def step() -> bool:
        now = timezone.now()
        if not _ours(attempt).update(
            status=AttemptStatus.SENT,
            sent_at=now,
            message_id=message_id[:100],
            last_error="",
            lease_until=None,
        ):
            return False
        if inbox:
            message = InboxMessage.objects.create(
                user_id=service.party.user_id, service=service, title=notices.inbox_title(service)
            )
            ServiceAttempt.objects.filter(pk=attempt.pk).update(message_id=str(message.pk))
        Service.objects.filter(pk=service.pk, status=ServiceStatus.PENDING).update(
            status=ServiceStatus.SENT, first_sent_at=now
        )
        return True

    if not _write(step):
        _lost_claim(attempt)


def _record_failure(attempt: ServiceAttempt, error: str) -> timedelta | None:
    final = attempt.tries >= MAX_TRIES
    attempt.last_error = error[:300]

    def step() -> bool:
        now = timezone.now()
        if not _ours(attempt).update(
            status=AttemptStatus.FAILED if final else AttemptStatus.RETRYING,
            last_error=attempt.last_error,
            next_try_at=None if final else now + backoff(attempt.tries),
            lease_until=None,
        ):
            return False
        if final:
            _after_final_failure(attempt)
        return True

    if not _write(step):
        return None  # another claim owns the attempt now
    return None if final else backoff(attempt.tries)


@official_language()
def _after_final_failure(attempt: ServiceAttempt) -> None:
    from medarb.delivery.services import escalate_to_postal

    service = Service.objects.select_related("case", "party", "document").get(pk=attempt.service_id)
    add_timeline(
        case=service.case,
        actor=None,
        kind="service_channel_failed",
        title=_("%(channel)s送达通知发送失败（%(name)s）")
        % {"channel": attempt.get_channel_display(), "name": service.party.name},
        detail=attempt.last_error,
        internal=True,
        service_id=service.pk,
    )
    others = service.attempts.exclude(pk=attempt.pk)
    if (
        service.status in {ServiceStatus.PENDING, ServiceStatus.SENT}
        and not others.exclude(status__in=[AttemptStatus.FAILED, AttemptStatus.CANCELLED]).exists()
    ):
        escalate_to_postal(service=service, reason=_("电子送达通知均发送失败"))


# --- the sweep --------------------------------------------------------------------------------


def sweep(*, now: datetime | None = None) -> list[int]:
    """Queue again the attempts that made no progress: sending past their lease (the
    consumer died mid-send), queued or due for a retry a lease ago with no job having
    claimed them (the job was lost). Returns their ids; the jobs are queued after commit."""
    now = now or timezone.now()
    stale = now - settings.DELIVERY_LEASE
    # Read first, without a transaction: on SQLite a write transaction locks the database,
    # and most sweeps find nothing.
    interrupted = list(
        ServiceAttempt.objects.filter(status=AttemptStatus.SENDING, lease_until__lte=now).values_list(
            "pk", flat=True
        )
    )
    overdue = list(
        ServiceAttempt.objects.filter(
            Q(status=AttemptStatus.QUEUED, queued_at__isnull=True)
            | Q(status=AttemptStatus.QUEUED, queued_at__lte=stale)
            | Q(status=AttemptStatus.RETRYING, next_try_at__isnull=True)
            | Q(status=AttemptStatus.RETRYING, next_try_at__lte=stale)
        ).values_list("pk", flat=True)
    )
    if not (interrupted or overdue):
        return []
    with transaction.atomic(), official_language():
        # The conditions again in the UPDATE: a job may have claimed one since the SELECT.
        ServiceAttempt.objects.filter(
            pk__in=interrupted, status=AttemptStatus.SENDING, lease_until__lte=now
        ).update(
            status=AttemptStatus.QUEUED,
            queued_at=now,
            lease_until=None,
            last_error=_("发送中断（租约到期），已重新排队"),
        )
        ServiceAttempt.objects.filter(
            pk__in=overdue, status__in=[AttemptStatus.QUEUED, AttemptStatus.RETRYING]
        ).update(status=AttemptStatus.QUEUED, queued_at=now, next_try_at=None)
        ids = interrupted + overdue
        log.warning(
            "Outbox sweep: %d interrupted and %d lost notices queued again", len(interrupted), len(overdue)
        )
        # A job for one claimed meanwhile finds nothing to claim: harmless.
        transaction.on_commit(lambda: enqueue(ids))
    return ids
