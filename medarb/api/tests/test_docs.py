"""The API documentation pages work on a closed network and under the platform's CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(src|href)=["']https?://""")


def inline_scripts(html: str) -> list[str]:
    return [body for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S) if body.strip()]


class TestSwaggerDocsPage:
    def test_it_loads_swagger_ui_from_our_own_static_files(self, client):
        response = client.get("/api/docs/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
        assert not EXTERNAL.search(html)

    def test_it_has_no_inline_script_or_style_and_keeps_the_strict_csp(self, client):
        response = client.get("/api/docs/")
        html = response.content.decode()
        assert inline_scripts(html) == []
        assert "<style" not in html and "style=" not in html
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe" not in csp

    def test_its_init_script_is_served_as_a_separate_file(self, client):
        response = client.get("/api/docs/", {"script": ""})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert "/api/schema/" in response.content.decode()


class TestRedocPage:
    def test_it_loads_redoc_from_our_own_static_files_without_inline_script(self, client):
        response = client.get("/api/redoc/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
        assert '<redoc spec-url="/api/schema/"' in html
        assert inline_scripts(html) == [] and not EXTERNAL.search(html)

    def test_only_this_page_allows_injected_styles_and_a_blob_worker(self, client):
        redoc = client.get("/api/redoc/")["Content-Security-Policy"]
        assert "style-src 'self' 'unsafe-inline'" in redoc
        assert "worker-src 'self' blob:" in redoc
        assert "script-src 'self'" in redoc and "unsafe-eval" not in redoc
        assert "unsafe-inline" not in client.get("/api/docs/")["Content-Security-Policy"]
