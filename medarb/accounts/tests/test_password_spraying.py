"""Password spraying: many accounts, few wrong passwords each, one address. django-axes
locks an account per (username, address); accounts.lockout limits the address itself."""

import pytest
from django.conf import settings

from medarb.accounts.models import SignInFailure
from medarb.accounts.tests.conftest import sign_in_with_password
from medarb.core.sms import ConsoleBackend
from medarb.testing import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = "198.51.100.23"


def try_password(client, username: str, password: str = "Spring2026!", addr: str = SPRAYER):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


class TestPasswordSpraying:
    def test_40_wrong_passwords_across_10_accounts_are_stopped_at_the_address_limit(self, client, cast):
        staff = list(cast.staff().values())[:10]
        statuses = [try_password(client, user.username).status_code for _ in range(4) for user in staff]
        limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        assert statuses[:limit] == [200] * limit  # "用户名或密码不正确"
        assert statuses[limit:] == [429] * (40 - limit)
        assert SignInFailure.objects.filter(ip=SPRAYER).count() == limit  # refused ones were not tried

    def test_the_refusal_says_why_in_chinese(self, client, cast):
        SignInFailure.objects.bulk_create(
            SignInFailure(ip=SPRAYER, kind="password") for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        )
        page = try_password(client, cast.clerk.username).content.decode()
        assert "本网络地址登录失败次数过多" in page

    def test_a_right_password_from_a_blocked_address_is_refused_too(self, client, cast):
        SignInFailure.objects.bulk_create(
            SignInFailure(ip=SPRAYER, kind="password") for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        )
        assert try_password(client, cast.clerk.username, PASSWORD).status_code == 429
        assert "_auth_user_id" not in client.session

    def test_other_addresses_still_sign_in(self, client, cast):
        SignInFailure.objects.bulk_create(
            SignInFailure(ip=SPRAYER, kind="password") for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        )
        assert sign_in_with_password(client, cast.clerk).status_code == 302

    def test_the_per_account_lock_still_applies_below_the_address_limit(self, client, cast):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            try_password(client, cast.clerk.username)
        assert try_password(client, cast.clerk.username, PASSWORD).status_code == 429
        assert try_password(client, cast.chair.username, PASSWORD).status_code == 302


class TestPartyCodeGuessing:
    def test_wrong_codes_for_many_phones_from_one_address_are_stopped(self, client, cast):
        phones = [f"1370000{n:04d}" for n in range(8)]
        statuses = []
        for phone in phones:
            client.cookies.clear()
            client.post("/accounts/party/", {"stage": "phone", "phone": phone}, REMOTE_ADDR=SPRAYER)
            sent = ConsoleBackend.outbox[-1]["params"]["code"]
            wrong = f"{(int(sent) + 1) % 10**6:06d}"
            for _ in range(3):
                response = client.post(
                    "/accounts/party/", {"stage": "code", "phone": phone, "code": wrong}, REMOTE_ADDR=SPRAYER
                )
                statuses.append(response.status_code)
        limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        assert statuses[:limit] == [200] * limit
        assert set(statuses[limit:]) == {429}
        assert "本网络地址登录失败次数过多" in response.content.decode()
