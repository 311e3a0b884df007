"""The elder-friendly mode (适老化) is chosen once on a device and kept on every page."""

import pytest

pytestmark = pytest.mark.django_db


class TestElderMode:
    def test_it_is_off_until_chosen(self, client):
        page = client.get("/portal/").content.decode()
        assert 'class="elder"' not in page and "长辈模式（大字）" in page

    def test_choosing_it_returns_to_the_page_and_keeps_it_on_every_page(self, client):
        response = client.post("/portal/display/elder/", {"on": "1", "next": "/portal/calculator/"})
        assert response.status_code == 302 and response["Location"] == "/portal/calculator/"
        assert response.cookies["medarb_elder"]["max-age"] == 365 * 24 * 3600
        for url in ("/portal/", "/portal/calculator/", "/laws/"):
            page = client.get(url).content.decode()
            assert '<html lang="zh-hans" class="elder">' in page, url
        assert "标准模式" in client.get("/portal/").content.decode()

    def test_it_can_be_turned_off_again(self, client):
        client.post("/portal/display/elder/", {"on": "1", "next": "/portal/"})
        client.post("/portal/display/elder/", {"next": "/portal/"})
        assert 'class="elder"' not in client.get("/portal/").content.decode()

    @pytest.mark.parametrize("hostile", ["https://evil.example/", "//evil.example/", "home", ""])
    def test_it_never_sends_the_person_off_the_site(self, client, hostile):
        response = client.post("/portal/display/elder/", {"on": "1", "next": hostile})
        assert response["Location"] == "/portal/"

    def test_a_get_changes_nothing(self, client):
        assert client.get("/portal/display/elder/").status_code == 405
