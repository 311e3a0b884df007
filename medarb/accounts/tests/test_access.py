"""Parties never reach staff pages; API tokens are issued to staff only and only staff
tokens open the API."""

from datetime import timedelta

import pytest
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from medarb.accounts import services
from medarb.accounts.models import ApiToken
from medarb.accounts.tests.conftest import sign_in_with_password, totp_now
from medarb.accounts.tokens import hash_key
from medarb.api.authentication import StaffTokenAuthentication
from medarb.api.testing import token_key_for
from medarb.audit.models import AuditEntry
from medarb.core.errors import NotAllowed

pytestmark = pytest.mark.django_db


class TestPartiesStayOutOfStaffPages:
    @pytest.mark.parametrize(
        "path", ["/cases/", "/cases/register/", "/orgs/", "/accounts/security/", "/accounts/mfa/"]
    )
    def test_a_signed_in_worker_is_refused(self, client, cast, path):
        client.force_login(cast.worker)

        assert client.get(path).status_code == 403

    def test_the_workers_menu_has_no_staff_entries(self, client, cast):
        client.force_login(cast.worker)

        labels = [str(entry["label"]) for entry in client.get("/portal/").context["nav_entries"]]

        assert labels == ["我的案件", "我的送达", "在线申请", "预约取号", "我的提问"]
        assert not {"案件", "收件登记", "账户安全"} & set(labels)

    def test_an_anonymous_visitor_is_sent_to_sign_in(self, client, db):
        response = client.get("/cases/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


class TestApiTokens:
    def test_a_clerk_issues_a_token_on_the_security_page_and_it_opens_the_api(self, client, cast):
        sign_in_with_password(client, cast.clerk)

        page = client.post("/accounts/security/", {"action": "api_token"})

        key = page.context["token"]
        assert key in page.content.decode()
        assert ApiToken.objects.get(user=cast.clerk).key_hash == hash_key(key)
        assert AuditEntry.objects.filter(actor=cast.clerk, summary="API token issued").exists()
        api = client.__class__()
        assert api.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    def test_a_new_token_replaces_the_old_one(self, client, cast):
        first = services.issue_api_token(user=cast.clerk).key
        second = services.issue_api_token(user=cast.clerk).key

        assert first != second
        live = ApiToken.objects.filter(user=cast.clerk, revoked_at__isnull=True)
        assert list(live.values_list("key_hash", flat=True)) == [hash_key(second)]
        response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {first}")
        assert response.status_code in (401, 403)

    def test_a_chair_issues_a_token_only_after_the_second_factor(self, client, cast, frozen):
        sign_in_with_password(client, cast.chair)

        blocked = client.post("/accounts/security/", {"action": "api_token"})
        assert blocked.status_code == 302
        assert not ApiToken.objects.filter(user=cast.chair).exists()

        secret = client.get("/accounts/mfa/").context["secret"]
        client.post("/accounts/mfa/", {"token": totp_now(secret)})
        frozen.shift(timedelta(seconds=1))
        assert client.post("/accounts/security/", {"action": "api_token"}).status_code == 200
        assert ApiToken.objects.filter(user=cast.chair).exists()

    def test_the_service_refuses_a_token_to_a_party(self, cast):
        with pytest.raises(NotAllowed, match="API 令牌仅限工作人员使用。"):
            services.issue_api_token(user=cast.worker)
        assert not ApiToken.objects.filter(user=cast.worker).exists()

    def test_a_token_that_belongs_to_a_party_does_not_authenticate(self, cast):
        # However it came to exist (admin, old data), a party's token is refused.
        key = token_key_for(cast.worker)
        request = APIRequestFactory().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {key}")

        with pytest.raises(AuthenticationFailed, match="API 令牌仅限工作人员使用。"):
            StaffTokenAuthentication().authenticate(request)

    def test_a_staff_token_authenticates_as_its_owner(self, cast):
        token = services.issue_api_token(user=cast.clerk)
        request = APIRequestFactory().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")

        user, _ = StaffTokenAuthentication().authenticate(request)

        assert user == cast.clerk

    def test_the_api_answers_a_party_token_with_a_refusal(self, client, cast):
        key = token_key_for(cast.worker)

        response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {key}")

        assert response.status_code in (401, 403)
