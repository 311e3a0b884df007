"""The archives' pages: the case panel's acts, the volumes (the internal one only for those who
read the case through the tree or act on it), the archivist's desk, the chair's approvals, the
retention rules, and a party's reading from the portal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medarb.api.testing import sign_in
from medarb.archives import services
from medarb.archives.models import DossierState, ReadingState
from medarb.archives.selectors import latest_volumes
from medarb.archives.testing import closed_case_with_papers
from medarb.cases.models import CaseShare, Party, ShareAccess, ShareReason
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    case = closed_case_with_papers(cast)
    Party.objects.filter(case=case, side="applicant").update(user=cast.worker)
    return case


def test_the_clerk_binds_and_hands_over_from_the_case_page_and_the_archivist_accepts(
    client, cast, case, django_capture_on_commit_callbacks
):
    sign_in(client, cast.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="dossier-panel"' in page and 'data-testid="dossier-compile"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/archives/cases/{case.pk}/compile/")
    panel = client.get(f"/archives/cases/{case.pk}/panel/").content.decode()
    assert 'data-testid="volume-main" data-state="ready"' in panel and 'data-testid="dossier-check"' in panel
    client.post(f"/archives/cases/{case.pk}/check/", {"note": "齐全"})
    dossier = services.dossier_of(case)
    assert dossier.state == DossierState.CHECKED
    sign_in(client, cast.archivist)
    desk = client.get("/archives/").content.decode()
    assert case.display_number in desk
    client.post(f"/archives/dossiers/{dossier.pk}/accept/")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ARCHIVED


def test_the_internal_volume_stays_inside(client, cast, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_dossier(case=case, actor=cast.clerk)
    volumes = latest_volumes(services.dossier_of(case))
    main, internal = volumes["main"], volumes["internal"]
    for user in (cast.clerk, cast.chair, cast.archivist):
        sign_in(client, user)
        assert client.get(f"/archives/volumes/{internal.pk}.pdf").status_code == 200
    # A read share (the court, legal aid) sees the main volume, never the internal one.
    CaseShare.objects.create(
        case=case,
        unit=cast.court,
        reason=ShareReason.COURT_LINKAGE,
        access=ShareAccess.READ,
        granted_by=cast.chair,
    )
    sign_in(client, cast.court_liaison)
    assert client.get(f"/archives/volumes/{main.pk}.pdf").status_code == 200
    assert client.get(f"/archives/volumes/{internal.pk}.pdf").status_code == 404
    for user in (cast.other_arbitrator, cast.street_mediator, cast.worker, cast.legal_aid_officer):
        sign_in(client, user)
        assert client.get(f"/archives/volumes/{main.pk}.pdf").status_code == 404, user


def test_nobody_but_the_archivist_accepts(client, cast, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_dossier(case=case, actor=cast.clerk)
    services.check_dossier(case=case, actor=cast.clerk)
    dossier = services.dossier_of(case)
    for user in (cast.clerk, cast.chair, cast.unit_admin, cast.statistician, cast.worker):
        sign_in(client, user)
        assert client.post(f"/archives/dossiers/{dossier.pk}/accept/").status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == DossierState.CHECKED


def test_a_worker_asks_in_the_portal_the_chair_approves_and_the_worker_reads(
    client, cast, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_dossier(case=case, actor=cast.clerk)
    client.force_login(cast.worker)
    page = client.get(f"/portal/my/{case.pk}/").content.decode()
    assert 'data-testid="reading-form"' in page
    client.post(f"/archives/cases/{case.pk}/reading/", {"purpose": "准备起诉"})
    reading = services.dossier_of(case).readings.get()
    sign_in(client, cast.chair)
    assert "准备起诉" in client.get("/archives/").content.decode()
    client.post(f"/archives/decide/reading/{reading.pk}/", {"decision": "approve", "days": "3"})
    reading.refresh_from_db()
    assert reading.state == ReadingState.APPROVED
    client.force_login(cast.worker)
    assert 'data-testid="reading-open"' in client.get(f"/portal/my/{case.pk}/").content.decode()
    response = client.get(f"/archives/readings/{reading.pk}.pdf")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(cast.employer)
    assert client.get(f"/archives/readings/{reading.pk}.pdf").status_code == 404


def test_the_archivists_list_costs_the_same_queries_for_one_dossier_or_many(client, cast, case):
    sign_in(client, cast.archivist)
    services.dossier_of(case)
    for extra in range(3):
        other = closed_case_with_papers(cast, number=f"鹭湖劳人仲案字〔2026〕第{20 + extra}号")
        services.dossier_of(other)
    from medarb.archives.models import Dossier

    Dossier.objects.update(state=DossierState.CHECKED)
    client.get("/archives/?tab=accept")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/archives/?tab=accept").content.decode().count('data-testid="dossier-row"') == 4
    Dossier.objects.exclude(case=case).update(state=DossierState.OPEN)
    with CaptureQueriesContext(connection) as one:
        client.get("/archives/?tab=accept")
    assert len(many) == len(one)


def test_the_retention_rules_page_keeps_the_statutory_minimum(client, cast):
    sign_in(client, cast.unit_admin)
    page = client.get("/archives/rules/").content.decode()
    assert 'data-testid="retention-arbitration-award_final"' in page
    client.post("/archives/rules/", {"kind": "arbitration", "reason": "award_final", "years": "5"})
    client.post("/archives/rules/", {"kind": "arbitration", "reason": "mediated", "years": "permanent"})
    from medarb.archives.models import RetentionRule

    assert list(RetentionRule.objects.values_list("close_reason", "years")) == [("mediated", None)]
    for user in (cast.clerk, cast.archivist, cast.worker):
        sign_in(client, user) if user.is_staff_member else client.force_login(user)
        assert client.get("/archives/rules/").status_code == 403
