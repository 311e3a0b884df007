"""Staff sign in with username and password; django-axes locks an account after repeated
failures; every sign-in, failure and sign-out lands in the audit chain."""

from datetime import timedelta

import pytest
from django.conf import settings

from medarb.accounts.tests.conftest import sign_in_with_password
from medarb.audit.models import AuditAction, AuditEntry
from medarb.audit.services import verify_chain
from medarb.testing import PASSWORD

pytestmark = pytest.mark.django_db


def wrong_password(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": "not-the-password"})


class TestPasswordSignIn:
    def test_a_clerk_signs_in_and_lands_on_the_dashboard(self, client, cast):
        response = sign_in_with_password(client, cast.clerk)

        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/").status_code == 200

    def test_a_wrong_password_is_refused_in_chinese(self, client, cast):
        response = wrong_password(client, cast.clerk)

        assert response.status_code == 200
        assert "用户名或密码不正确。" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_an_empty_form_asks_for_both_fields(self, client, cast):
        response = client.post("/accounts/login/", {"username": "", "password": ""})

        page = response.content.decode()
        assert response.status_code == 200
        assert "请输入用户名。" in page
        assert "请输入密码。" in page

    def test_a_party_cannot_use_the_staff_form_even_with_a_password(self, client, cast):
        cast.worker.set_password(PASSWORD)
        cast.worker.save(update_fields=["password"])

        response = sign_in_with_password(client, cast.worker)

        assert response.status_code == 200
        assert "当事人请使用手机验证码登录。" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_an_inactive_account_cannot_sign_in(self, client, cast):
        cast.clerk.is_active = False
        cast.clerk.save(update_fields=["is_active"])

        response = sign_in_with_password(client, cast.clerk)

        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_signing_in_rotates_the_session_key(self, client, cast):
        session = client.session
        session["probe"] = "before sign-in"
        session.save()
        before = session.session_key

        sign_in_with_password(client, cast.clerk)

        assert client.session.session_key != before
        assert client.session["_auth_user_id"] == str(cast.clerk.pk)


class TestNextParameter:
    def test_a_local_next_is_followed(self, client, cast):
        response = sign_in_with_password(client, cast.clerk, next_url="/cases/")

        assert response["Location"] == "/cases/"

    @pytest.mark.parametrize(
        "target",
        [
            "https://evil.example/",
            "//evil.example/steal",
            "http://testserver@evil.example/",
            "javascript:alert(1)",
        ],
    )
    def test_a_next_pointing_to_another_host_is_ignored(self, client, cast, target):
        response = sign_in_with_password(client, cast.clerk, next_url=target)

        assert response["Location"] == "/"


class TestLockout:
    def test_the_fifth_failure_locks_the_account_with_a_chinese_429_page(self, client, cast):
        assert settings.AXES_FAILURE_LIMIT == 5
        for _ in range(4):
            assert wrong_password(client, cast.clerk).status_code == 200

        response = wrong_password(client, cast.clerk)

        assert response.status_code == 429
        page = response.content.decode()
        assert "登录失败次数过多" in page
        assert "15分钟后再试" in page

    def test_even_the_right_password_is_refused_while_locked(self, client, cast):
        for _ in range(5):
            wrong_password(client, cast.clerk)

        response = sign_in_with_password(client, cast.clerk)

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_the_lock_lifts_after_the_cool_off(self, client, cast, frozen):
        for _ in range(5):
            wrong_password(client, cast.clerk)

        frozen.shift(timedelta(minutes=16))
        response = sign_in_with_password(client, cast.clerk)

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(cast.clerk.pk)

    def test_a_successful_sign_in_resets_the_failure_count(self, client, cast):
        for _ in range(4):
            wrong_password(client, cast.clerk)
        sign_in_with_password(client, cast.clerk)
        client.post("/accounts/logout/")

        for _ in range(4):
            assert wrong_password(client, cast.clerk).status_code == 200
        assert sign_in_with_password(client, cast.clerk).status_code == 302

    def test_one_locked_account_does_not_lock_a_colleague(self, client, cast):
        for _ in range(5):
            wrong_password(client, cast.clerk)

        assert sign_in_with_password(client, cast.arbitrator).status_code == 302


class TestSignInAudit:
    def test_sign_in_and_sign_out_are_recorded_with_the_actor(self, client, cast):
        sign_in_with_password(client, cast.clerk)
        client.post("/accounts/logout/")

        entries = list(AuditEntry.objects.filter(actor=cast.clerk).values_list("action", "summary"))
        assert (AuditAction.LOGIN, "password") in entries
        assert (AuditAction.LOGOUT, "") in entries
        assert verify_chain() == []

    def test_a_failed_password_is_recorded_with_the_name_tried_and_the_address(self, client, cast):
        wrong_password(client, cast.clerk)

        entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
        assert entry.actor is None
        assert entry.object_id == "clerk"
        assert entry.summary == "wrong username or password"
        assert entry.ip == "127.0.0.1"
        assert "not-the-password" not in str(entry.data)

    def test_attempts_during_a_lockout_are_recorded_as_locked_out(self, client, cast):
        for _ in range(6):
            wrong_password(client, cast.clerk)

        summaries = list(
            AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
            .order_by("seq")
            .values_list("summary", flat=True)
        )
        assert summaries[:4] == ["wrong username or password"] * 4
        assert summaries[-1] == "locked out"


class TestSignOut:
    def test_sign_out_needs_a_post(self, client, cast):
        sign_in_with_password(client, cast.clerk)

        assert client.get("/accounts/logout/").status_code == 405
        assert client.session.get("_auth_user_id") == str(cast.clerk.pk)

    def test_sign_out_ends_the_session(self, client, cast):
        sign_in_with_password(client, cast.clerk)

        response = client.post("/accounts/logout/")

        assert response["Location"] == "/accounts/login/"
        assert "_auth_user_id" not in client.session
        assert client.get("/").status_code == 302
