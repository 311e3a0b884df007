"""The online application's submit: the ID card is read by a job, and the applicant's page
follows it to the result, a failure with its reason, or a retry; nobody else sees it."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medarb.cases.models import Case
from medarb.core.models import StoredFile
from medarb.identity.models import CheckMethod, IdentityCheck
from medarb.identity.services import MAX_OCR_PER_HOUR
from medarb.identity.testing import id_card_png
from medarb.portal.models import ApplicationDraft, ApplicationSubmission, SubmissionState
from medarb.portal.submission import QUEUE_PATIENCE, RUN_PATIENCE, run_submission
from medarb.portal.tests.test_online_application import fill_steps, sms_code

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(scope="module")
def card() -> bytes:
    return id_card_png()


def queue(client, photo: bytes, code: str | None = None):
    """Submit; the job is queued (in these tests the commit hook that would run it never fires)."""
    return client.post(
        "/portal/apply/submit/",
        {
            "kind": "arbitration",
            "photo": SimpleUploadedFile("id.png", photo),
            "sms_code": code or sms_code(client),
        },
    )


@pytest.fixture
def queued(client, cast, card):
    client.force_login(cast.worker)
    fill_steps(client, cast.street_a)
    response = queue(client, card)
    assert response.status_code == 302
    return ApplicationSubmission.objects.get()


@pytest.mark.django_db
class TestTheSubmitAnswersAtOnce:
    def test_the_submit_leads_to_a_page_that_follows_the_reading(self, client, queued):
        page = client.get(f"/portal/apply/check/{queued.pk}/").content.decode()
        assert "正在识别身份证…" in page
        assert 'role="status"' in page and 'aria-live="polite"' in page
        assert f'hx-get="/portal/apply/check/{queued.pk}/?seen=waiting"' in page
        # without JavaScript the page reloads itself and offers a link
        assert '<noscript><meta http-equiv="refresh"' in page and ">刷新</a>" in page
        assert Case.objects.count() == 0

    def test_the_photo_is_kept_encrypted_while_it_waits(self, queued, card):
        stored = queued.photo
        with default_storage.open(stored.storage_name, "rb") as handle:
            kept = handle.read()
        assert kept and card not in kept and not kept.startswith(b"\x89PNG")

    def test_a_poll_before_anything_changed_gets_nothing_to_swap(self, client, queued):
        response = client.get(f"/portal/apply/check/{queued.pk}/?seen=waiting", **HTMX)
        assert response.status_code == 204

    def test_a_second_submit_follows_the_reading_under_way_rather_than_queue_another(
        self, client, queued, card
    ):
        response = queue(client, card, code="000000")
        assert response["Location"] == f"/portal/apply/check/{queued.pk}/"
        assert ApplicationSubmission.objects.count() == 1


@pytest.mark.django_db
class TestThePageFollowsTheJob:
    def test_when_the_card_matches_the_application_is_filed_and_the_page_moves_on(self, client, cast, queued):
        run_submission(submission_id=queued.pk)

        case = Case.objects.get()
        response = client.get(f"/portal/apply/check/{queued.pk}/?seen=waiting", **HTMX)
        assert response["HX-Redirect"] == f"/portal/apply/done/{case.pk}/"
        assert client.get(f"/portal/apply/check/{queued.pk}/")["Location"] == f"/portal/apply/done/{case.pk}/"
        applicant = case.parties.get(user=cast.worker)
        assert set(IdentityCheck.objects.filter(party=applicant).values_list("method", flat=True)) == {
            "id_number",
            "id_card_ocr",
            "sms_code",
        }

    def test_the_photo_is_discarded_once_read(self, queued):
        stored = queued.photo
        run_submission(submission_id=queued.pk)
        queued.refresh_from_db()
        assert queued.photo is None and not StoredFile.objects.filter(pk=stored.pk).exists()

    def test_a_card_of_someone_else_ends_with_the_reason_and_a_new_photo(self, client, cast):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        queue(client, id_card_png(name="李四"))
        submission = ApplicationSubmission.objects.get()

        run_submission(submission_id=submission.pk)

        poll = client.get(f"/portal/apply/check/{submission.pk}/?seen=waiting", **HTMX).content.decode()
        assert "姓名" in poll and "不一致" in poll and "hx-get" not in poll  # the polling stops
        assert 'href="/portal/apply/submit/"' in poll
        assert "用同一张照片重试" not in poll
        assert Case.objects.count() == 0


@pytest.mark.django_db
class TestABrokenReadingCanBeRetried:
    def test_a_poisoned_image_ends_in_a_failure_not_a_spinning_page(self, client, cast, card):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        poisoned = card[: len(card) // 3]  # a true PNG header over a body that breaks off
        queue(client, poisoned)
        submission = ApplicationSubmission.objects.get()

        run_submission(submission_id=submission.pk)

        page = client.get(f"/portal/apply/check/{submission.pk}/").content.decode()
        assert 'data-testid="apply-failed"' in page and "无法识别" in page
        assert "正在识别身份证…" not in page and "refresh" not in page

    def test_a_reader_that_crashes_ends_in_a_failure_the_person_can_retry(
        self, client, queued, monkeypatch, django_capture_on_commit_callbacks
    ):
        from medarb.identity import services as identity_services

        def crash(data):
            raise RuntimeError("onnxruntime: bad allocation")

        with monkeypatch.context() as patch:
            patch.setattr(identity_services, "read_id_card", crash)
            run_submission(submission_id=queued.pk)

        page = client.get(f"/portal/apply/check/{queued.pk}/").content.decode()
        assert "识别程序出错" in page and 'data-testid="apply-retry"' in page
        assert IdentityCheck.objects.get(method=CheckMethod.ID_CARD_OCR).detail["error"] is True

        with django_capture_on_commit_callbacks(execute=True):  # the retried job runs (immediate)
            response = client.post(f"/portal/apply/check/{queued.pk}/retry/")
        assert client.get(response["Location"])["Location"].startswith("/portal/apply/done/")
        assert Case.objects.count() == 1

    def test_a_finished_check_of_the_photo_cannot_be_retried(self, client, cast):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        queue(client, id_card_png(name="李四"))
        submission = ApplicationSubmission.objects.get()
        run_submission(submission_id=submission.pk)

        page = client.post(f"/portal/apply/check/{submission.pk}/retry/", follow=True).content.decode()
        assert "不能重试" in page
        assert ApplicationSubmission.objects.get().state == SubmissionState.FAILED


@pytest.mark.django_db
class TestAQueueThatDoesNotRun:
    def test_after_a_while_the_page_says_so_and_offers_a_retry(
        self, client, queued, django_capture_on_commit_callbacks
    ):
        with time_machine.travel(timezone.now() + QUEUE_PATIENCE + timedelta(seconds=5)):
            poll = client.get(f"/portal/apply/check/{queued.pk}/?seen=waiting", **HTMX).content.decode()
            assert "没有响应" in poll and "重试" in poll
            assert "every 5s" in poll  # it keeps looking, less often
            with django_capture_on_commit_callbacks(execute=True):
                client.post(f"/portal/apply/check/{queued.pk}/retry/")
        assert ApplicationSubmission.objects.get().state == SubmissionState.DONE

    def test_a_reading_whose_worker_died_ends_in_a_failure_to_retry(self, client, queued):
        ApplicationSubmission.objects.filter(pk=queued.pk).update(
            state=SubmissionState.RUNNING, started_at=timezone.now()
        )
        with time_machine.travel(timezone.now() + RUN_PATIENCE + timedelta(seconds=5)):
            page = client.get(f"/portal/apply/check/{queued.pk}/").content.decode()
        assert "中断" in page and 'data-testid="apply-retry"' in page


@pytest.mark.django_db
class TestOnlyTheApplicantFollowsTheirCheck:
    @pytest.mark.parametrize("who", ["employer", "outsider", "filing_officer"])
    def test_anyone_else_gets_not_found(self, client, cast, queued, who):
        client.force_login(getattr(cast, who))
        assert client.get(f"/portal/apply/check/{queued.pk}/").status_code == 404
        assert client.get(f"/portal/apply/check/{queued.pk}/", **HTMX).status_code == 404
        assert client.post(f"/portal/apply/check/{queued.pk}/retry/").status_code == 404

    def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(self, client, queued):
        client.logout()
        response = client.get(f"/portal/apply/check/{queued.pk}/")
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
class TestTheHourlyLimitCountsQueuedReadings:
    def test_readings_still_queued_count_towards_the_limit(self, client, cast, card):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        for _ in range(MAX_OCR_PER_HOUR - 1):
            IdentityCheck.objects.create(user=cast.worker, method=CheckMethod.ID_CARD_OCR, passed=False)
        other = ApplicationDraft.objects.create(user=cast.worker)  # an older draft, its reading queued
        ApplicationDraft.objects.filter(pk=other.pk).update(updated_at=timezone.now() - timedelta(days=1))
        ApplicationSubmission.objects.create(
            draft=other, user=cast.worker, kind="arbitration", queued_at=timezone.now()
        )
        response = queue(client, card)
        assert response.status_code == 200 and "次数过多" in response.content.decode()
        assert ApplicationSubmission.objects.count() == 1  # only the one already queued
