"""The online application's selfie (人证比对 on a phone): compared by the reading job with the
face on the ID card photo sent; a match is recorded on the applicant; a mismatch or a selfie
without a face files the case all the same and waits on the filing officers' 人脸复核; the
photos do not stay with the submission. With the phone's liveness burst (活体检测), the head
must turn: a photo held up to the phone is recorded as failed and reviewed."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.cases.models import Case
from medarb.identity.models import FaceReference, FaceReview, IdentityCheck
from medarb.identity.testing import encode, frame, id_card_png, photo
from medarb.portal.models import ApplicationSubmission
from medarb.portal.tests.test_online_application import MONDAY, fill_steps, sms_code

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def card() -> bytes:
    return id_card_png(face=photo("obama2.jpg"))


def apply_with(client, cast, card: bytes, selfie: bytes | None, capture, frames: list[bytes] = ()):
    client.force_login(cast.worker)
    with time_machine.travel(MONDAY, tick=False):
        fill_steps(client, cast.street_a)
        data = {
            "kind": "arbitration",
            "photo": SimpleUploadedFile("id.png", card),
            "sms_code": sms_code(client),
        }
        if selfie is not None:
            data["live"] = SimpleUploadedFile("me.jpg", selfie)
        if frames:
            data["frames"] = [SimpleUploadedFile(f"frame-{n}.jpg", f) for n, f in enumerate(frames)]
        with capture(execute=True):
            return client.post("/portal/apply/submit/", data)


def face_check(case: Case) -> IdentityCheck:
    return IdentityCheck.objects.get(party__case=case, method="face")


def test_a_selfie_of_the_card_holder_passes_and_is_kept_as_an_encoding(
    client, cast, card, django_capture_on_commit_callbacks
):
    answer = apply_with(client, cast, card, photo("obama.jpg"), django_capture_on_commit_callbacks)
    assert answer.status_code == 302
    check = face_check(Case.objects.get())
    assert check.passed and check.user == cast.worker and check.checked_by is None
    assert set(check.detail["distances"]) == {"card"}
    assert FaceReference.objects.get().identity_check == check
    submission = ApplicationSubmission.objects.get()
    assert submission.photo is None and submission.selfie is None  # not kept after the job


def test_someone_else_files_the_case_but_waits_for_the_filing_officers_review(
    client, cast, card, django_capture_on_commit_callbacks
):
    apply_with(client, cast, card, photo("biden.jpg"), django_capture_on_commit_callbacks)
    case = Case.objects.get()
    check = face_check(case)
    assert not check.passed
    review = FaceReview.objects.get(identity_check=check)
    assert review.unit == case.unit and review.card_photo is not None


def test_a_selfie_without_a_face_is_recorded_with_the_reason_and_reviewed(
    client, cast, card, django_capture_on_commit_callbacks
):
    from PIL import Image

    wall = encode(Image.linear_gradient("L").resize((640, 480)).convert("RGB"))
    apply_with(client, cast, card, wall, django_capture_on_commit_callbacks)
    check = face_check(Case.objects.get())
    assert not check.passed and "没有找到人脸" in check.detail["reason"]
    assert FaceReview.objects.filter(identity_check=check).exists()


def test_without_a_selfie_there_is_no_face_check(client, cast, card, django_capture_on_commit_callbacks):
    apply_with(client, cast, card, None, django_capture_on_commit_callbacks)
    assert Case.objects.exists() and not IdentityCheck.objects.filter(method="face").exists()


def test_a_selfie_that_is_not_an_image_is_refused_on_the_form(
    client, cast, card, django_capture_on_commit_callbacks
):
    answer = apply_with(client, cast, card, b"%PDF-1.7 not a photo", django_capture_on_commit_callbacks)
    assert answer.status_code == 200 and not Case.objects.exists()
    assert "is-invalid" in answer.content.decode()


def test_a_commission_that_requires_the_face_check_requires_the_selfie(
    client, cast, card, django_capture_on_commit_callbacks
):
    from medarb.identity import requirements

    requirements.save_requirement(actor=cast.chair, unit=cast.district, face=True, fingerprint=False)
    answer = apply_with(client, cast, card, None, django_capture_on_commit_callbacks)
    assert answer.status_code == 200 and "要求人脸比对" in answer.content.decode()
    assert not Case.objects.exists()


def test_a_selfie_with_a_turning_head_passes_liveness_and_the_burst_is_not_kept(
    client, cast, card, django_capture_on_commit_callbacks
):
    burst = [frame("obama.jpg", s) for s in (0, 4, 8)] + [frame("obama2.jpg", s) for s in (0, 4, 8)]
    apply_with(client, cast, card, photo("obama.jpg"), django_capture_on_commit_callbacks, burst)
    check = face_check(Case.objects.get())
    assert check.passed and check.detail["liveness"]["passed"], check.detail
    assert check.detail["liveness"]["frames"] == 6
    submission = ApplicationSubmission.objects.get()
    assert submission.frames is None and submission.selfie is None


def test_a_photo_held_up_to_the_phone_fails_liveness_and_is_reviewed(
    client, cast, card, django_capture_on_commit_callbacks
):
    still = [frame("obama.jpg", s) for s in (0, 3, 6, 9, 12, 15)]
    apply_with(client, cast, card, photo("obama.jpg"), django_capture_on_commit_callbacks, still)
    case = Case.objects.get()
    check = face_check(case)
    assert not check.passed and "没有检测到转头" in check.detail["reason"]
    assert FaceReview.objects.filter(identity_check=check, unit=case.unit).exists()


@pytest.mark.parametrize(
    "frames",
    [[b"%PDF-1.7 not a frame"], [b"\xff\xd8" + b"0" * (2 * 1024 * 1024)], [b"x"] * 13],
    ids=["not-an-image", "oversized", "too-many"],
)
def test_a_hostile_burst_is_refused_on_the_form(
    client, cast, card, django_capture_on_commit_callbacks, frames
):
    answer = apply_with(client, cast, card, photo("obama.jpg"), django_capture_on_commit_callbacks, frames)
    assert answer.status_code == 200 and "is-invalid" in answer.content.decode()
    assert not Case.objects.exists() and not ApplicationSubmission.objects.exists()
