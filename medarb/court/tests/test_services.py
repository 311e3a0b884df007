"""The case at court: routes by award and party, the period (a suit after day 15 is late),
outcomes with the judgment, the reversal rate, and the dossier handed over with its receipt."""

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.archives import services as archives
from medarb.cases import policy
from medarb.cases.models import PartySide
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes
from medarb.court import selectors, services
from medarb.court.models import Outcome, Route
from medarb.court.testing import awarded_case
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

pytestmark = pytest.mark.django_db


def judgment() -> SimpleUploadedFile:
    return SimpleUploadedFile("判决书.pdf", write_pdf("<h1>民事判决书</h1>"), content_type="application/pdf")


def worker(case):
    return case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)


def employer(case):
    return case.parties.get(side=PartySide.RESPONDENT, principal__isnull=True)


def test_a_suit_within_fifteen_days_of_service_is_on_time_and_after_it_is_late(cast):
    case = awarded_case(cast)  # served 2026-03-31: the 15 days end on 2026-04-15
    on_time = services.record_filing(
        case=case,
        actor=cast.clerk,
        route=Route.SUIT,
        party=worker(case),
        court=cast.court,
        filed_on=date(2026, 4, 15),
        court_number="（2026）鹭民初1号",
    )
    assert on_time.due_on == date(2026, 4, 15) and not on_time.late
    late = services.record_filing(
        case=case,
        actor=cast.clerk,
        route=Route.SUIT,
        party=employer(case),
        court=cast.court,
        filed_on=date(2026, 4, 16),
    )
    assert late.late
    assert case.timeline.filter(kind="court_filing", detail__contains="已超过期限").count() == 1


def test_the_route_must_fit_the_award_and_the_party(cast):
    final = awarded_case(cast, close_reason="award_final")
    with pytest.raises(DomainError, match="用人单位不能起诉"):
        services.record_filing(
            case=final,
            actor=cast.clerk,
            route=Route.SUIT,
            party=employer(final),
            court=cast.court,
            filed_on=date(2026, 4, 10),
        )
    with pytest.raises(DomainError, match="用人单位"):
        services.record_filing(
            case=final,
            actor=cast.clerk,
            route=Route.REVOCATION,
            party=worker(final),
            court=cast.court,
            filed_on=date(2026, 4, 10),
        )
    revocation = services.record_filing(
        case=final,
        actor=cast.clerk,
        route=Route.REVOCATION,
        party=employer(final),
        court=cast.court,
        filed_on=date(2026, 5, 1),
    )
    assert revocation.due_on == date(2026, 4, 30) and revocation.late  # 30 days from service
    with pytest.raises(DomainError, match="调解协议"):
        services.record_filing(
            case=final,
            actor=cast.clerk,
            route=Route.CONFIRMATION,
            party=worker(final),
            court=cast.court,
            filed_on=date(2026, 4, 10),
        )
    with pytest.raises(DomainError, match="人民法院"):
        services.record_filing(
            case=final,
            actor=cast.clerk,
            route=Route.SUIT,
            party=worker(final),
            court=cast.district,
            filed_on=date(2026, 4, 10),
        )


def test_only_handlers_and_the_courts_liaison_record(cast):
    case = awarded_case(cast)
    for outsider in (cast.statistician, cast.court_liaison, cast.other_arbitrator, cast.legal_aid_officer):
        with pytest.raises(NotAllowed):
            services.record_filing(
                case=case,
                actor=outsider,
                route=Route.SUIT,
                party=worker(case),
                court=cast.court,
                filed_on=date(2026, 4, 10),
            )
    services.record_filing(
        case=case,
        actor=cast.clerk,
        route=Route.SUIT,
        party=worker(case),
        court=cast.court,
        filed_on=date(2026, 4, 10),
    )
    assert policy.can_read_case(cast.court_liaison, case)  # linked: the court now sees the case
    assert list(selectors.shared_cases(cast.court_liaison)) == [case]
    services.record_filing(
        case=case,
        actor=cast.court_liaison,
        route=Route.SUIT,
        party=employer(case),
        court=cast.court,
        filed_on=date(2026, 4, 11),
    )


def test_an_outcome_fits_its_route_and_comes_with_the_judgment(cast):
    case = awarded_case(cast)
    filing = services.record_filing(
        case=case,
        actor=cast.clerk,
        route=Route.SUIT,
        party=worker(case),
        court=cast.court,
        filed_on=date(2026, 4, 10),
    )
    with pytest.raises(DomainError, match="没有这种结果"):
        services.record_outcome(
            filing=filing,
            actor=cast.court_liaison,
            outcome=Outcome.REVOKED,
            decided_on=date(2026, 6, 1),
            judgment=judgment(),
        )
    with pytest.raises(DomainError, match="裁判文书"):
        services.record_outcome(
            filing=filing, actor=cast.court_liaison, outcome=Outcome.CHANGED, decided_on=date(2026, 6, 1)
        )
    not_pdf = SimpleUploadedFile("判决书.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(DomainError):
        services.record_outcome(
            filing=filing,
            actor=cast.court_liaison,
            outcome=Outcome.CHANGED,
            decided_on=date(2026, 6, 1),
            judgment=not_pdf,
        )
    filing = services.record_outcome(
        filing=filing,
        actor=cast.court_liaison,
        outcome=Outcome.CHANGED,
        decided_on=date(2026, 6, 1),
        judgment=judgment(),
        note="改判支付加班费",
    )
    assert filing.outcome == Outcome.CHANGED and read_bytes(filing.judgment).startswith(b"%PDF")
    assert case.timeline.filter(kind="court_outcome", title__contains="改判").exists()


def test_the_reversal_rate_counts_what_the_courts_decided_on_the_merits(cast):
    results = [
        (Outcome.UPHELD, "第8号"),
        (Outcome.CHANGED, "第9号"),
        (Outcome.WITHDRAWN, "第10号"),
        (None, "第11号"),
    ]
    for outcome, number in results:
        case = awarded_case(cast, number=f"鹭湖劳人仲案字〔2026〕{number}")
        filing = services.record_filing(
            case=case,
            actor=cast.clerk,
            route=Route.SUIT,
            party=worker(case),
            court=cast.court,
            filed_on=date(2026, 4, 10),
        )
        if outcome:
            services.record_outcome(
                filing=filing,
                actor=cast.court_liaison,
                outcome=outcome,
                decided_on=date(2026, 6, 1),
                judgment=judgment(),
            )
    total, _per_arbitrator = selectors.reversal_rates(cast.district.path)
    assert (total.challenged, total.decided, total.reversed) == (4, 2, 1) and total.rate == 0.5
    assert selectors.reversal_rates(cast.other_district.path)[0].challenged == 0
    assert selectors.pending_count(cast.district.path) == 1


def test_the_dossier_goes_to_the_court_as_a_package_that_verifies_and_is_acknowledged(
    cast, django_capture_on_commit_callbacks
):
    case = awarded_case(cast)
    with pytest.raises(DomainError, match="装订"):
        services.transfer_dossier(case=case, actor=cast.clerk, court=cast.court)
    with django_capture_on_commit_callbacks(execute=True):
        archives.compile_dossier(case=case, actor=cast.clerk)
    with pytest.raises(NotAllowed):
        services.transfer_dossier(case=case, actor=cast.court_liaison, court=cast.court)
    transfer = services.transfer_dossier(case=case, actor=cast.clerk, court=cast.court)
    with zipfile.ZipFile(io.BytesIO(read_bytes(transfer.package))) as package:
        manifest_bytes = package.read("manifest.json")
        manifest, pdf = json.loads(manifest_bytes), package.read("正卷.pdf")
    assert hashlib.sha256(manifest_bytes).hexdigest() == transfer.manifest_sha256
    assert manifest["files"][0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert manifest["entries"][0]["title"] == "劳动人事争议仲裁申请书"
    with pytest.raises(NotAllowed):
        services.acknowledge(transfer=transfer, actor=cast.clerk, sha256=transfer.package.sha256)
    with pytest.raises(DomainError, match="校验值不符"):
        services.acknowledge(transfer=transfer, actor=cast.court_liaison, sha256="0" * 64)
    transfer = services.acknowledge(
        transfer=transfer, actor=cast.court_liaison, sha256=transfer.package.sha256.upper()
    )
    assert transfer.received_by == cast.court_liaison and transfer.received_at is not None
