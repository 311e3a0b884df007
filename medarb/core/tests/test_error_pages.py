"""Error answers come as the site's own pages, in Chinese."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_get_on_a_post_only_address_shows_the_sites_page_not_a_blank_one(client):
    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "操作方式不正确" in page and "<html" in page


def test_the_api_keeps_its_own_answer_for_a_wrong_method(client, cast):
    client.force_login(cast.clerk)
    response = client.delete("/api/v1/cases/")

    assert response.status_code in (403, 405)
    assert "操作方式不正确" not in response.content.decode()
