"""The outbox: a notice is claimed, sent outside any transaction, recorded; the sweep sends
again what a killed consumer or a lost job left behind; a busy database retries the job."""

import email
from email import policy as email_policy

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from medarb.delivery import outbox, services
from medarb.delivery.models import AttemptStatus, ServiceStatus
from medarb.documents import services as documents
from medarb.documents.testing import numbered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(cast):
    case = numbered_case(cast)
    return documents.issue_document(
        case=case,
        template_code="hearing_notice",
        actor=cast.clerk,
        context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
    )


@pytest.fixture
def attempt(notice, cast):
    """A queued e-mail notice whose job has not run (the queue is not called)."""
    worker = notice.case.parties.get(name="张三")
    services.confirm_service_address(
        party=worker, actor=cast.clerk, consent_electronic=True, email="zhangsan@example.com"
    )
    (service,) = services.serve_document(document=notice, actor=cast.clerk, parties=[worker])
    return service.attempts.get()


def message_ids(sink) -> list[str]:
    return [email.message_from_bytes(raw, policy=email_policy.default)["Message-ID"] for raw in sink.messages]


class TestClaiming:
    def test_a_second_job_for_a_sent_notice_sends_nothing(self, attempt, smtp_server):
        outbox.deliver_attempt(attempt_id=attempt.pk)
        outbox.deliver_attempt(attempt_id=attempt.pk)
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SENT and attempt.tries == 1
        assert len(smtp_server.messages) == 1
        assert attempt.service.__class__.objects.get(pk=attempt.service_id).status == ServiceStatus.SENT

    def test_a_notice_being_sent_under_a_live_lease_is_not_claimed_again(self, attempt, smtp_server):
        claimed = outbox._claim(attempt.pk)
        assert claimed.status == AttemptStatus.SENDING and claimed.lease_until > timezone.now()
        assert outbox.deliver_attempt(attempt_id=attempt.pk) is None
        assert smtp_server.messages == []

    def test_the_mail_carries_a_message_id_of_its_attempt(self, attempt, smtp_server):
        outbox.deliver_attempt(attempt_id=attempt.pk)
        attempt.refresh_from_db()
        assert message_ids(smtp_server) == [attempt.message_id]
        assert attempt.message_id.startswith(f"<{attempt.pk}.") and attempt.message_id.endswith(
            "@testserver>"
        )

    def test_an_outcome_is_not_recorded_over_a_later_claim(self, attempt, smtp_server, settings):
        first = outbox._claim(attempt.pk)
        # the first job's lease runs out; the sweep re-queues; a second job sends it
        later = timezone.now() + settings.DELIVERY_LEASE
        assert outbox.sweep(now=later) == [attempt.pk]
        outbox.deliver_attempt(attempt_id=attempt.pk)
        outbox._record_failure(first, "SMTP: late answer of the first job")
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SENT and attempt.last_error == ""


class TestTheSweep:
    def test_it_sends_again_a_notice_whose_consumer_died_mid_send(
        self, attempt, smtp_server, settings, django_capture_on_commit_callbacks
    ):
        outbox._claim(attempt.pk)  # … and the consumer is killed here
        assert outbox.sweep() == []  # the lease still runs
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox.sweep(now=timezone.now() + settings.DELIVERY_LEASE) == [attempt.pk]
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SENT and attempt.tries == 2
        assert len(smtp_server.messages) == 1

    def test_it_sends_a_queued_notice_whose_job_was_lost(
        self, attempt, smtp_server, settings, django_capture_on_commit_callbacks
    ):
        assert outbox.sweep() == []  # just queued: its job may still come
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox.sweep(now=timezone.now() + settings.DELIVERY_LEASE) == [attempt.pk]
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SENT
        assert message_ids(smtp_server) == [attempt.message_id]

    def test_a_resent_mail_has_the_same_message_id_so_a_duplicate_is_recognisable(
        self, attempt, smtp_server, settings
    ):
        claimed = outbox._claim(attempt.pk)
        from medarb.delivery import notices

        notices.send(claimed)  # the send completes, then the consumer dies before recording
        outbox.sweep(now=timezone.now() + settings.DELIVERY_LEASE)
        outbox.deliver_attempt(attempt_id=attempt.pk)
        first, second = message_ids(smtp_server)
        assert first == second

    def test_a_notice_of_a_served_document_is_not_sent(self, attempt, smtp_server):
        attempt.service.__class__.objects.filter(pk=attempt.service_id).update(status=ServiceStatus.SERVED)
        outbox.deliver_attempt(attempt_id=attempt.pk)
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.CANCELLED and smtp_server.messages == []


class RecordingBackend:
    """An e-mail backend that notes whether a database transaction was open at send time."""

    seen: list[bool] = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).seen.append(connection.in_atomic_block)
        return len(messages)


@pytest.mark.django_db(transaction=True)
class TestNoTransactionDuringTheSend:
    def test_the_mail_is_sent_with_no_transaction_open(self, cast, settings):
        settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
        RecordingBackend.seen = []
        case = numbered_case(cast)
        notice = documents.issue_document(
            case=case,
            template_code="hearing_notice",
            actor=cast.clerk,
            context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
        )
        worker = case.parties.get(name="张三")
        services.confirm_service_address(
            party=worker, actor=cast.clerk, consent_electronic=True, email="zhangsan@example.com"
        )
        services.serve_document(document=notice, actor=cast.clerk, parties=[worker])  # job runs on commit
        assert RecordingBackend.seen == [False]


class TestBusyDatabase:
    @pytest.fixture
    def huey(self):
        from huey import MemoryHuey

        from medarb.core import jobs

        huey = MemoryHuey("busy-test", immediate=False)
        jobs.connect(huey)
        return huey

    @staticmethod
    def run_when_due(huey, task):
        """What the consumer's scheduler does at the task's ETA: take it out and run it."""
        (due,) = huey.read_schedule(task.eta)
        huey.execute(due, timestamp=task.eta)

    def test_a_job_that_meets_a_locked_database_is_retried_not_lost(self, huey):
        runs = []

        @huey.task()
        def flaky():
            runs.append(1)
            if len(runs) == 1:
                raise OperationalError("database is locked")
            return "done"

        flaky()
        huey.execute(huey.dequeue())
        assert len(runs) == 1
        (retry,) = huey.scheduled()
        assert retry.retry_delay == 2  # seconds, doubling up to a minute
        self.run_when_due(huey, retry)
        assert len(runs) == 2 and huey.scheduled() == []

    def test_a_locked_database_does_not_use_up_the_jobs_own_retries(self, huey):
        @huey.task(retries=1)
        def always_locked():
            raise OperationalError("database is locked")

        always_locked()
        huey.execute(huey.dequeue())
        (retry,) = huey.scheduled()
        assert retry.retries == 1 and retry.retry_delay == 2
        self.run_when_due(huey, retry)
        (retry,) = huey.scheduled()
        assert retry.retries == 1 and retry.retry_delay == 4

    def test_any_other_error_is_not_retried(self, huey):
        @huey.task()
        def broken():
            raise OperationalError("no such table: x")

        broken()
        huey.execute(huey.dequeue())
        assert huey.scheduled() == [] and len(huey) == 0
