"""Parties (workers, employers, agents) sign in with a phone number and a one-time SMS code."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from medarb.accounts import services
from medarb.accounts.models import SmsCode, User, UserKind
from medarb.accounts.tests.conftest import last_sms_code
from medarb.audit.models import AuditAction, AuditEntry
from medarb.cases.models import Case, Party
from medarb.core.errors import DomainError
from medarb.core.sms import ConsoleBackend
from medarb.core.tests.dysms import SECRETS, FakeDysms
from medarb.testing import register

pytestmark = pytest.mark.django_db

NEW_PHONE = "13600136000"
URL = "/accounts/party/"


def ask_code(client, phone: str, **extra):
    return client.post(URL, {"stage": "phone", "phone": phone, **extra})


def enter_code(client, phone: str, code: str, **extra):
    return client.post(URL, {"stage": "code", "phone": phone, "code": code, **extra})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


class TestPartySignIn:
    def test_a_worker_new_to_the_platform_gets_an_account_linked_to_her_case(self, client, cast):
        case = register(
            actor=cast.filing_officer, unit=cast.district, worker_phone=NEW_PHONE, worker_name="刘芳"
        )

        asked = ask_code(client, NEW_PHONE)
        assert asked.status_code == 200
        assert asked.context["stage"] == "code"
        assert "验证码已发送，5分钟内有效。" in asked.content.decode()
        response = enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE))

        assert response.status_code == 302
        assert response["Location"] == "/"
        user = User.objects.get(pk=client.session["_auth_user_id"])
        assert user.kind == UserKind.PARTY
        assert user.phone == NEW_PHONE
        assert not user.has_usable_password()
        assert Party.objects.get(case=case, name="刘芳").user == user
        assert f'href="/portal/my/{case.pk}/"' in client.get("/portal/my/").content.decode()
        assert list(Case.objects.visible_to(user)) == [case]

    def test_a_known_party_signs_in_to_the_same_account_and_sees_later_cases(self, client, cast):
        register(actor=cast.filing_officer, unit=cast.district)  # worker phone 13800138000

        ask_code(client, "138 0013 8000")
        enter_code(client, "13800138000", last_sms_code("13800138000"))

        assert client.session["_auth_user_id"] == str(cast.worker.pk)
        assert Party.objects.filter(user=cast.worker).count() == 1
        assert User.objects.filter(kind=UserKind.PARTY, phone_index=cast.worker.phone_index).count() == 1

    def test_the_account_is_created_once_however_often_the_party_signs_in(self, client, cast, frozen):
        for _ in range(2):
            ask_code(client, NEW_PHONE)
            enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE))
            client.post("/accounts/logout/")
            frozen.shift(timedelta(minutes=2))

        assert User.objects.filter(kind=UserKind.PARTY, username__startswith="p_").count() == 1

    def test_signing_in_rotates_the_session_key(self, client, cast):
        session = client.session
        session["probe"] = "before sign-in"
        session.save()
        before = session.session_key
        ask_code(client, NEW_PHONE)

        enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE))

        assert client.session.session_key != before

    def test_a_local_next_survives_both_steps(self, client, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, worker_phone=NEW_PHONE)
        target = f"/cases/{case.pk}/"

        page = ask_code(client, NEW_PHONE, next=target)
        assert f'name="next" value="{target}"' in page.content.decode()
        response = enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE), next=target)

        assert response["Location"] == target

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "https:evil.example"])
    def test_a_next_pointing_to_another_host_is_ignored(self, client, cast, target):
        ask_code(client, NEW_PHONE)

        response = enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE), next=target)

        assert response["Location"] == "/"

    def test_sign_in_and_sign_out_are_audited_without_the_phone_in_clear(self, client, cast):
        ask_code(client, NEW_PHONE)
        enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE))
        user = User.objects.get(pk=client.session["_auth_user_id"])
        logout = client.post("/accounts/logout/")

        assert logout["Location"] == "/accounts/party/"
        actions = set(AuditEntry.objects.filter(actor=user).values_list("action", "summary"))
        assert (AuditAction.LOGIN, "sms") in actions
        assert (AuditAction.LOGOUT, "") in actions
        assert not AuditEntry.objects.filter(summary__contains=NEW_PHONE).exists()

    def test_a_deactivated_party_account_cannot_sign_in(self, client, cast):
        cast.worker.is_active = False
        cast.worker.save(update_fields=["is_active"])
        ask_code(client, "13800138000")

        response = enter_code(client, "13800138000", last_sms_code("13800138000"))

        assert response.status_code == 200
        assert "该账户已停用" in response.content.decode()
        assert "_auth_user_id" not in client.session


class TestBadInput:
    @pytest.mark.parametrize(
        "phone", ["12345", "2380013800", "1380013800a", "+1 415 555 0100", "1280013800 0"]
    )
    def test_a_malformed_phone_number_is_refused_and_nothing_is_sent(self, client, db, phone):
        response = ask_code(client, phone)

        assert response.status_code == 200
        assert "请输入11位中国大陆手机号码。" in response.content.decode()
        assert ConsoleBackend.outbox == []

    def test_the_page_shows_no_error_before_anything_is_typed(self, client, db):
        response = client.get(URL)

        assert response.status_code == 200
        assert "请输入手机号码。" not in response.content.decode()
        assert "invalid-feedback" not in response.content.decode()

    def test_an_empty_phone_form_asks_for_the_number(self, client, db):
        response = client.post(URL, {"stage": "phone"})

        assert response.status_code == 200
        assert "请输入手机号码。" in response.content.decode()

    def test_an_empty_code_form_asks_for_the_code(self, client, db):
        response = client.post(URL, {"stage": "code", "phone": NEW_PHONE})

        assert response.status_code == 200
        assert "请输入短信验证码。" in response.content.decode()

    @pytest.mark.parametrize("code", ["12a456", "12 456", "12345", "١٢٣٤٥٦"])
    def test_a_code_that_is_not_six_digits_is_refused_without_using_an_attempt(self, client, db, code):
        ask_code(client, NEW_PHONE)

        response = enter_code(client, NEW_PHONE, code)

        assert response.status_code == 200
        assert "验证码应为6位数字。" in response.content.decode()
        assert SmsCode.objects.get().attempts == 0

    def test_full_width_digits_from_a_chinese_keyboard_are_read_as_digits(self, client, db):
        ask_code(client, "１３６００１３６０００")
        code = last_sms_code(NEW_PHONE)
        full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

        assert enter_code(client, "１３６００１３６０００", full_width).status_code == 302

    def test_an_unknown_stage_shows_the_phone_form(self, client, db):
        response = client.post(URL, {"stage": "shell", "phone": NEW_PHONE})

        assert response.status_code == 200
        assert response.context["stage"] == "shell"
        assert ConsoleBackend.outbox == []

    def test_a_code_for_a_number_that_never_asked_is_refused(self, client, db):
        response = enter_code(client, NEW_PHONE, "123456")

        assert "请先获取验证码。" in response.content.decode()


class TestCodeRules:
    def test_only_a_hash_of_the_code_is_stored(self, client, db):
        ask_code(client, NEW_PHONE)

        stored = SmsCode.objects.get()
        assert last_sms_code(NEW_PHONE) not in stored.code_hash
        assert stored.requested_from == "127.0.0.1"

    def test_a_code_expires_after_five_minutes(self, client, db, frozen):
        ask_code(client, NEW_PHONE)
        code = last_sms_code(NEW_PHONE)

        frozen.shift(timedelta(minutes=5, seconds=1))
        response = enter_code(client, NEW_PHONE, code)

        assert "验证码已过期，请重新获取。" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_code_still_works_just_before_it_expires(self, client, db, frozen):
        ask_code(client, NEW_PHONE)
        frozen.shift(timedelta(minutes=4, seconds=59))

        assert enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE)).status_code == 302

    def test_a_code_works_only_once(self, client, db):
        ask_code(client, NEW_PHONE)
        code = last_sms_code(NEW_PHONE)
        enter_code(client, NEW_PHONE, code)
        client.post("/accounts/logout/")

        response = enter_code(client, NEW_PHONE, code)

        assert "请先获取验证码。" in response.content.decode()

    def test_five_wrong_codes_burn_the_code(self, client, db):
        ask_code(client, NEW_PHONE)
        code = last_sms_code(NEW_PHONE)

        messages = [enter_code(client, NEW_PHONE, wrong(code)).content.decode() for _ in range(5)]

        assert "验证码不正确，还可尝试4次。" in messages[0]
        assert "验证码错误次数过多，请重新获取。" in messages[4]
        response = enter_code(client, NEW_PHONE, code)
        assert "验证码错误次数过多，请重新获取。" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_four_wrong_codes_still_leave_the_right_one_usable(self, client, db):
        ask_code(client, NEW_PHONE)
        code = last_sms_code(NEW_PHONE)
        for _ in range(4):
            enter_code(client, NEW_PHONE, wrong(code))

        assert enter_code(client, NEW_PHONE, code).status_code == 302

    def test_a_new_code_replaces_a_burned_one(self, client, db, frozen):
        ask_code(client, NEW_PHONE)
        for _ in range(5):
            enter_code(client, NEW_PHONE, wrong(last_sms_code(NEW_PHONE)))
        frozen.shift(timedelta(seconds=61))

        ask_code(client, NEW_PHONE)

        assert enter_code(client, NEW_PHONE, last_sms_code(NEW_PHONE)).status_code == 302

    def test_wrong_codes_are_audited_with_a_masked_number(self, client, db):
        ask_code(client, NEW_PHONE)
        enter_code(client, NEW_PHONE, wrong(last_sms_code(NEW_PHONE)))

        entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
        assert entry.object_id == "136****6000"
        assert entry.summary == "SMS code refused"


class TestSendingLimits:
    def test_a_second_code_within_a_minute_is_refused(self, client, db, frozen):
        ask_code(client, NEW_PHONE)
        frozen.shift(timedelta(seconds=59))

        response = ask_code(client, NEW_PHONE)

        assert "验证码发送过于频繁，请一分钟后再试。" in response.content.decode()
        assert len(ConsoleBackend.outbox) == 1

    def test_a_code_may_be_resent_after_a_minute(self, client, db, frozen):
        ask_code(client, NEW_PHONE)
        frozen.shift(timedelta(seconds=61))

        page = ask_code(client, NEW_PHONE)

        assert page.context["stage"] == "code"
        assert len(ConsoleBackend.outbox) == 2

    def test_the_code_page_offers_a_resend_button_for_the_same_number(self, client, db):
        page = ask_code(client, NEW_PHONE).content.decode()

        assert "重新获取验证码" in page
        assert f'name="phone" value="{NEW_PHONE}"' in page

    def test_a_number_gets_at_most_five_codes_an_hour(self, client, db, frozen):
        for _ in range(5):
            assert ask_code(client, NEW_PHONE).context["stage"] == "code"
            frozen.shift(timedelta(minutes=2))

        refused = ask_code(client, NEW_PHONE)
        assert "该号码一小时内获取验证码次数过多，请稍后再试。" in refused.content.decode()

        frozen.shift(timedelta(minutes=55))
        assert ask_code(client, NEW_PHONE).context["stage"] == "code"

    def test_one_client_address_gets_at_most_twenty_codes_an_hour(self, client, db):
        for n in range(services.MAX_CODES_PER_CLIENT_PER_HOUR):
            client.cookies.clear()  # a new session each time: only the address is the same
            assert ask_code(client, f"1350000{n:04d}").context["stage"] == "code"

        client.cookies.clear()
        refused = ask_code(client, "13599999999")

        assert "本设备获取验证码次数过多" in refused.content.decode()
        assert ask_code(client, "13599999999", REMOTE_ADDR="10.0.0.8").status_code == 200

    def test_the_only_code_that_counts_is_one_that_was_sent(self, settings, db):
        settings.SMS_BACKEND = "medarb.core.sms.AliyunBackend"
        settings.SMS_ACCESS_KEY_ID = "test-key-id"
        settings.SMS_ACCESS_KEY_SECRET = "wrong-secret"
        with FakeDysms() as provider:
            settings.SMS_ENDPOINT = provider.url
            with pytest.raises(DomainError, match="短信发送失败，请稍后重试。"):
                services.request_sms_code(phone=NEW_PHONE)
            assert not SmsCode.objects.exists()

            settings.SMS_ACCESS_KEY_SECRET = SECRETS["test-key-id"]
            services.request_sms_code(phone=NEW_PHONE)

        assert provider.received[-1]["PhoneNumbers"] == NEW_PHONE
        assert SmsCode.objects.count() == 1


class TestThroughTheRealProviderProtocol:
    def test_a_party_signs_in_with_a_code_delivered_through_the_aliyun_backend(self, client, cast, settings):
        settings.SMS_BACKEND = "medarb.core.sms.AliyunBackend"
        settings.SMS_ACCESS_KEY_ID = "test-key-id"
        settings.SMS_ACCESS_KEY_SECRET = SECRETS["test-key-id"]
        with FakeDysms() as provider:
            settings.SMS_ENDPOINT = provider.url
            ask_code(client, NEW_PHONE)
        code = json.loads(provider.received[-1]["TemplateParam"])["code"]

        assert enter_code(client, NEW_PHONE, code).status_code == 302

    def test_a_provider_refusal_is_shown_as_a_chinese_message(self, client, db, settings):
        settings.SMS_BACKEND = "medarb.core.sms.AliyunBackend"
        settings.SMS_ACCESS_KEY_ID = "test-key-id"
        settings.SMS_ACCESS_KEY_SECRET = SECRETS["test-key-id"]
        with FakeDysms() as provider:
            provider.last_sent[NEW_PHONE] = datetime.now(UTC)  # the provider's per-minute limit
            settings.SMS_ENDPOINT = provider.url
            response = ask_code(client, NEW_PHONE)

        assert response.status_code == 200
        assert "短信发送失败，请稍后重试。" in response.content.decode()
        assert response.context["stage"] == "phone"
