"""Django's CSRF check is on: a form posted without the token is refused, with it accepted."""

import pytest
from django.test import Client

from medarb.api.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


class TestCrossSiteForms:
    def test_a_staff_form_posted_without_the_token_is_refused(self, browser, cast):
        sign_in(browser, cast.filing_officer)
        response = browser.post("/accounts/logout/")
        assert response.status_code == 403

    def test_the_same_form_with_the_page_token_goes_through(self, browser, cast):
        sign_in(browser, cast.filing_officer)
        browser.get("/")
        token = browser.cookies["csrftoken"].value
        response = browser.post("/accounts/logout/", HTTP_X_CSRFTOKEN=token)
        assert response.status_code in (200, 302)

    def test_an_anonymous_login_post_without_the_token_is_refused(self, browser):
        assert browser.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403
