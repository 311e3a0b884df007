"""The portal is the party's one home: every public service one tap away, one list of cases."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_offers_every_public_service(client):
    page = client.get("/portal/").content.decode()

    for label, href in [
        ("在线申请", "/portal/apply/"),
        ("预约取号", "/appointments/"),
        ("赔偿计算器", "/portal/calculator/"),
        ("文书模板下载", "/documents/forms/"),
        ("办事指南", "/portal/guide/"),
        ("法律法规", "/laws/"),
    ]:
        assert label in page and f'href="{href}"' in page


def test_the_brand_link_leads_a_visitor_to_the_portal_not_the_staff_login(client):
    page = client.get("/portal/").content.decode()

    assert 'class="navbar-brand" href="/portal/"' in page


def test_the_brand_link_leads_staff_to_their_desk(client, cast):
    client.force_login(cast.clerk)

    page = client.get("/portal/").content.decode()

    assert 'class="navbar-brand" href="/"' in page


def test_a_signed_in_party_has_one_home_and_one_list_of_cases(client, cast):
    client.force_login(cast.worker)

    response = client.get("/")

    assert response.status_code == 302 and response["Location"] == "/portal/"
    home = client.get("/portal/").content.decode()
    assert 'href="/portal/my/"' in home
