"""Stored files go out as sandboxed downloads; only PDFs the platform generated open in place."""

import pytest

from medarb.core.files import store_bytes
from medarb.core.responses import file_response
from medarb.core.testing_pdfs import pdf

pytestmark = pytest.mark.django_db


def stored(data: bytes, content_type: str, name: str = "证据.pdf"):
    return store_bytes(data=data, name=name, content_type=content_type)


class TestFileResponse:
    def test_an_uploaded_pdf_with_javascript_is_a_sandboxed_attachment_even_when_inline_is_asked(self):
        response = file_response(stored(pdf(open_action="javascript"), "application/pdf"), inline=True)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_pdf_the_platform_generated_may_open_in_place(self):
        response = file_response(stored(pdf(), "application/pdf"), inline=True, generated=True)
        assert response["Content-Disposition"].startswith("inline;")
        assert "Content-Security-Policy" not in response  # the site's policy applies

    def test_a_picture_may_be_shown_but_stays_sandboxed(self):
        response = file_response(
            stored(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png", "签名.png"), inline=True
        )
        assert response["Content-Disposition"].startswith("inline;")
        assert response["Content-Security-Policy"] == "sandbox"

    def test_the_chinese_file_name_survives(self):
        response = file_response(stored(pdf(), "application/pdf", "工资条.pdf"))
        assert "filename*=UTF-8''%E5%B7%A5%E8%B5%84%E6%9D%A1.pdf" in response["Content-Disposition"]


class TestEvidenceOfAnOnlineApplication:
    def test_it_is_downloaded_in_a_sandbox_not_opened_on_the_site(self, client, cast):
        from medarb.portal.application import current_draft
        from medarb.portal.models import DraftEvidence

        draft = current_draft(user=cast.worker)
        item = DraftEvidence.objects.create(
            draft=draft, file=stored(pdf(open_action="javascript"), "application/pdf"), description="x"
        )
        client.force_login(cast.worker)
        response = client.get(f"/portal/evidence/{item.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["Cache-Control"] == "no-store, private"

    def test_a_pdf_with_javascript_is_refused_at_upload(self, client, cast):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from medarb.portal.models import DraftEvidence

        client.force_login(cast.worker)
        upload = SimpleUploadedFile("合同.pdf", pdf(open_action="javascript"))
        response = client.post("/portal/apply/evidence/", {"file": upload, "description": "合同"})
        assert "打印为 PDF" in response.content.decode()
        assert not DraftEvidence.objects.exists()
