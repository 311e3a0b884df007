"""Submitting an online application: the cheap checks in the request, the ID card reading
as a job, and the page that follows the job.

The ID number and the SMS code are checked while the person waits (milliseconds); reading
the card photo costs about a second of CPU, more under load, so it runs on the job queue and
the person sees a page that follows it. The job files the application when the card matches.
A reading that breaks off, or a queue that never picks the job up, ends in a failure the
person can retry with the same photo; the page never spins without end.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.core.crypto import decrypt_bytes, encrypt_bytes
from medarb.core.errors import DomainError
from medarb.core.files import IMAGE_TYPES, check_upload, read_bytes, store_bytes
from medarb.core.images import ImageRefused, check_header, read_header
from medarb.identity import liveness
from medarb.identity.face_checks import check_online_face, send_to_review
from medarb.identity.faces import FACE_PHOTO
from medarb.identity.models import CheckMethod, IdentityCheck
from medarb.identity.requirements import required_methods
from medarb.identity.services import (
    PHOTO_MAX_BYTES,
    admit_id_card_photo,
    allow_reading,
    check_id_number,
    check_phone,
    read_id_card_photo,
    recent_phone_check,
    record_unread_photo,
)
from medarb.portal import application
from medarb.portal.models import ApplicationDraft, ApplicationSubmission, SubmissionState

log = logging.getLogger(__name__)

# A job not picked up in this time means the queue is not running (or far behind): say so.
QUEUE_PATIENCE = timedelta(seconds=30)
# A reading takes about a second; one started this long ago lost its worker.
RUN_PATIENCE = timedelta(minutes=2)
UNFINISHED = (SubmissionState.QUEUED, SubmissionState.RUNNING)


def pending_submission(draft: ApplicationDraft) -> ApplicationSubmission | None:
    return draft.submissions.filter(state__in=UNFINISHED).first()


def start_submission(
    *,
    draft: ApplicationDraft,
    user,
    kind: str,
    photo,
    sms_code: str,
    selfie=None,
    frames: list[bytes] | None = None,
) -> ApplicationSubmission:
    """Check what is cheap now, keep the photos (the card, the selfie and its liveness burst)
    encrypted and queue their reading. A draft with a reading under way gets that one back,
    not a second."""
    if draft.submitted_case_id:
        raise DomainError(_("该申请已经提交。"))
    already = pending_submission(draft)
    if already is not None:
        return already
    missing = application.missing_steps(draft)
    if missing:
        raise DomainError(_("请先完成：%(steps)s。") % {"steps": "、".join(str(s.title) for s in missing)})
    applicant = draft.data["applicant"]
    unit = application.competent_units(street_id=draft.data["facts"].get("street"), kind=kind)
    if photo is None:
        raise DomainError(_("请上传身份证人像面照片。"), field="photo")
    if selfie is None and CheckMethod.FACE in required_methods(unit):
        raise DomainError(_("受理单位要求人脸比对：请上传本人正面照片（自拍）。"), field="live")
    # The cheap checks first: no photo is kept or read for someone who does not hold the phone.
    checks = [check_id_number(user=user, id_number=applicant["id_number"])]
    phone_check = recent_phone_check(user=user, phone=applicant["phone"])
    checks.append(phone_check or check_phone(user=user, phone=applicant["phone"], code=sms_code))
    application.raise_if_failed(checks)
    data = admit_id_card_photo(user=user, upload=photo, pending=_pending_count(user))
    live = admit_selfie(selfie) if selfie is not None else None
    with transaction.atomic():
        stored = _keep_encrypted(data, "id-card.enc", user)
        submission = ApplicationSubmission.objects.create(
            draft=draft,
            user=user,
            kind=kind,
            photo=stored,
            selfie=_keep_encrypted(live, "selfie.enc", user) if live is not None else None,
            frames=_keep_encrypted(liveness.pack(frames), "frames.enc", user) if live and frames else None,
            check_ids=[c.pk for c in checks],
            queued_at=timezone.now(),
        )
        transaction.on_commit(lambda: _enqueue(submission.pk))
    return submission


def retry_submission(*, submission: ApplicationSubmission, user) -> ApplicationSubmission:
    """Read the kept photo again, after the reader broke off or the queue did not run it."""
    progress = follow(submission)
    if not progress.may_retry or submission.photo_id is None:
        raise DomainError(_("这次提交不能重试，请重新上传身份证照片。"))
    if submission.draft.submitted_case_id:
        raise DomainError(_("该申请已经提交。"))
    allow_reading(user=user, pending=_pending_count(user) - (submission.state in UNFINISHED))
    with transaction.atomic():
        ApplicationSubmission.objects.filter(pk=submission.pk).update(
            state=SubmissionState.QUEUED,
            reason="",
            retryable=False,
            queued_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
        transaction.on_commit(lambda: _enqueue(submission.pk))
    submission.refresh_from_db()
    return submission


def _pending_count(user) -> int:
    return ApplicationSubmission.objects.filter(user=user, state__in=UNFINISHED).count()


def _enqueue(submission_id: int) -> None:
    from medarb.portal.tasks import read_application_photo

    try:
        read_application_photo(submission_id)
    except Exception:  # a queue that cannot take the job: the page says so after QUEUE_PATIENCE
        log.exception("reading of submission %s not queued", submission_id)


def run_submission(*, submission_id: int) -> None:
    """The job: read the card, and file the application when it matches what was typed."""
    claimed = ApplicationSubmission.objects.filter(pk=submission_id, state=SubmissionState.QUEUED).update(
        state=SubmissionState.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # gone, already read, or taken by another copy of the job
        return
    submission = ApplicationSubmission.objects.select_related(
        "draft", "photo", "selfie", "frames", "user"
    ).get(pk=submission_id)
    draft, user = submission.draft, submission.user
    applicant = draft.data["applicant"]
    try:
        data = decrypt_bytes(read_bytes(submission.photo))
        check = read_id_card_photo(
            user=user, data=data, name=applicant["name"], id_number=applicant["id_number"]
        )
    except DomainError as exc:  # not a readable image: a new photo is needed
        _finish(submission, state=SubmissionState.FAILED, reason=exc.message)
        return
    except Exception:
        log.exception("reading the ID card photo of submission %s broke off", submission_id)
        reason = _("识别程序出错，您的照片已保存，请重试；多次失败请换一张照片。")
        record_unread_photo(user=user, reason=reason)
        _finish(submission, state=SubmissionState.FAILED, reason=reason, retryable=True)
        return
    if not check.passed:
        _finish(submission, state=SubmissionState.FAILED, reason=application.failure_reason([check]))
        return
    # The selfie against the card's photo: a failure does not stop the filing, it goes to the
    # filing officers' review (the person is not here to take another photo).
    live = decrypt_bytes(read_bytes(submission.selfie)) if submission.selfie_id else None
    frames = liveness.unpack(decrypt_bytes(read_bytes(submission.frames))) if submission.frames_id else None
    face = None
    if live is not None:
        face = check_online_face(
            user=user, live=live, card=data, id_number=applicant["id_number"], frames=frames
        )
    try:
        with transaction.atomic():
            checks = IdentityCheck.objects.filter(
                pk__in=[*submission.check_ids, check.pk, *([face.pk] if face else [])]
            )
            case = application.file_application(draft=draft, user=user, kind=submission.kind, checks=checks)
            if face is not None and not face.passed:
                send_to_review(check=face, unit=case.unit, live=live, card=data, actor=user)
            _finish(submission, state=SubmissionState.DONE, case=case)
    except DomainError as exc:
        _finish(submission, state=SubmissionState.FAILED, reason=exc.message)


def _finish(submission: ApplicationSubmission, *, state: str, reason: str = "", retryable=False, case=None):
    """Write the outcome, unless a retry has already put the submission back in the queue."""
    updated = ApplicationSubmission.objects.filter(pk=submission.pk, state=SubmissionState.RUNNING).update(
        state=state, reason=reason, retryable=retryable, finished_at=timezone.now(), case=case
    )
    if updated and not retryable:
        _discard_photo(submission)


def _discard_photo(submission: ApplicationSubmission) -> None:
    """The photos served their one purpose: only the masked outcome stays on record (and, for a
    face check that failed, the review's own encrypted copies)."""
    for field in ("photo", "selfie", "frames"):
        stored = getattr(submission, field)
        if stored is None:
            continue
        ApplicationSubmission.objects.filter(pk=submission.pk).update(**{field: None})
        name = stored.storage_name
        stored.delete()
        transaction.on_commit(lambda name=name: default_storage.delete(name))


def admit_selfie(upload) -> bytes:
    """The selfie's bytes: an image of an allowed type and size, checked from its header."""
    try:
        data, _sniffed = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
        check_header(read_header(data), FACE_PHOTO)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="live") from exc
    except ImageRefused as exc:
        raise DomainError(exc.message, field="live") from exc
    return data


def _keep_encrypted(data: bytes, name: str, user):
    return store_bytes(
        data=encrypt_bytes(data), name=name, content_type="application/octet-stream", actor=user
    )


@dataclass(frozen=True)
class Progress:
    """What the follow page shows: waiting, reading, done, failed or stalled."""

    phase: str
    reason: str = ""
    may_retry: bool = False
    new_photo: bool = False
    seconds: int = 0

    @property
    def running(self) -> bool:
        return self.phase in {"waiting", "reading"}


def follow(submission: ApplicationSubmission, *, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    seconds = int((now - submission.queued_at).total_seconds())
    if submission.state == SubmissionState.DONE:
        return Progress("done", seconds=seconds)
    if submission.state == SubmissionState.FAILED:
        retry = submission.retryable and submission.photo_id is not None
        return Progress("failed", submission.reason, may_retry=retry, new_photo=True, seconds=seconds)
    if submission.state == SubmissionState.RUNNING:
        if now - submission.started_at > RUN_PATIENCE:
            return Progress(
                "failed",
                _("识别中断了，您的照片已保存，请重试。"),
                may_retry=True,
                new_photo=True,
                seconds=seconds,
            )
        return Progress("reading", seconds=seconds)
    if now - submission.queued_at > QUEUE_PATIENCE:
        return Progress(
            "stalled",
            _("识别服务暂时没有响应，您的照片和填写的内容都已保存。请稍后点击“重试”，或继续等待。"),
            may_retry=True,
            seconds=seconds,
        )
    return Progress("waiting", seconds=seconds)
