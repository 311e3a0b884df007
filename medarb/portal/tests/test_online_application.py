from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.cases.models import Case, Channel
from medarb.core.sms import ConsoleBackend
from medarb.identity.models import IdentityCheck
from medarb.identity.testing import id_card_png
from medarb.portal.models import ApplicationDraft

MONDAY = datetime(2026, 9, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # before National Day


@pytest.fixture(scope="module")
def card() -> bytes:
    return id_card_png()


def fill_steps(client, street) -> None:
    steps = {
        "applicant": {
            "name": "张三",
            "id_number": "110101199003078515",
            "phone": "13800138000",
            "address": "东湖路1号",
        },
        "employer": {
            "name": "某电子有限公司",
            "uscc": "91350100M000100Y43",
            "address": "工业园8号",
            "legal_representative": "王老板",
        },
        "facts": {
            "street": street.pk,
            "started_on": "2024-03-01",
            "ended_on": "2026-08-31",
            "monthly_wage": "6000",
            "facts": "公司拖欠三个月工资。",
        },
    }
    for step, data in steps.items():
        assert client.post(f"/portal/apply/{step}/", data).status_code == 302, step
    claims = {
        "claim-TOTAL_FORMS": "1",
        "claim-INITIAL_FORMS": "0",
        "claim-0-cause": "wages.unpaid",
        "claim-0-description": "支付拖欠工资",
        "claim-0-amount": "18000",
    }
    assert client.post("/portal/apply/claims/", claims).status_code == 302
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.7\n%%EOF", content_type="application/pdf")
    assert client.post("/portal/apply/evidence/", {"file": pdf, "description": "工资条"}).status_code == 302
    assert client.post("/portal/apply/evidence/", {"action": "next"}).status_code == 302


def submit(client, data: dict, capture):
    """POST the last step with the reading job run as it is queued (Huey is immediate in
    tests; the job is queued when the request's transaction commits), then follow the page."""
    with capture(execute=True):
        response = client.post("/portal/apply/submit/", data)
    if response.status_code != 302:
        return response
    return client.get(response["Location"], follow=True)


def sms_code(client) -> str:
    client.post("/portal/apply/send-code/")
    return ConsoleBackend.outbox[-1]["params"]["code"]


@pytest.mark.django_db
class TestApplyingOnline:
    def test_an_arbitration_application_reaches_the_filing_queue_with_its_checks(
        self, client, cast, card, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        with time_machine.travel(MONDAY, tick=False):
            fill_steps(client, cast.street_a)
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    "/portal/apply/submit/",
                    {
                        "kind": "arbitration",
                        "photo": SimpleUploadedFile("id.png", card),
                        "sms_code": sms_code(client),
                    },
                )
            assert response.status_code == 302, response.content.decode()[:2000]
            assert "/portal/apply/check/" in response["Location"]  # the page that follows the job
            case = Case.objects.get()
            assert case.channel == Channel.ONLINE and case.unit == cast.district
            assert case.status == "application_received"
            applicant = case.parties.get(user=cast.worker)
            assert set(IdentityCheck.objects.filter(party=applicant).values_list("method", flat=True)) == {
                "id_number",
                "id_card_ocr",
                "sms_code",
            }
            done = client.get(response["Location"], follow=True).content.decode()
        # received Monday 28 Sept: the five working days skip the National Day week and count
        # Saturday 10 October, worked in lieu
        assert "2026-10-10" in done
        assert case in Case.objects.visible_to(cast.filing_officer)

    def test_a_mediation_application_goes_to_the_street_room(
        self, client, cast, card, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        submit(
            client,
            {"kind": "mediation", "photo": SimpleUploadedFile("id.png", card), "sms_code": sms_code(client)},
            django_capture_on_commit_callbacks,
        )
        assert Case.objects.get().unit == cast.street_a

    def test_an_ocr_mismatch_is_explained_and_the_draft_is_kept(
        self, client, cast, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        other = id_card_png(name="李四")
        response = submit(
            client,
            {
                "kind": "arbitration",
                "photo": SimpleUploadedFile("id.png", other),
                "sms_code": sms_code(client),
            },
            django_capture_on_commit_callbacks,
        )
        body = response.content.decode()
        assert response.status_code == 200 and "姓名" in body and "不一致" in body
        assert Case.objects.count() == 0
        draft = ApplicationDraft.objects.get(user=cast.worker)
        assert draft.data["applicant"]["name"] == "张三" and draft.evidence_items.count() == 1

    def test_a_wrong_id_number_is_refused_on_the_first_step(self, client, cast):
        client.force_login(cast.worker)
        response = client.post(
            "/portal/apply/applicant/",
            {"name": "张三", "id_number": "110101199003078514", "phone": "13800138000", "address": "x"},
        )
        assert response.status_code == 200 and "校验码" in response.content.decode()

    def test_an_executable_disguised_as_evidence_is_refused(self, client, cast):
        client.force_login(cast.worker)
        fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00" * 100, content_type="application/pdf")
        response = client.post("/portal/apply/evidence/", {"file": fake, "description": "合同"})
        assert "不支持" in response.content.decode()

    def test_the_draft_is_encrypted_at_rest(self, client, cast):
        client.force_login(cast.worker)
        client.post(
            "/portal/apply/applicant/",
            {"name": "张三", "id_number": "110101199003078515", "phone": "13800138000", "address": "x"},
        )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT payload FROM portal_applicationdraft")
            assert "110101199003078515" not in cursor.fetchone()[0]

    def test_evidence_is_visible_to_the_filing_office_but_not_to_others(
        self, client, cast, card, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        submit(
            client,
            {
                "kind": "arbitration",
                "photo": SimpleUploadedFile("id.png", card),
                "sms_code": sms_code(client),
            },
            django_capture_on_commit_callbacks,
        )
        item = ApplicationDraft.objects.get().evidence_items.get()
        client.force_login(cast.filing_officer)
        response = client.get(f"/portal/evidence/{item.pk}/")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        for outsider in (cast.employer, cast.street_b_mediator):
            client.force_login(outsider)
            assert client.get(f"/portal/evidence/{item.pk}/").status_code == 404


@pytest.mark.django_db
class TestTheCasePageShowsWhatArrived:
    def test_the_filing_officer_sees_the_uploaded_evidence_and_the_identity_checks(
        self, client, cast, card, django_capture_on_commit_callbacks
    ):
        from medarb.api.testing import sign_in

        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        submit(
            client,
            {
                "kind": "arbitration",
                "photo": SimpleUploadedFile("id.png", card),
                "sms_code": sms_code(client),
            },
            django_capture_on_commit_callbacks,
        )
        case = Case.objects.get()
        item = ApplicationDraft.objects.get().evidence_items.get()

        page = sign_in(client, cast.filing_officer).get(f"/cases/{case.pk}/").content.decode()

        assert 'data-testid="application-evidence"' in page
        assert "工资条" in page and f'href="/portal/evidence/{item.pk}/"' in page
        assert 'data-testid="identity-panel"' in page
        for method in ("身份证号码校验", "身份证照片识别比对", "手机验证码"):
            assert method in page
        panel = page[page.index('data-testid="identity-panel"') :].split("</ul></li>")[0]
        assert "110101199003078515" not in panel  # checks keep masked values only

    def test_the_other_party_sees_neither_panel(self, client, cast, card, django_capture_on_commit_callbacks):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        submit(
            client,
            {
                "kind": "arbitration",
                "photo": SimpleUploadedFile("id.png", card),
                "sms_code": sms_code(client),
            },
            django_capture_on_commit_callbacks,
        )
        case = Case.objects.get()
        case.parties.exclude(user=cast.worker).update(user=cast.employer)

        client.force_login(cast.employer)
        page = client.get(f"/cases/{case.pk}/").content.decode()

        assert 'data-testid="application-evidence"' not in page
        assert 'data-testid="identity-panel"' not in page


class TestCheapChecksFirst:
    def test_no_ocr_runs_when_the_sms_code_is_wrong(self, client, cast, card, monkeypatch):
        from medarb.identity import services as identity_services

        ran = []
        monkeypatch.setattr(identity_services, "read_id_card", lambda data: ran.append(data))
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        sms_code(client)
        response = client.post(
            "/portal/apply/submit/",
            {"kind": "arbitration", "photo": SimpleUploadedFile("id.png", card), "sms_code": "000000"},
        )
        assert response.status_code == 200 and "验证码不正确" in response.content.decode()
        assert ran == []
        assert not IdentityCheck.objects.filter(method="id_card_ocr").exists()

    def test_a_refused_photo_after_a_good_code_needs_no_new_code(
        self, client, cast, card, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        fill_steps(client, cast.street_a)
        response = submit(
            client,
            {
                "kind": "arbitration",
                "photo": SimpleUploadedFile("id.png", id_card_png(name="李四")),
                "sms_code": sms_code(client),
            },
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 200 and "不一致" in response.content.decode()
        # The code was used up; the phone stays confirmed for half an hour.
        response = submit(
            client,
            {"kind": "arbitration", "photo": SimpleUploadedFile("id.png", card), "sms_code": "000000"},
            django_capture_on_commit_callbacks,
        )
        assert response.redirect_chain[-1][0].startswith("/portal/apply/done/"), response.content.decode()[
            :1500
        ]
        assert Case.objects.count() == 1
