import pytest


@pytest.mark.django_db
class TestChineseFirst:
    def test_an_english_browser_still_gets_chinese(self, client):
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.headers["Content-Language"] == "zh-hans"

    def test_the_language_switcher_changes_it(self, client):
        client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert client.get("/accounts/login/").headers["Content-Language"] == "en"

    def test_an_unknown_cookie_value_falls_back_to_chinese(self, client):
        client.cookies["django_language"] = "xx"
        assert client.get("/accounts/login/").headers["Content-Language"] == "zh-hans"
