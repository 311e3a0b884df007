import pytest

from medarb.search.models import Law
from medarb.search.services import load_library


@pytest.fixture
def library(db):
    return load_library()


@pytest.mark.django_db
class TestPublicLibraryPages:
    def test_anyone_can_browse_the_laws_without_signing_in(self, client, library):
        response = client.get("/laws/")
        assert response.status_code == 200
        assert "劳动争议调解仲裁法" in response.content.decode()

    def test_a_law_page_shows_every_article_with_an_anchor(self, client, library):
        law = Law.objects.get(short_title="劳动争议调解仲裁法")
        body = client.get(f"/laws/{law.pk}/").content.decode()
        assert body.count('class="law-article') == 54
        assert "第四十七条" in body

    def test_search_links_each_hit_to_its_article(self, client, library):
        body = client.get("/laws/search/", {"q": "终局裁决"}).content.decode()
        assert "第四十七条" in body
        assert "#a" in body

    def test_an_htmx_search_returns_only_the_results(self, client, library):
        body = client.get("/laws/search/", {"q": "加班费"}, HTTP_HX_REQUEST="true").content.decode()
        assert "<html" not in body and "search-results" in body

    def test_an_overlong_query_is_cut_not_refused(self, client, library):
        assert client.get("/laws/search/", {"q": "加班" * 500}).status_code == 200

    def test_an_unknown_law_is_a_404(self, client, library):
        assert client.get("/laws/999999/").status_code == 404
