"""The dossier's life: bind, check and hand over, accept (归档), corrections, reading with a
watermark, retention and disposal; who may do each."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.archives import retention, services
from medarb.archives.models import CompileState, CorrectionState, DossierState, ReadingState
from medarb.archives.selectors import lapsed, latest_volumes
from medarb.archives.testing import closed_case_with_papers
from medarb.audit.models import AuditEntry
from medarb.cases.models import Party
from medarb.cases.workflow import fire
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.files import FileDiscarded, read_bytes
from medarb.documents.models import DocumentFile, Volume
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.hearings.models import SittingState
from medarb.orgs.models import Room, RoomKind
from medarb.recording.tests.test_hearing_room_links import add_recording, add_sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    return closed_case_with_papers(cast)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Binding is queued on commit (Huey runs it at once in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def bound(case, cast, commit):
    with commit():
        services.compile_dossier(case=case, actor=cast.clerk)
    return services.dossier_of(case)


def archived(case, cast, commit):
    dossier = bound(case, cast, commit)
    services.check_dossier(case=case, actor=cast.clerk, note="材料齐全")
    return services.accept_dossier(dossier=dossier, actor=cast.archivist)


def test_binding_makes_both_volumes_ready(case, cast, commit):
    dossier = bound(case, cast, commit)
    volumes = latest_volumes(dossier)
    assert {v.volume: v.state for v in volumes.values()} == {
        "main": CompileState.READY,
        "internal": CompileState.READY,
    }
    assert volumes["main"].pages == 8 and volumes["main"].manifest["pages"] == 8


def test_only_handlers_bind_and_only_after_closure(case, cast):
    for outsider in (cast.archivist, cast.statistician, cast.other_arbitrator, cast.worker):
        with pytest.raises(NotAllowed):
            services.compile_dossier(case=case, actor=outsider)
    case.closed_on = None
    case.save(update_fields=["closed_on"])
    with pytest.raises(DomainError, match="结案后"):
        services.compile_dossier(case=case, actor=cast.clerk)


def test_the_case_is_archived_only_through_the_archivists_acceptance(case, cast, commit):
    with pytest.raises(ProcedureError, match="档案管理员"):
        fire(case=case, transition="archive", actor=cast.clerk)
    dossier = bound(case, cast, commit)
    with pytest.raises(DomainError, match="检查移交"):
        services.accept_dossier(dossier=dossier, actor=cast.archivist)
    services.check_dossier(case=case, actor=cast.clerk)
    with pytest.raises(NotAllowed):
        services.accept_dossier(dossier=dossier, actor=cast.clerk)
    dossier = services.accept_dossier(dossier=dossier, actor=cast.archivist)
    case.refresh_from_db()
    assert case.status == "archived" and case.closed_on == date(2026, 3, 31)
    assert dossier.state == DossierState.ARCHIVED
    assert dossier.archive_number == f"鹭湖仲档〔{timezone.localdate().year}〕第1号"
    assert dossier.retention_years == 10 and dossier.retain_until == date(2037, 1, 1)
    assert (
        case.timeline.filter(kind__contains="archive").exists()
        or case.timeline.filter(title__contains="归档").exists()
    )


def test_the_archivist_returns_a_dossier_with_a_reason(case, cast, commit):
    dossier = bound(case, cast, commit)
    services.check_dossier(case=case, actor=cast.clerk)
    with pytest.raises(DomainError):
        services.return_dossier(dossier=dossier, actor=cast.archivist, note=" ")
    dossier = services.return_dossier(dossier=dossier, actor=cast.archivist, note="缺送达回证")
    assert dossier.state == DossierState.OPEN and "缺送达回证" in dossier.check_note


def test_an_archived_dossier_changes_only_through_an_approved_correction(case, cast, commit):
    dossier = archived(case, cast, commit)
    with pytest.raises(DomainError, match="更正"):
        services.compile_dossier(case=case, actor=cast.clerk)
    correction = services.request_correction(
        case=case, actor=cast.clerk, volume=Volume.MAIN, reason="补入送达回证"
    )
    with pytest.raises(NotAllowed):
        services.decide_correction(correction=correction, actor=cast.archivist, approve=True)
    with commit():
        services.decide_correction(correction=correction, actor=cast.chair, approve=True, comment="同意")
    correction.refresh_from_db()
    assert correction.state == CorrectionState.APPROVED
    main = latest_volumes(dossier)["main"]
    assert main.version == 2 and main.state == CompileState.READY and "补入送达回证" in main.reason
    assert dossier.volumes.filter(volume="main", version=1).exists()  # the old version stays


def test_a_party_reads_the_main_volume_watermarked_within_the_approved_time(case, cast, commit):
    Party.objects.filter(case=case, side="applicant").update(user=cast.worker)
    archived(case, cast, commit)
    with pytest.raises(NotAllowed):
        services.request_reading(case=case, reader=cast.outsider, purpose="看看")
    reading = services.request_reading(case=case, reader=cast.worker, purpose="准备起诉")
    with pytest.raises(NotAllowed):
        services.read_main_volume(reading=reading, reader=cast.worker)
    with pytest.raises(DomainError):
        services.decide_reading(reading=reading, actor=cast.chair, approve=False)  # a refusal needs reasons
    services.decide_reading(reading=reading, actor=cast.chair, approve=True, days=3)
    reading.refresh_from_db()
    assert reading.state == ReadingState.APPROVED
    pdf, name = services.read_main_volume(reading=reading, reader=cast.worker)
    assert pdf.startswith(b"%PDF") and name.endswith("正卷.pdf")
    assert AuditEntry.objects.filter(actor=cast.worker, summary__contains="在线查阅").exists()
    with pytest.raises(NotAllowed):
        services.read_main_volume(reading=reading, reader=cast.employer)
    reading.valid_until = timezone.now() - timedelta(minutes=1)
    reading.save()
    with pytest.raises(NotAllowed, match="过期"):
        services.read_main_volume(reading=reading, reader=cast.worker)


def test_retention_follows_the_rules_and_never_goes_under_the_statute(cast):
    assert retention.period_for("arbitration", "award_final", rules={}).years == 10
    assert retention.period_for("arbitration", "mediated", rules={}).years == 5
    assert retention.period_for("mediation", "agreement", rules={}).years == 5
    with pytest.raises(DomainError, match="不得少于10年"):
        services.set_retention(
            unit=cast.district, actor=cast.unit_admin, kind="arbitration", close_reason="award_final", years=5
        )
    with pytest.raises(NotAllowed):
        services.set_retention(
            unit=cast.district, actor=cast.clerk, kind="arbitration", close_reason="", years=7
        )
    services.set_retention(
        unit=cast.district, actor=cast.unit_admin, kind="arbitration", close_reason="", years=7
    )
    services.set_retention(
        unit=cast.district, actor=cast.unit_admin, kind="arbitration", close_reason="mediated", years=None
    )
    rules = retention.rules_for(cast.street_a.path)  # a street's cases follow the district
    assert retention.period_for("arbitration", "withdrawn", rules=rules).years == 7
    assert (
        retention.period_for("arbitration", "award_final", rules=rules).years == 10
    )  # "other" never lowers it
    assert retention.period_for("arbitration", "mediated", rules=rules).years is None
    assert (
        retention.period_for(
            "arbitration", "withdrawn", rules=retention.rules_for(cast.other_district.path)
        ).years
        == 5
    )


def test_a_lapsed_dossier_is_listed_and_disposed_of_with_appraisal(case, cast, commit, client):
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    sitting = add_sitting(case, room, cast, hours_from_now=-48, state=SittingState.HELD)
    recording = add_recording(sitting, 1)
    dossier = archived(case, cast, commit)
    with pytest.raises(DomainError, match="未满"):
        services.dispose(dossier=dossier, actor=cast.archivist, note="到期")
    assert not lapsed(cast.archivist).exists()
    dossier.retain_until = timezone.localdate()
    dossier.save()
    assert list(lapsed(cast.archivist)) == [dossier]
    assert not lapsed(cast.other_arbitrator).exists()
    with pytest.raises(NotAllowed):
        services.dispose(dossier=dossier, actor=cast.chair, note="到期")
    # A file kept once by content for two cases stays while the other case holds it.
    other = closed_case_with_papers(cast, number="鹭湖劳人仲案字〔2026〕第9号")
    shared = case.documents.get(template_code="application").current.pdf
    DocumentFile.objects.create(document=other.documents.first(), version=9, pdf=shared, reason="test")
    with commit():
        dossier = services.dispose(
            dossier=dossier, actor=cast.archivist, note="经鉴定无继续保存价值，粉碎销毁"
        )
    assert dossier.state == DossierState.DISPOSED
    award = case.documents.get(template_code="award_final").current.pdf
    volume = latest_volumes(dossier)["main"].pdf
    recording.file.refresh_from_db()
    for stored in (award, volume, recording.file):
        stored.refresh_from_db()
        assert stored.discarded_at is not None and not default_storage.exists(stored.storage_name)
        with pytest.raises(FileDiscarded):
            read_bytes(stored)
    shared.refresh_from_db()
    assert shared.discarded_at is None and read_bytes(shared)
    entry = AuditEntry.objects.filter(summary__contains="销毁").latest("seq")
    assert award.sha256 in {f["sha256"] for f in entry.data["files"]}
    sign_in(client, cast.clerk)
    assert client.get(f"/recording/recordings/{recording.pk}/").status_code == 404
    assert client.get(f"/archives/volumes/{latest_volumes(dossier)['main'].pk}.pdf").status_code == 404


def test_verify_dossier_reports_a_changed_file(case, cast, commit):
    dossier = archived(case, cast, commit)
    out = StringIO()
    call_command("verify_dossier", stdout=out)
    assert f"ok {dossier.archive_number}" in out.getvalue()
    paper = case.documents.get(template_code="award_final").current.pdf
    with default_storage.open(paper.storage_name, "wb") as handle:
        handle.write(b"%PDF-1.7 tampered")
    out = StringIO()
    with pytest.raises(CommandError, match="changed"):
        call_command("verify_dossier", dossier.archive_number, stdout=out)
    assert "仲裁裁决书 changed" in out.getvalue()
