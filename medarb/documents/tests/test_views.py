import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medarb.audit.models import AuditEntry
from medarb.core.files import sniff
from medarb.documents import services
from medarb.documents.models import DocumentOrigin, IssuedDocument
from medarb.documents.testing import numbered_case

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


class TestTemplateCentre:
    def test_the_public_sees_the_blank_forms(self, client):
        response = client.get(reverse("documents:template_centre"))
        html = response.content.decode()
        for title in ["劳动人事争议仲裁申请书", "答辩书", "授权委托书", "证据清单", "法定代表人身份证明书"]:
            assert title in html
        assert html.count('data-testid="blank-form"') == 5

    @pytest.mark.parametrize(("fmt", "kind"), [("pdf", "application/pdf"), ("docx", "docx")])
    def test_a_blank_form_downloads_in_both_formats(self, client, fmt, kind):
        response = client.get(reverse("documents:blank_form", args=["blank_power_of_attorney", fmt]))
        assert response.status_code == 200
        assert sniff(_content(response)).kind == kind


class TestTemplateEditor:
    def _login(self, client, user):
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = None
        session.save()

    def test_a_preview_names_the_wrong_field(self, client, cast, settings):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
        client.force_login(cast.unit_admin)
        response = client.post(
            reverse("documents:template_preview", args=["hearing_notice"]),
            {"body": "<p>{{ number }}</p>\n<p>{{ extra.rooom }}</p>"},
        )
        html = response.content.decode()
        assert "extra.rooom" in html and "第 2 行" in html

    def test_a_good_preview_shows_sample_data(self, client, cast, settings):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
        client.force_login(cast.unit_admin)
        response = client.post(
            reverse("documents:template_preview", args=["hearing_notice"]),
            {"body": "<p>{{ extra.room }}</p>"},
        )
        assert "第一仲裁庭" in response.content.decode()

    def test_saving_a_broken_template_keeps_the_text_and_shows_the_error(self, client, cast, settings):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
        client.force_login(cast.unit_admin)
        body = "<p>{% if %}</p>"
        response = client.post(
            reverse("documents:template_edit", args=["hearing_notice"]), {"body": body, "note": "x"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "模板语法错误" in html and "{% if %}" in html

    def test_a_clerk_cannot_open_the_editor(self, client, cast):
        client.force_login(cast.clerk)
        assert client.get(reverse("documents:template_list")).status_code == 403


class TestDocumentFiles:
    def test_staff_who_see_the_case_get_the_file_and_the_read_is_audited(self, client, cast):
        case = numbered_case(cast)
        document = services.issue_document(
            case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False
        )
        client.force_login(cast.arbitrator)
        before = AuditEntry.objects.filter(case_id=case.pk, action="read").count()
        response = client.get(reverse("documents:file", args=[document.pk]))
        assert response.status_code == 200
        assert _content(response).startswith(b"%PDF")
        assert AuditEntry.objects.filter(case_id=case.pk, action="read").count() == before + 1

    def test_people_outside_the_case_get_404(self, client, cast):
        case = numbered_case(cast)
        document = services.issue_document(
            case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False
        )
        for user in (cast.other_arbitrator, cast.outsider):
            client.force_login(user)
            assert client.get(reverse("documents:file", args=[document.pk])).status_code == 404

    def test_a_party_cannot_read_a_paper_before_it_is_served(self, client, cast):
        case = numbered_case(cast)
        case.parties.filter(name="张三").update(user=cast.worker)
        document = services.issue_document(
            case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False
        )
        client.force_login(cast.worker)
        assert client.get(reverse("documents:file", args=[document.pk])).status_code == 404


class TestPaperIn:
    def test_staff_upload_a_scan_that_is_kept_with_its_hash(self, client, cast):
        case = numbered_case(cast)
        client.force_login(cast.clerk)
        png = b"\\x89PNG\\r\\n\\x1a\\n".decode("unicode_escape").encode("latin-1") + b"\\x00" * 64
        response = client.post(
            reverse("documents:upload_paper", args=[case.pk]),
            {"title": "送达回证（纸质）", "upload": SimpleUploadedFile("scan.png", png)},
        )
        assert response.status_code == 302
        document = IssuedDocument.objects.get(case=case, origin=DocumentOrigin.SCANNED)
        assert document.current.pdf.content_type == "image/png"
        assert len(document.current.pdf.sha256) == 64

    def test_a_file_of_the_wrong_type_is_refused_with_a_message(self, client, cast):
        case = numbered_case(cast)
        client.force_login(cast.clerk)
        response = client.post(
            reverse("documents:upload_paper", args=[case.pk]),
            {"title": "扫描件", "upload": SimpleUploadedFile("x.exe", b"MZ\\x90\\x00")},
            follow=True,
        )
        assert "不支持该文件类型" in response.content.decode()
        assert not IssuedDocument.objects.filter(case=case).exists()
