import pytest

pytestmark = pytest.mark.django_db


class TestHealth:
    def test_it_reports_database_storage_queue_and_media_disk(self, client, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        settings.MEDARB_MEDIA_DIR = tmp_path / "media"
        response = client.get("/health/")
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] is True
        assert set(body["checks"]) == {"database", "storage", "queue", "media_disk"}

    def test_a_media_disk_below_its_floor_is_reported_without_taking_the_site_out(
        self, client, tmp_path, settings
    ):
        settings.MEDARB_MEDIA_DIR = tmp_path / "media"
        settings.MEDARB_MEDIA_MIN_FREE_BYTES = 10**18
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.json()["checks"]["media_disk"]["low"] is True

    def test_a_broken_storage_answers_503_naming_the_check(self, client, settings, tmp_path):
        blocked = tmp_path / "file-not-dir"
        blocked.write_text("x")
        settings.MEDIA_ROOT = blocked
        response = client.get("/health/")
        assert response.status_code == 503
        assert response.json()["checks"]["storage"]["ok"] is False
