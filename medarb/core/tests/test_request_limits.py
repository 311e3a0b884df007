import shutil
import subprocess

import pytest
from django.core.management import call_command

from medarb.core.management.commands.nginx_config import DEFAULT_PATH, render_config
from medarb.core.request_limits import body_limit

HUNDRED_MB = 100 * 1024 * 1024


class UnreadableBody:
    """A request body that records any attempt to read it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the body of a refused request was read")

    readline = read


@pytest.mark.django_db
class TestRequestSizeLimit:
    @pytest.mark.parametrize("path", ["/verify/", "/portal/apply/evidence/", "/accounts/login/"])
    def test_a_100_mb_upload_is_refused_without_reading_the_body(self, client, path):
        body = UnreadableBody()
        response = client.generic(
            "POST",
            path,
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(HUNDRED_MB),
            **{"wsgi.input": body},
        )
        assert response.status_code == 413
        assert body.reads == 0
        assert "提交的内容过大" in response.content.decode()

    def test_the_verify_page_allows_a_signed_pdf_of_thirty_megabytes(self):
        assert body_limit("/verify/") > 30 * 1024 * 1024 > body_limit("/accounts/login/")

    def test_an_ordinary_request_passes(self, client):
        assert client.post("/verify/", {"code": "ABCD"}).status_code in (200, 302)

    def test_a_malformed_length_is_a_bad_request(self, client):
        response = client.generic(
            "POST", "/verify/", CONTENT_LENGTH="12abc", **{"wsgi.input": UnreadableBody()}
        )
        assert response.status_code == 400

    def test_the_longest_prefix_wins(self, settings):
        settings.REQUEST_MAX_BYTES = 10
        settings.REQUEST_BODY_ALLOWANCES = {"/a/": 20, "/a/b/": 30}
        assert (body_limit("/x/"), body_limit("/a/c/"), body_limit("/a/b/c")) == (10, 20, 30)


class TestNginxConfig:
    def test_the_committed_site_matches_the_settings(self):
        assert DEFAULT_PATH.read_text(encoding="utf-8") == render_config()

    def test_it_caps_bodies_with_the_applications_limits(self, settings):
        settings.REQUEST_MAX_BYTES = 21 * 1024 * 1024
        settings.REQUEST_BODY_ALLOWANCES = {"/verify/": 31 * 1024 * 1024, "/wechat/": 64 * 1024}
        text = render_config()
        assert "client_max_body_size 21m;" in text
        assert "location /verify/ {\n        client_max_body_size 31m;" in text
        assert "location /wechat/ {\n        client_max_body_size 64k;" in text

    def test_the_command_writes_the_file(self, tmp_path):
        target = tmp_path / "site.conf"
        call_command("nginx_config", output=str(target))
        assert target.read_text(encoding="utf-8") == render_config()

    @pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
    def test_nginx_accepts_the_generated_site(self, tmp_path):
        (tmp_path / "logs").mkdir()
        (tmp_path / "site.conf").write_text(render_config().replace("listen 80;", "listen 127.0.0.1:18080;"))
        (tmp_path / "nginx.conf").write_text(
            f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
            f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/body;\n"
            f" proxy_temp_path {tmp_path}/proxy;\n include {tmp_path}/site.conf;\n}}\n"
        )
        result = subprocess.run(
            [
                "nginx",
                "-t",
                "-p",
                str(tmp_path),
                "-c",
                str(tmp_path / "nginx.conf"),
                "-e",
                str(tmp_path / "logs/e.log"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
