"""A template cannot make the PDF renderer read server files or make server requests.

The attack: an administrator (or anyone who gets their session) writes a template that
names `file:///…/.env` as a PDF attachment or an image on `http://127.0.0.1:…`; a preview
or an issued paper then carries the platform's keys. Each test here reproduces one door and
checks the PDF (its embedded files, images and text) and a local server that records hits.
"""

import io
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

from medarb.documents import pdf, rendering, sanitise, services
from medarb.documents.models import DocumentTemplate, TemplateVersion
from medarb.documents.testing import numbered_case, pdf_text

pytestmark = pytest.mark.django_db

SECRET = "MEDARB_SECRET_KEY=do-not-leak-7f3a9c"


class _Recorder(ThreadingHTTPServer):
    hits: list[str]


@pytest.fixture
def http_server():
    """A real local HTTP server that records every request (and would answer with an image)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.server.hits.append(self.path)
            body = _png()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = _Recorder(("127.0.0.1", 0), Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.env"
    path.write_text(SECRET + "\n")
    return path


@pytest.fixture
def static_dir(tmp_path, settings) -> Path:
    """A static folder holding one logo, with a secret image just outside it."""
    folder = tmp_path / "static"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "logo.png").write_bytes(_png((200, 0, 0)))
    (tmp_path / "secret.png").write_bytes(_png((0, 0, 200)))
    settings.STATICFILES_DIRS = [folder]
    return folder


def _png(colour=(0, 0, 0)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, format="PNG")
    return out.getvalue()


def _poppler(tool: str, data: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *args, str(path)], capture_output=True, check=True, text=True).stdout


def embedded_files(data: bytes, tmp_path) -> int:
    """How many files the PDF carries (pdfdetach: "N embedded files")."""
    return int(_poppler("pdfdetach", data, tmp_path, "-list").split()[0])


def raster_images(data: bytes, tmp_path) -> int:
    """How many raster images the PDF draws (the QR code is vector, not counted)."""
    return len(_poppler("pdfimages", data, tmp_path, "-list").splitlines()[2:])


def _page(body: str) -> str:
    return f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>"


class TestTheFetcherRefusesEverythingButOurAssets:
    """Whole pages straight into the renderer: the second wall, behind the cleaner."""

    def test_it_embeds_no_file_named_by_a_link_rel_attachment(self, tmp_path, secret_file):
        data = pdf.write_pdf(_page(f'<p>x</p><link rel="attachment" href="{secret_file.as_uri()}">'))
        assert embedded_files(data, tmp_path) == 0
        assert SECRET.encode() not in data

    def test_it_embeds_no_file_named_by_an_anchor_rel_attachment(self, tmp_path, secret_file):
        data = pdf.write_pdf(_page(f'<a rel="attachment" href="{secret_file.as_uri()}">附件</a>'))
        assert embedded_files(data, tmp_path) == 0

    def test_it_makes_no_request_for_an_image_on_a_local_server(self, tmp_path, http_server):
        port = http_server.server_address[1]
        data = pdf.write_pdf(_page(f'<img src="http://127.0.0.1:{port}/probe.png">'))
        assert http_server.hits == []
        assert raster_images(data, tmp_path) == 0

    def test_it_makes_no_request_for_css_urls_or_imports(self, tmp_path, http_server, secret_file):
        port = http_server.server_address[1]
        page = _page(
            f"<style>@import url('{secret_file.as_uri()}'); @import 'http://127.0.0.1:{port}/a.css';"
            f" p {{ background: url('http://127.0.0.1:{port}/bg.png') }}"
            f" @font-face {{ font-family: x; src: url('{secret_file.as_uri()}') }}</style><p>文字</p>"
        )
        data = pdf.write_pdf(page)
        assert http_server.hits == []
        assert raster_images(data, tmp_path) == 0

    def test_it_refuses_a_data_url_that_is_not_an_image(self):
        fetcher = pdf.SafeFetcher()
        with pytest.raises(pdf.UnsafeUrl):
            fetcher.fetch("data:text/plain;base64,U0VDUkVU")
        assert fetcher.fetch("data:image/png;base64,iVBORw0KGgo=").content_type == "image/png"

    def test_it_refuses_other_schemes_and_hosts(self, secret_file):
        fetcher = pdf.SafeFetcher()
        for url in [
            secret_file.as_uri(),
            "http://127.0.0.1:1/x.png",
            "https://example.com/x.png",
            "ftp://127.0.0.1/x",
            "https://medarb.invalid.example.com/static/img/logo.png",
            "https://medarb.invalid/media/sha256/ab/abcd",
            "https://medarb.invalid/files/" + "0" * 64,  # not cited by this document
        ]:
            with pytest.raises(pdf.UnsafeUrl):
                fetcher.fetch(url)
        assert len(fetcher.refused) == 7

    def test_it_refuses_path_traversal_out_of_the_static_folder(self, tmp_path, static_dir):
        fetcher = pdf.SafeFetcher()
        for path in ["..%2fsecret.png", "%2e%2e/secret.png", "img/..%2f..%2fsecret.png", "%2fetc/passwd"]:
            with pytest.raises(pdf.UnsafeUrl):
                fetcher.fetch(pdf.BASE_URL + "static/" + path)
        page = _page('<img src="/static/../secret.png"><img src="/static/%2e%2e/secret.png">')
        assert raster_images(pdf.write_pdf(page), tmp_path) == 0

    def test_it_serves_the_platforms_own_static_images(self, tmp_path, static_dir):
        data = pdf.write_pdf(_page('<img src="/static/img/logo.png" style="width:2cm">'))
        assert raster_images(data, tmp_path) == 1

    def test_it_serves_a_stored_file_the_document_cites_and_no_other(self, tmp_path):
        from medarb.core.files import store_bytes

        cited = store_bytes(data=_png((0, 150, 0)), name="seal.png", content_type="image/png")
        other = store_bytes(data=_png((0, 0, 150)), name="other.png", content_type="image/png")
        page = _page(f'<img src="/files/{cited.sha256}"><img src="/files/{other.sha256}">')
        assert raster_images(pdf.write_pdf(page, files=[cited]), tmp_path) == 1


class TestEveryRenderPathUsesTheSafeRenderer:
    def test_no_module_calls_weasyprint_but_the_safe_renderer(self):
        root = Path(__file__).resolve().parents[2]
        offenders = [
            str(path.relative_to(root))
            for path in root.rglob("*.py")
            if "tests" not in path.parts
            and path.name != "pdf.py"
            and ("from weasyprint import" in (text := path.read_text()) or "weasyprint.HTML" in text)
        ]
        assert offenders == []

    def test_an_old_stored_template_with_the_attack_issues_a_clean_paper(
        self, cast, tmp_path, secret_file, http_server
    ):
        """A version stored before the cleaner (written straight to the table) still cannot leak."""
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code="hearing_notice")
        template.versions.update(is_active=False)
        port = http_server.server_address[1]
        TemplateVersion.objects.create(
            template=template,
            number=99,
            body=(
                f'<p>{{{{ number }}}} 开庭通知</p><link rel="attachment" href="{secret_file.as_uri()}">'
                f'<img src="http://127.0.0.1:{port}/probe.png"><script>alert(1)</script>'
                f"<style>@import url('{secret_file.as_uri()}');</style>"
            ),
        )
        case = numbered_case(cast)
        document = services.issue_document(case=case, template_code="hearing_notice", actor=cast.clerk)
        from medarb.core.files import read_bytes

        data = read_bytes(document.current.pdf)
        assert embedded_files(data, tmp_path) == 0
        assert http_server.hits == []
        assert "开庭通知" in pdf_text(data, tmp_path) and SECRET not in pdf_text(data, tmp_path)

    def test_the_mediation_papers_use_the_safe_renderer(self, tmp_path, secret_file):
        from medarb.mediation import documents as mediation_documents

        data = mediation_documents._pdf(_page(f'<link rel="attachment" href="{secret_file.as_uri()}">'))
        assert embedded_files(data, tmp_path) == 0


def _no_mfa(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]


class TestTheEditorCleansTemplates:
    ATTACK = (
        "<p>{{ number }}</p>\n"
        '<link rel="attachment" href="file:///etc/passwd">\n'
        '<p onclick="x()">正文</p><img src="http://127.0.0.1:8000/probe.png">\n'
        "<script>fetch('/')</script>"
        '<a rel="attachment" href="file:///srv/medarb/.env">附件</a>'
        '<p style="background:url(file:///etc/passwd)">样式</p>'
    )

    def test_saving_strips_scripts_attachments_and_outside_urls_and_names_them(self, cast):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code="hearing_notice")
        version = services.save_template_version(
            template=template, body=self.ATTACK, actor=cast.chair, unit=cast.district
        )
        for gone in ["script", "attachment", "file:", "127.0.0.1", "onclick", "url("]:
            assert gone not in version.body
        assert "<p>{{ number }}</p>" in version.body and "正文" in version.body and "附件" in version.body
        message = sanitise.Cleaned(html="", removed=version.removed).message()
        for named in ["<script>", "<link>", "onclick", "127.0.0.1", "rel", "style"]:
            assert named in message

    def test_the_editor_tells_the_admin_what_was_removed(self, client, cast, settings):
        _no_mfa(settings)
        client.force_login(cast.chair)
        url = reverse("documents:template_edit", args=["hearing_notice"]) + f"?unit={cast.district.pk}"
        response = client.post(url, {"body": self.ATTACK, "note": "x"}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert "已移除模板中不允许的内容" in html and "&lt;script&gt;" in html

    def test_a_tag_assembled_by_template_tags_is_refused(self, cast):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code="hearing_notice")
        from medarb.core.errors import DomainError

        with pytest.raises(DomainError) as error:
            services.save_template_version(
                template=template,
                body="<p>{{ number }}</p><{% if number %}script{% endif %}>alert(1)</script>",
                actor=cast.chair,
                unit=cast.district,
            )
        assert "不允许的内容" in error.value.message

    def test_the_preview_pdf_of_an_attack_embeds_and_fetches_nothing(
        self, client, cast, settings, tmp_path, secret_file, http_server
    ):
        _no_mfa(settings)
        client.force_login(cast.unit_admin)
        port = http_server.server_address[1]
        body = (
            f'<p>{{{{ number }}}}</p><link rel="attachment" href="{secret_file.as_uri()}">'
            f'<img src="http://127.0.0.1:{port}/probe.png">'
        )
        response = client.post(
            reverse("documents:template_preview", args=["hearing_notice"]), {"body": body, "format": "pdf"}
        )
        assert response["Content-Type"] == "application/pdf"
        assert embedded_files(response.content, tmp_path) == 0
        assert http_server.hits == []

    def test_the_html_preview_shows_no_script_and_says_what_it_removed(self, client, cast, settings):
        _no_mfa(settings)
        client.force_login(cast.unit_admin)
        response = client.post(
            reverse("documents:template_preview", args=["hearing_notice"]),
            {"body": "<p>{{ extra.room }}</p><script>alert(1)</script><img src=x onerror=alert(2)>"},
        )
        html = response.content.decode()
        assert (
            "第一仲裁庭" in html
            and "<script>" not in html
            and "onerror" not in html.split("template-removed")[0]
        )
        assert 'data-testid="template-removed"' in html

    def test_good_templates_are_kept_byte_for_byte(self):
        from medarb.documents import defaults

        for _title, body in defaults.CASE_TEMPLATES.values():
            cleaned = sanitise.clean_source(body)
            assert cleaned.html == body and not cleaned.removed
            assert not sanitise.clean_output(rendering.check_body(body)).removed
        for _title, _guidance, body in defaults.BLANK_TEMPLATES.values():
            assert sanitise.clean_source(body).html == body
