"""The court's API: a liaison's token sees the cases shared with its court and nothing else,
records a filing and its outcome (with the judgment, multipart), fetches the dossier package
and acknowledges it by its hash; anyone else is refused."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medarb.api.testing import api_client_for
from medarb.archives import services as archives
from medarb.court import services
from medarb.court.models import Filing, Route
from medarb.court.testing import awarded_case
from medarb.court.tests.test_services import worker
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/court"


@pytest.fixture
def linked(cast, django_capture_on_commit_callbacks):
    """Two awarded cases; the dossier of the first is handed to the court (which shares it)."""
    case = awarded_case(cast)
    awarded_case(cast, number="鹭湖劳人仲案字〔2026〕第9号")
    with django_capture_on_commit_callbacks(execute=True):
        archives.compile_dossier(case=case, actor=cast.clerk)
    transfer = services.transfer_dossier(case=case, actor=cast.clerk, court=cast.court)
    return case, transfer


def test_the_court_sees_only_the_cases_shared_with_it(cast, linked):
    case, transfer = linked
    listing = api_client_for(cast.court_liaison).get(f"{API}/cases/")
    assert listing.status_code == 200
    (item,) = listing.json()["results"]
    assert item["id"] == case.pk and item["transfers"][0]["sha256"] == transfer.package.sha256
    assert {p["side"] for p in item["parties"]} == {"applicant", "respondent"}
    for user in (cast.clerk, cast.chair, cast.legal_aid_officer, cast.supervisor):
        assert api_client_for(user).get(f"{API}/cases/").status_code == 403, user
    assert api_client_for(cast.worker).get(f"{API}/cases/").status_code in (401, 403)


def test_the_list_costs_the_same_queries_for_one_case_or_several(cast, linked):
    case, _transfer = linked
    services.record_filing(
        case=case,
        actor=cast.clerk,
        route=Route.SUIT,
        party=worker(case),
        court=cast.court,
        filed_on=date(2026, 4, 10),
    )
    client = api_client_for(cast.court_liaison)
    client.get(f"{API}/cases/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/cases/")
    for n in range(3):
        other = awarded_case(cast, number=f"鹭湖劳人仲案字〔2026〕第{20 + n}号")
        services.record_filing(
            case=other,
            actor=cast.clerk,
            route=Route.SUIT,
            party=worker(other),
            court=cast.court,
            filed_on=date(2026, 4, 10),
        )
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(f"{API}/cases/").json()["results"]) == 4
    assert len(four) == len(one)


def test_the_court_records_a_filing_and_its_outcome_with_the_judgment(cast, linked):
    case, _transfer = linked
    client = api_client_for(cast.court_liaison)
    created = client.post(
        f"{API}/cases/{case.pk}/filings/",
        {
            "route": "suit",
            "party": worker(case).pk,
            "court_number": "（2026）鹭民初8号",
            "filed_on": "2026-04-20",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["late"] is True
    filing = Filing.objects.get(pk=created.json()["id"])
    pdf = SimpleUploadedFile("判决书.pdf", write_pdf("<h1>民事判决书</h1>"), content_type="application/pdf")
    decided = client.post(
        f"{API}/filings/{filing.pk}/outcome/",
        {"outcome": "upheld", "decided_on": "2026-06-01", "judgment": pdf},
        format="multipart",
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == "upheld"
    bad = client.post(
        f"{API}/filings/{filing.pk}/outcome/", {"outcome": "nonsense", "decided_on": "x"}, format="json"
    )
    assert bad.status_code == 400
    other = awarded_case(cast, number="鹭湖劳人仲案字〔2026〕第30号")  # not shared with the court
    assert (
        client.post(
            f"{API}/cases/{other.pk}/filings/",
            {"route": "suit", "party": worker(other).pk, "filed_on": "2026-04-20"},
            format="json",
        ).status_code
        == 404
    )


def test_the_court_fetches_the_package_and_acknowledges_it_by_its_hash(cast, linked):
    _case, transfer = linked
    client = api_client_for(cast.court_liaison)
    package = client.get(f"{API}/transfers/{transfer.pk}/package/")
    body = b"".join(package.streaming_content)
    assert package.status_code == 200 and package["X-Content-SHA256"] == hashlib.sha256(body).hexdigest()
    wrong = client.post(f"{API}/transfers/{transfer.pk}/receipt/", {"sha256": "0" * 64}, format="json")
    assert wrong.status_code == 400
    done = client.post(
        f"{API}/transfers/{transfer.pk}/receipt/", {"sha256": hashlib.sha256(body).hexdigest()}, format="json"
    )
    assert done.status_code == 200 and done.json()["received_at"]
    assert api_client_for(cast.clerk).get(f"{API}/transfers/{transfer.pk}/package/").status_code == 403
