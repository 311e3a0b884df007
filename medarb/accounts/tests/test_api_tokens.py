"""API tokens are stored as hashes, expire, record their last use (not on every request) and
can be revoked from the security page; answers to signed-in people are never cached."""

from datetime import timedelta

import pytest
from django.apps import apps
from rest_framework.authtoken.models import Token

from medarb.accounts import services
from medarb.accounts.models import ApiToken
from medarb.accounts.tokens import hash_key
from medarb.api.testing import sign_in

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


def call(client, key):
    return client.get(CASES, HTTP_AUTHORIZATION=f"Token {key}")


class TestStoredAsHash:
    def test_the_database_keeps_only_the_sha256_of_the_key(self, cast):
        issued = services.issue_api_token(user=cast.clerk)

        row = ApiToken.objects.get(user=cast.clerk)
        assert row.key_hash == hash_key(issued.key)
        stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
        assert issued.key not in stored
        assert not Token.objects.exists()

    def test_the_migration_hashes_old_clear_tokens_and_deletes_them(self, cast):
        old = Token.objects.create(user=cast.clerk)
        migration = __import__("medarb.accounts.migrations.0005_api_token_hashed", fromlist=["x"])

        migration.hash_clear_tokens(apps, None)

        assert not Token.objects.exists()
        assert ApiToken.objects.get(user=cast.clerk).key_hash == hash_key(old.key)

    def test_an_old_key_keeps_working_after_the_migration(self, client, cast):
        old = Token.objects.create(user=cast.clerk)
        migration = __import__("medarb.accounts.migrations.0005_api_token_hashed", fromlist=["x"])
        migration.hash_clear_tokens(apps, None)

        assert call(client, old.key).status_code == 200


class TestLifetime:
    def test_a_token_expires_after_the_configured_days(self, client, cast, frozen, settings):
        settings.API_TOKEN_DAYS = 30
        key = services.issue_api_token(user=cast.clerk).key
        assert call(client, key).status_code == 200

        frozen.shift(timedelta(days=30, seconds=1))

        response = call(client, key)
        assert response.status_code == 401
        assert "已过期" in response.json()["detail"]

    def test_a_revoked_token_stops_at_once(self, client, cast):
        issued = services.issue_api_token(user=cast.clerk)
        services.revoke_api_token(user=cast.clerk, token_id=issued.token.pk)

        assert call(client, issued.key).status_code == 401

    def test_a_staff_member_cannot_revoke_someone_elses_token(self, cast):
        issued = services.issue_api_token(user=cast.clerk)

        with pytest.raises(services.DomainError):
            services.revoke_api_token(user=cast.chair, token_id=issued.token.pk)
        assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None


class TestLastUse:
    def test_the_last_use_is_written_at_most_once_a_minute(
        self, client, cast, frozen, django_assert_num_queries
    ):
        key = services.issue_api_token(user=cast.clerk).key
        call(client, key)
        first = ApiToken.objects.get(user=cast.clerk).last_used_at
        assert first is not None

        frozen.shift(timedelta(seconds=30))
        call(client, key)
        assert ApiToken.objects.get(user=cast.clerk).last_used_at == first

        frozen.shift(timedelta(seconds=31))
        call(client, key)
        assert ApiToken.objects.get(user=cast.clerk).last_used_at > first


class TestSecurityPage:
    def test_the_page_lists_created_expiry_last_use_and_revokes(self, client, cast):
        issued = services.issue_api_token(user=cast.clerk)
        call(client.__class__(), issued.key)
        sign_in(client, cast.clerk)

        page = client.get("/accounts/security/").content.decode()
        assert issued.token.prefix in page
        assert issued.key not in page  # the clear key is shown only in the answer that issued it
        assert "最近使用" in page and "到期时间" in page

        response = client.post("/accounts/security/", {"action": "revoke_token", "token_id": issued.token.pk})
        assert response.status_code == 302
        assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None
        assert "已吊销" in client.get("/accounts/security/").content.decode()

    def test_a_hostile_token_id_gets_a_message_not_an_error(self, client, cast):
        sign_in(client, cast.clerk)
        for value in ["abc", "-1", str(10**30), "中文"]:
            response = client.post("/accounts/security/", {"action": "revoke_token", "token_id": value})
            assert response.status_code == 200


class TestNoStore:
    def test_a_signed_in_page_is_not_stored(self, client, cast):
        sign_in(client, cast.clerk)

        assert client.get("/cases/")["Cache-Control"] == "no-store, private"

    def test_an_api_answer_is_not_stored(self, client, cast):
        key = services.issue_api_token(user=cast.clerk).key

        assert call(client, key)["Cache-Control"] == "no-store, private"

    def test_a_refused_api_call_is_not_stored_either(self, client, db):
        assert call(client, "mdb_wrong")["Cache-Control"] == "no-store, private"

    def test_a_public_page_for_anonymous_visitors_keeps_its_caching(self, client, db):
        assert "no-store" not in client.get("/portal/guide/").get("Cache-Control", "")
