import pytest

pytestmark = pytest.mark.django_db


class TestHealth:
    def test_it_reports_database_storage_and_queue(self, client, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        response = client.get("/health/")
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] is True
        assert set(body["checks"]) == {"database", "storage", "queue"}

    def test_a_broken_storage_answers_503_naming_the_check(self, client, settings, tmp_path):
        blocked = tmp_path / "file-not-dir"
        blocked.write_text("x")
        settings.MEDIA_ROOT = blocked
        response = client.get("/health/")
        assert response.status_code == 503
        assert response.json()["checks"]["storage"]["ok"] is False
