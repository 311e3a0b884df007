import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from medarb.core.errors import DomainError
from medarb.core.files import read_bytes
from medarb.core.sms import ConsoleBackend
from medarb.delivery import hooks, outbox, services
from medarb.delivery.channels import ConsoleWeChat
from medarb.delivery.models import AttemptStatus, InboxMessage, ServiceChannel, ServiceStatus
from medarb.documents import services as documents
from medarb.documents.testing import numbered_case, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def serve(django_capture_on_commit_callbacks):
    """serve_document, then what a real commit does: queue the notices (the job runs at once)."""

    def serve(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.serve_document(**kwargs)

    return serve


LINK = re.compile(r"http://testserver(/delivery/s/[^/\s]+/)\?c=(\w+)")
CODE = re.compile(r"验证码\s*(\d{6})")


@pytest.fixture
def case(cast):
    return numbered_case(cast)


@pytest.fixture
def worker(case):
    return case.parties.get(name="张三")


@pytest.fixture
def notice(case, cast):
    return documents.issue_document(
        case=case,
        template_code="hearing_notice",
        actor=cast.clerk,
        context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
    )


@pytest.fixture
def served_calls():
    calls = []

    def on_served(document, served_at, *, party, service, channel):
        calls.append((document.pk, served_at))

    hooks.register_on_served(on_served)
    yield calls
    hooks.unregister_on_served(on_served)


def _consent(party, actor, **addresses):
    return services.confirm_service_address(party=party, actor=actor, consent_electronic=True, **addresses)


class TestElectronicServiceByEmail:
    def test_the_recipient_opens_the_mail_link_with_the_code_and_is_served(
        self, serve, client, cast, case, worker, notice, smtp_server, served_calls, tmp_path
    ):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        service.refresh_from_db()
        assert service.status == ServiceStatus.SENT
        assert len(smtp_server.messages) == 1
        assert "开庭通知书" in smtp_server.subjects()[0]
        body = smtp_server.bodies()[0]
        path, channel = LINK.search(body).groups()
        code = CODE.search(body).group(1)
        assert channel == "email"

        page = client.get(f"{path}?c={channel}")
        assert "请输入通知中的 6 位验证码" in page.content.decode()
        assert client.get(reverse("delivery:open_file", args=[service.token])).status_code == 404

        wrong = client.post(f"{path}?c={channel}", {"code": "000000" if code != "000000" else "111111"})
        assert "验证码不正确" in wrong.content.decode()

        opened = client.post(f"{path}?c={channel}", {"code": code}, REMOTE_ADDR="203.0.113.7", follow=True)
        assert "已于" in opened.content.decode()
        service.refresh_from_db()
        assert service.status == ServiceStatus.SERVED
        assert service.served_channel == ServiceChannel.EMAIL
        assert service.served_ip == "203.0.113.7"
        assert service.served_sha256 == notice.current.pdf.sha256
        assert service.code == ""  # one-time
        pdf = client.get(reverse("delivery:open_file", args=[service.token]))
        assert b"".join(pdf.streaming_content) == read_bytes(notice.current.pdf)
        assert served_calls == [(notice.pk, service.served_at)]
        assert case.timeline.filter(kind="document_served", data__service_id=service.pk).exists()

        # The proof of service is a sealed document of the case, with the facts of the service.
        proof = service.proof
        assert proof.template_code == "proof_of_service" and proof.is_signed
        text = pdf_text(read_bytes(proof.current.pdf), tmp_path).replace(" ", "")
        for fact in [
            "送达回证",
            case.number,
            "开庭通知书",
            "张三",
            "电子送达（电子邮件）",
            "z***@example.com",
            "203.0.113.7",
            notice.current.pdf.sha256[:20],
        ]:
            assert fact in text, fact
        assert "二〇" in text

    def test_a_used_code_does_not_open_it_again(self, serve, client, cast, worker, notice, smtp_server):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        code = CODE.search(smtp_server.bodies()[0]).group(1)
        url = reverse("delivery:open", args=[service.token])
        client.post(url, {"code": code})
        other = client.__class__()
        response = other.post(url, {"code": code})
        assert "该文书已签收" in response.content.decode()
        assert other.get(reverse("delivery:open_file", args=[service.token])).status_code == 404

    def test_five_wrong_codes_void_the_code(self, serve, client, cast, worker, notice, smtp_server):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        code = CODE.search(smtp_server.bodies()[0]).group(1)
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(services.CODE_ATTEMPTS):
            assert not services.check_code(service=service, code=wrong)
        assert not services.check_code(service=service, code=code)

    def test_a_recipient_reading_english_gets_a_chinese_proof_and_record(
        self, serve, cast, case, worker, notice, smtp_server, tmp_path
    ):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        with translation.override("en"):
            services.open_service(service=service, channel=ServiceChannel.EMAIL)
        service.refresh_from_db()
        text = pdf_text(read_bytes(service.proof.current.pdf), tmp_path).replace(" ", "")
        assert "电子送达（电子邮件）" in text and "Electronic" not in text
        entry = case.timeline.get(kind="document_served", data__service_id=service.pk)
        assert "已送达" in entry.title

    def test_the_mail_is_in_chinese_even_when_the_clerks_screen_is_in_english(
        self, serve, cast, worker, notice, smtp_server
    ):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        with translation.override("en"):
            serve(document=notice, actor=cast.clerk, parties=[worker])
        (body,) = smtp_server.bodies()
        assert CODE.search(body) and "请勿回复" in body


class TestFailedSending:
    def test_a_failed_mail_is_retried_with_back_off_and_shown(
        self, serve, cast, case, worker, notice, settings
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            9,
            2,
        )  # nothing listens
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        attempt = service.attempts.get()
        assert attempt.status == AttemptStatus.RETRYING
        assert attempt.tries == 1 and "SMTP" in attempt.last_error
        assert attempt.next_try_at is not None
        delays = []
        for _ in range(outbox.MAX_TRIES - 1):
            delays.append(outbox.deliver_attempt(attempt_id=attempt.pk))
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.FAILED and attempt.tries == outbox.MAX_TRIES
        assert delays[:4] == [timedelta(minutes=m) for m in (2, 4, 8, 16)]
        service.refresh_from_db()
        assert service.status == ServiceStatus.POSTAL  # never lost: it goes by post
        assert case.timeline.filter(kind="service_postal").exists()

    def test_a_retry_after_the_server_is_back_goes_through(
        self, serve, cast, worker, notice, settings, smtp_server
    ):
        port = smtp_server.port
        settings.EMAIL_PORT = 9
        settings.EMAIL_TIMEOUT = 2
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        attempt = service.attempts.get()
        assert attempt.status == AttemptStatus.RETRYING
        settings.EMAIL_PORT = port
        assert outbox.deliver_attempt(attempt_id=attempt.pk) is None
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SENT and attempt.tries == 2
        assert len(smtp_server.messages) == 1

    def test_the_case_page_shows_the_failure(self, serve, client, cast, case, worker, notice, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        serve(document=notice, actor=cast.clerk, parties=[worker])
        client.force_login(cast.clerk)
        html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "发送失败，等待重试" in html and "重新发送" in html


class TestOtherChannels:
    def test_sms_and_wechat_carry_the_link_and_code(self, serve, cast, worker, notice):
        ConsoleWeChat.outbox.clear()
        _consent(worker, cast.clerk, phone="13800138000", wechat_openid="o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        service.refresh_from_db()
        sms = [m for m in ConsoleBackend.outbox if m["template"] == "SMS_SERVICE"]
        assert sms and sms[0]["phone"] == "13800138000" and sms[0]["params"]["link"].endswith("?c=sms")
        (wechat,) = ConsoleWeChat.outbox
        assert wechat["touser"] == "o6_bmjrPTlm6_2sgVt7hMZOPfL2M" and wechat["url"].endswith("?c=wechat")
        assert service.code in sms[0]["params"]["code"] and service.code in wechat["data"]["remark"]

    def test_a_party_with_an_account_is_served_in_the_portal_by_logging_in(
        self, serve, client, cast, case, worker, notice
    ):
        case.parties.filter(pk=worker.pk).update(user=cast.worker)
        worker.refresh_from_db()
        _consent(worker, cast.worker)
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        message = InboxMessage.objects.get(user=cast.worker)
        client.force_login(cast.worker)
        assert "开庭通知书" in client.get(reverse("delivery:inbox")).content.decode()
        assert client.get(reverse("documents:file", args=[notice.pk])).status_code == 404  # not served yet
        client.get(reverse("delivery:open", args=[service.token]) + "?c=portal")
        service.refresh_from_db()
        message.refresh_from_db()
        assert service.status == ServiceStatus.SERVED and service.served_channel == ServiceChannel.PORTAL
        assert service.served_by_user == cast.worker and message.read_at is not None
        assert client.get(reverse("documents:file", args=[notice.pk])).status_code == 200

    def test_someone_else_logged_in_still_needs_the_code(self, serve, client, cast, worker, notice):
        case = worker.case
        case.parties.filter(pk=worker.pk).update(user=cast.worker)
        worker.refresh_from_db()
        _consent(worker, cast.worker)
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        client.force_login(cast.outsider)
        client.get(reverse("delivery:open", args=[service.token]))
        service.refresh_from_db()
        assert service.status == ServiceStatus.SENT


class TestPostalFallBack:
    def test_without_consent_the_service_goes_by_post_at_once(self, serve, cast, worker, notice):
        services.confirm_service_address(
            party=worker, actor=cast.clerk, consent_electronic=False, postal_address="鹭湖区东湖路1号"
        )
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        assert service.status == ServiceStatus.POSTAL and not service.attempts.exists()

    def test_not_opened_in_time_escalates_then_the_receipt_serves_it(
        self, serve, cast, case, worker, notice, smtp_server, served_calls, tmp_path
    ):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        (service,) = serve(document=notice, actor=cast.clerk, parties=[worker])
        with time_machine.travel(timezone.now() + timedelta(hours=71)):
            assert services.escalate_overdue() == 0
        with time_machine.travel(timezone.now() + timedelta(hours=73)):
            assert services.escalate_overdue() == 1
        service.refresh_from_db()
        assert service.status == ServiceStatus.POSTAL
        with pytest.raises(DomainError, match="邮件单号"):
            services.record_postal_dispatch(service=service, actor=cast.clerk, tracking_number="短")
        services.record_postal_dispatch(service=service, actor=cast.clerk, tracking_number="ej 1234 5678 9cn")
        assert service.tracking_number == "EJ123456789CN"
        with pytest.raises(DomainError, match="签收日期"):
            services.record_postal_receipt(
                service=service, actor=cast.clerk, served_on=timezone.localdate() + timedelta(days=1)
            )
        services.record_postal_receipt(service=service, actor=cast.clerk, served_on=timezone.localdate())
        service.refresh_from_db()
        assert service.status == ServiceStatus.SERVED and service.served_channel == ServiceChannel.POSTAL
        assert timezone.localtime(service.served_at).date() == timezone.localdate()
        assert served_calls == [(notice.pk, service.served_at)]
        text = pdf_text(read_bytes(service.proof.current.pdf), tmp_path).replace(" ", "")
        assert "邮寄送达" in text and "EJ123456789CN" in text


class TestServiceAddress:
    def test_an_outsider_cannot_set_a_party_address(self, cast, worker):
        from medarb.core.errors import NotAllowed

        with pytest.raises(NotAllowed):
            services.confirm_service_address(
                party=worker, actor=cast.other_arbitrator, consent_electronic=True, email="a@b.cn"
            )

    def test_consent_needs_an_electronic_address(self, cast, worker):
        with pytest.raises(DomainError, match="至少填写一个"):
            services.confirm_service_address(party=worker, actor=cast.clerk, consent_electronic=True)

    def test_a_bad_email_is_refused_and_a_new_address_replaces_the_old(self, cast, worker):
        with pytest.raises(DomainError, match="邮箱"):
            _consent(worker, cast.clerk, email="not-an-email")
        first = _consent(worker, cast.clerk, email="a@example.com")
        second = _consent(worker, cast.clerk, email="b@example.com")
        first.refresh_from_db()
        assert first.withdrawn_at is not None
        assert services.current_address(worker) == second


class TestCasePanel:
    def test_the_panel_keeps_a_fixed_number_of_queries(
        self, serve, client, cast, case, worker, django_assert_max_num_queries
    ):
        _consent(worker, cast.clerk, email="zhangsan@example.com")
        client.force_login(cast.clerk)
        url = reverse("cases:detail", args=[case.pk])

        def add(n):
            for _ in range(n):
                document = documents.issue_document(
                    case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False
                )
                serve(document=document, actor=cast.clerk)

        add(1)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            client.get(url)
        add(3)
        with CaptureQueriesContext(connection) as four:
            html = client.get(url).content.decode()
        assert html.count('data-testid="document-row"') == 4
        assert len(four) == len(one)
