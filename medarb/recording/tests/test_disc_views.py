"""The disc panel on the case page: the clerk generates an image, follows it, downloads it."""

import pytest

from medarb.api.testing import sign_in
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store, numbered_case  # noqa: F401
from medarb.recording.models import DiscExport, DiscState

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    case = numbered_case(cast)
    documents.issue_document(case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False)
    return case


def test_the_clerk_generates_and_downloads_the_case_disc(
    client, cast, case, django_capture_on_commit_callbacks
):
    sign_in(client, cast.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="disc-panel"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/recording/case/{case.pk}/disc/", {"fmt": "zip"})

    assert response.status_code == 302 and response["Location"].endswith("#disc")
    export = DiscExport.objects.get()
    assert export.state == DiscState.READY
    row = client.get(f"/recording/disc/{export.pk}/").content.decode()
    assert 'data-state="ready"' in row and "hx-trigger" not in row
    download = client.get(f"/recording/disc/{export.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_a_row_being_built_polls_for_its_progress(client, cast, case):
    export = DiscExport.objects.create(
        case=case, fmt="iso", requested_by=cast.clerk, state="building", progress=40
    )
    sign_in(client, cast.clerk)

    row = client.get(f"/recording/disc/{export.pk}/").content.decode()

    assert 'hx-trigger="every 2s"' in row and 'value="40"' in row


@pytest.mark.parametrize("who", ["supervisor", "worker", "street_b_mediator"])
def test_others_get_neither_the_panel_nor_the_image(client, cast, case, who):
    export = DiscExport.objects.create(case=case, fmt="iso", requested_by=cast.clerk, state="ready")
    sign_in(client, getattr(cast, who))

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="disc-panel"' not in page
    assert client.get(f"/recording/disc/{export.pk}/download/").status_code == 404
    assert client.post(f"/recording/case/{case.pk}/disc/", {"fmt": "iso"}).status_code in (302, 404)
    assert DiscExport.objects.count() == 1


def test_a_bad_format_gets_a_message_not_an_error(client, cast, case):
    sign_in(client, cast.clerk)

    response = client.post(f"/recording/case/{case.pk}/disc/", {"fmt": "exe"}, follow=True)

    assert response.status_code == 200
    assert "请选择光盘镜像或压缩包。" in response.content.decode()
    assert not DiscExport.objects.exists()
