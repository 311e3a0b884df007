"""Face verification of a party at the window and the manual review of a failed one: results,
distances and the threshold are recorded with who ran the check; a passed check is the
reference of the same person next time; a failure waits for the unit's filing officer, who
decides with a reason; nobody else sees the photos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from medarb.audit.models import AuditEntry
from medarb.cases.models import Party
from medarb.core.errors import DomainError, NotAllowed
from medarb.identity import face_checks
from medarb.identity.faces import FaceRefused
from medarb.identity.models import CheckMethod, FaceReference, FaceReview, IdentityCheck, ReviewState
from medarb.identity.testing import id_card_png, photo
from medarb.testing import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture
def case(cast):
    return register(actor=cast.filing_officer, unit=cast.district)


@pytest.fixture
def worker(case) -> Party:
    return case.parties.get(is_organisation=False)


@pytest.fixture(scope="module")
def card():
    return id_card_png(face=photo("obama2.jpg"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestComparing:
    def test_the_same_person_passes_and_is_the_reference_next_time(self, cast, worker, card):
        check = face_checks.verify_party_face(
            party=worker, live=photo("obama.jpg"), card=card, actor=cast.filing_officer
        )
        assert check.passed and check.method == CheckMethod.FACE and check.checked_by == cast.filing_officer
        assert check.detail["threshold"] == 0.5 and check.score == check.detail["distances"]["card"] <= 0.5
        assert FaceReference.objects.get().identity_check == check
        # no card the second time: compared with the face kept from the first
        again = face_checks.verify_party_face(
            party=worker, live=photo("obama3.jpg"), card=None, actor=cast.clerk
        )
        assert again.passed and set(again.detail["distances"]) == {"earlier"}
        entry = AuditEntry.objects.filter(object_type="identity.identitycheck").first()
        assert entry.case_id == worker.case_id

    def test_another_person_fails_and_waits_for_review_with_both_photos(self, cast, worker, card):
        check = face_checks.verify_party_face(
            party=worker, live=photo("biden.jpg"), card=card, actor=cast.filing_officer
        )
        assert not check.passed and check.score > 0.5
        review = FaceReview.objects.get(identity_check=check)
        assert review.state == ReviewState.PENDING and review.unit == cast.district
        assert review.card_photo is not None and not FaceReference.objects.exists()
        # kept encrypted: the stored bytes are not the photo
        from medarb.core.files import read_bytes

        assert read_bytes(review.live_photo) != photo("biden.jpg")
        assert face_checks.review_photo(review=review, which="live", actor=cast.filing_officer) == photo(
            "biden.jpg"
        )

    def test_a_photo_without_one_face_is_refused_and_nothing_is_recorded(self, cast, worker, card):
        from medarb.identity.testing import side_by_side

        with pytest.raises(FaceRefused):
            face_checks.verify_party_face(
                party=worker,
                live=side_by_side(photo("obama.jpg"), photo("biden.jpg")),
                card=card,
                actor=cast.filing_officer,
            )
        assert not IdentityCheck.objects.exists()

    def test_without_a_card_or_an_earlier_face_there_is_nothing_to_compare(self, cast, worker):
        with pytest.raises(DomainError, match="身份证正面"):
            face_checks.verify_party_face(
                party=worker, live=photo("obama.jpg"), card=None, actor=cast.filing_officer
            )

    def test_an_organisation_is_not_compared(self, cast, case, card):
        employer = case.parties.get(is_organisation=True)
        with pytest.raises(DomainError):
            face_checks.verify_party_face(
                party=employer, live=photo("obama.jpg"), card=card, actor=cast.filing_officer
            )

    def test_only_staff_who_handle_the_case_compare(self, cast, worker, card):
        for actor in (cast.other_arbitrator, cast.street_mediator, cast.supervisor, cast.worker):
            with pytest.raises(NotAllowed):
                face_checks.verify_party_face(party=worker, live=photo("obama.jpg"), card=card, actor=actor)

    def test_tries_are_limited_per_hour(self, cast, worker, card, monkeypatch):
        monkeypatch.setattr(face_checks, "MAX_FACE_CHECKS_PER_HOUR", 1)
        face_checks.verify_party_face(
            party=worker, live=photo("obama.jpg"), card=card, actor=cast.filing_officer
        )
        with pytest.raises(DomainError, match="次数过多"):
            face_checks.verify_party_face(
                party=worker, live=photo("obama.jpg"), card=card, actor=cast.filing_officer
            )


@pytest.fixture
def review(cast, worker, card) -> FaceReview:
    check = face_checks.verify_party_face(party=worker, live=photo("biden.jpg"), card=card, actor=cast.clerk)
    return check.review


class TestReview:
    def test_the_filing_officer_accepts_with_a_reason(self, cast, review):
        with pytest.raises(DomainError, match="复核理由"):
            face_checks.decide_review(review=review, actor=cast.filing_officer, accept=True, reason=" ")
        face_checks.decide_review(
            review=review, actor=cast.filing_officer, accept=True, reason="已核对身份证原件，本人到场"
        )
        review.refresh_from_db()
        assert review.state == ReviewState.ACCEPTED and review.decided_by == cast.filing_officer
        with pytest.raises(DomainError, match="已经处理"):
            face_checks.decide_review(review=review, actor=cast.chair, accept=False, reason="再看")

    def test_nobody_outside_the_units_filing_window_reviews_or_sees_the_photos(self, cast, review):
        for user in (
            cast.arbitrator,
            cast.clerk,
            cast.other_arbitrator,
            cast.street_mediator,
            cast.supervisor,
        ):
            with pytest.raises(NotAllowed):
                face_checks.decide_review(review=review, actor=user, accept=True, reason="x")
            with pytest.raises(NotAllowed):
                face_checks.review_photo(review=review, which="live", actor=user)
            response = signed_in(user).get(reverse("identity:review_photo", args=[review.pk, "live"]))
            assert response.status_code in (403, 404)
        assert Client().get(reverse("identity:review_photo", args=[review.pk, "live"])).status_code == 302
        assert signed_in(cast.worker).get(reverse("identity:review", args=[review.pk])).status_code == 404

    def test_the_review_pages(self, cast, review):
        officer = signed_in(cast.filing_officer)
        queue = officer.get(reverse("identity:reviews")).content.decode()
        assert reverse("identity:review", args=[review.pk]) in queue
        page = officer.get(reverse("identity:review", args=[review.pk])).content.decode()
        assert reverse("identity:review_photo", args=[review.pk, "card"]) in page
        shown = officer.get(reverse("identity:review_photo", args=[review.pk, "live"]))
        assert shown["Content-Type"] == "image/jpeg" and "no-store" in shown["Cache-Control"]
        assert officer.get(reverse("identity:review_photo", args=[review.pk, "other"])).status_code == 404
        decided = officer.post(
            reverse("identity:review", args=[review.pk]), {"decision": "reject", "reason": "不是本人"}
        )
        assert decided.status_code == 302
        review.refresh_from_db()
        assert review.state == ReviewState.REJECTED
        assert signed_in(cast.arbitrator).get(reverse("identity:reviews")).status_code == 403


class TestWindowPage:
    def upload(self, name: str, data: bytes, kind="image/jpeg"):
        return SimpleUploadedFile(name, data, content_type=kind)

    def test_the_officer_compares_from_the_case_page(self, cast, case, worker, card):
        officer = signed_in(cast.filing_officer)
        assert (
            reverse("identity:face", args=[worker.pk])
            in officer.get(reverse("cases:detail", args=[case.pk])).content.decode()
        )
        assert officer.get(reverse("identity:face", args=[worker.pk])).status_code == 200
        answer = officer.post(
            reverse("identity:face", args=[worker.pk]),
            {
                "live": self.upload("live.jpg", photo("obama.jpg")),
                "card": self.upload("card.png", card, "image/png"),
            },
        )
        assert answer.status_code == 302 and answer.url.endswith("#identity")
        panel = officer.get(answer.url).content.decode()
        assert "人脸比对" in panel and "阈值 0.50" in panel

    def test_bad_uploads_are_refused_with_a_message_and_nothing_is_recorded(self, cast, worker, card):
        officer = signed_in(cast.filing_officer)
        url = reverse("identity:face", args=[worker.pk])
        for live in (
            self.upload("live.jpg", b"%PDF-1.7 not a photo"),
            self.upload("live.jpg", b"GIF89a" + b"0" * 100, "image/gif"),
            None,
        ):
            data = {"card": self.upload("card.png", card, "image/png")}
            if live is not None:
                data["live"] = live
            answer = officer.post(url, data)
            assert answer.status_code == 200 and 'class="alert' in answer.content.decode()
        assert not IdentityCheck.objects.exists()

    def test_who_may_open_the_window_page(self, cast, worker):
        url = reverse("identity:face", args=[worker.pk])
        for user in (cast.other_arbitrator, cast.street_mediator, cast.supervisor, cast.statistician):
            assert signed_in(user).get(url).status_code in (403, 404)
        assert signed_in(cast.worker).get(url).status_code in (403, 404)
