"""After `load_demo` a case file holds what its pages need: a sealed hearing notice served on
the parties, a recorded hearing and a disc asked for (`medarb.demo.dossier`)."""

import hashlib

import pytest

from medarb.core.files import read_bytes
from medarb.delivery.models import Service, ServiceStatus
from medarb.demo import district
from medarb.documents.models import IssuedDocument
from medarb.documents.testing import pdf_text
from medarb.hearings.models import SittingState
from medarb.recording.models import DiscExport, DiscState, Recording
from medarb.reviews.models import JointReview, ReviewState

pytestmark = pytest.mark.django_db


def test_a_sealed_hearing_notice_is_served_on_the_worker_by_link_and_on_the_employer_by_post(demo, tmp_path):
    # the demo's bound dossiers (closed awards) carry their own unserved hearing notices
    (notice,) = IssuedDocument.objects.filter(
        template_code="hearing_notice", case__status="hearing_scheduled"
    )
    services = {s.party.side: s for s in Service.objects.filter(document=notice).select_related("party")}

    assert notice.is_signed and notice.code
    assert notice.case.status == "hearing_scheduled"
    assert any(p.phone == district.WORKER["phone"] for p in notice.case.parties.all())
    assert services["applicant"].status == ServiceStatus.PENDING and services["applicant"].token
    assert services["respondent"].status == ServiceStatus.POSTAL
    text = pdf_text(read_bytes(notice.current.pdf), tmp_path).replace(" ", "").replace("\n", "")
    sitting = notice.case.sittings.get()
    assert sitting.room.name in text


def test_a_held_hearing_has_its_panorama_recording_kept_with_its_hash(demo):
    (recording,) = Recording.objects.select_related("sitting", "file", "broadcast__device")

    assert recording.sitting.state == SittingState.HELD
    assert recording.broadcast.device.name.startswith("全景")
    assert recording.duration_seconds == pytest.approx(20, abs=1)
    assert hashlib.sha256(read_bytes(recording.file)).hexdigest() == recording.file.sha256


def test_the_clerk_of_the_recorded_case_has_asked_for_its_disc(demo):
    (export,) = DiscExport.objects.select_related("case", "requested_by")
    recording = Recording.objects.get()

    assert export.case == recording.sitting.case
    assert export.requested_by == recording.sitting.case.tribunal.clerk
    assert export.state in (DiscState.QUEUED, DiscState.READY)


def test_a_joint_review_is_open_with_experts_of_three_commissions_one_on_a_scoped_share(demo):
    (review,) = JointReview.objects.all()
    experts = {
        p.user.username: p for p in review.participants.filter(role="expert").select_related("user", "share")
    }

    assert review.state == ReviewState.OPEN and review.case.status == "award_drafting"
    assert set(experts) >= {"qs_arb", "city_arb"} and len(experts) == 3
    assert experts["city_arb"].share is None  # the city commission reads the case through the tree
    assert experts["qs_arb"].share is not None and experts["qs_arb"].share.expires_at == review.access_until
    (district_expert,) = [p for name, p in experts.items() if name not in ("qs_arb", "city_arb")]
    assert district_expert.share is None and district_expert.opinion
    assert district_expert.votes.count() == review.questions.count() == 2


def test_the_chair_signed_off_awards_one_published_and_one_awaiting_review(demo):
    from medarb.arbitration.models import Award
    from medarb.publication.models import PublishedAward
    from medarb.search.models import RecordEntry, RecordKind

    issued = Award.objects.filter(state="signed_off", case__status="award_issued")
    assert issued.count() == 2 and all(a.signed_off_by.username == "chair" for a in issued)
    assert set(PublishedAward.objects.values_list("state", flat=True)) == {"published", "draft"}
    assert (
        RecordEntry.objects.filter(kind=RecordKind.AWARD, case__in=[a.case_id for a in issued]).count() == 2
    )
