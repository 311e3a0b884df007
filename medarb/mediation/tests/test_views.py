"""The pages of a mediation case, driven through the test client."""

from datetime import timedelta

from django.utils import timezone

from medarb.cases.models import Case
from medarb.mediation.models import Agreement, MediationFile, Session
from medarb.mediation.tests.helpers import (
    accepted,
    data_url,
    draft,
    in_session,
    next_working_morning,
    register,
    room_for,
    sign_all,
)
from medarb.testing import EMPLOYER_USCC, WORKER_ID


def registration_post(unit, **extra) -> dict:
    data = {
        "unit": unit.pk,
        "kind": "mediation",
        "channel": "oral",
        "received_on": timezone.localdate().isoformat(),
        "primary_cause": "wages.unpaid",
        "worker_count": 1,
        "facts": "拖欠工资",
        "oral_statement": "申请人口述：公司拖欠工资两个月。",
        "oral_place": "东湖街道调解室",
        "oral_confirmed": "on",
        "party-TOTAL_FORMS": 2,
        "party-INITIAL_FORMS": 0,
        "party-MIN_NUM_FORMS": 0,
        "party-MAX_NUM_FORMS": 1000,
        "party-0-side": "applicant",
        "party-0-kind": "worker",
        "party-0-name": "张三",
        "party-0-id_number": WORKER_ID,
        "party-0-phone": "13800138000",
        "party-1-side": "respondent",
        "party-1-kind": "employer",
        "party-1-is_organisation": "on",
        "party-1-name": "某电子有限公司",
        "party-1-uscc": EMPLOYER_USCC,
        "claim-TOTAL_FORMS": 1,
        "claim-INITIAL_FORMS": 0,
        "claim-MIN_NUM_FORMS": 0,
        "claim-MAX_NUM_FORMS": 1000,
        "claim-0-cause": "wages.unpaid",
        "claim-0-description": "支付工资",
        "claim-0-amount": "8000",
    }
    data.update(extra)
    return data


class TestRegistrationPage:
    def test_an_oral_registration_at_a_street_room(self, cast, client):
        client.force_login(cast.street_mediator)
        assert client.get("/mediation/register/").status_code == 200
        response = client.post("/mediation/register/", registration_post(cast.street_a))
        case = Case.objects.get(kind="mediation")
        assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
        assert MediationFile.objects.get(case=case).oral_statement.startswith("申请人口述")

    def test_a_missing_oral_record_is_shown_and_the_form_keeps_what_was_typed(self, cast, client):
        client.force_login(cast.street_mediator)
        response = client.post("/mediation/register/", registration_post(cast.street_a, oral_statement=""))
        page = response.content.decode()
        assert response.status_code == 200
        assert "口头申请须当场记录" in page and "某电子有限公司" in page
        assert not Case.objects.exists()

    def test_a_party_cannot_open_the_registration(self, cast, client):
        client.force_login(cast.worker)
        assert client.get("/mediation/register/").status_code == 403


class TestActsThroughThePage:
    def test_the_head_accepts_through_the_act_form(self, cast, client):
        case = register(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        assert client.get(f"/cases/{case.pk}/act/accept/").status_code == 200
        response = client.post(f"/cases/{case.pk}/act/accept/", {"decided_on": case.received_on.isoformat()})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "accepted"

    def test_refusal_without_a_reason_shows_the_message(self, cast, client):
        case = register(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        response = client.post(
            f"/cases/{case.pk}/act/refuse/", {"decided_on": case.received_on.isoformat(), "reason": ""}
        )
        assert response.status_code == 400 and "不予受理理由" in response.content.decode()
        case.refresh_from_db()
        assert case.status == "registered"

    def test_an_extension_without_both_consents_is_refused_on_the_form(self, cast, client):
        case = accepted(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        response = client.post(
            f"/cases/{case.pk}/act/extend/",
            {"days": 10, "applicant_agrees": "on", "agreed_on": timezone.localdate().isoformat()},
        )
        assert "双方当事人同意" in response.content.decode()

    def test_a_session_is_scheduled_through_the_act_form(self, cast, client):
        case = accepted(cast.street_mediator, cast.street_a)
        room = room_for(cast.street_a)
        client.force_login(cast.street_mediator)
        starts = timezone.localtime(next_working_morning()).strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            f"/cases/{case.pk}/act/open_session/", {"starts_at": starts, "minutes": 60, "room": room.pk}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Session.objects.filter(case=case).count() == 1

    def test_a_reader_from_above_cannot_open_an_act(self, cast, client):
        case = register(cast.community_mediator, cast.community_a)
        client.force_login(cast.street_mediator)
        assert client.get(f"/cases/{case.pk}/act/accept/").status_code == 403

    def test_the_draft_button_leads_to_the_agreement_page(self, cast, client):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert f'href="/mediation/{case.pk}/agreement/" data-testid="draft-agreement"' in page


class TestAgreementPages:
    def test_draft_sign_seal_and_download_the_pdf(self, cast, client):
        case, _session = in_session(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        due = (timezone.localdate() + timedelta(days=10)).isoformat()
        response = client.post(
            f"/mediation/{case.pk}/agreement/",
            {
                "matters": "拖欠工资",
                "other_terms": "",
                "performance_text": "",
                "term-TOTAL_FORMS": 1,
                "term-INITIAL_FORMS": 0,
                "term-MIN_NUM_FORMS": 0,
                "term-MAX_NUM_FORMS": 30,
                "term-0-obligor_side": "respondent",
                "term-0-description": "支付工资",
                "term-0-amount": "7000",
                "term-0-due_on": due,
                "term-0-method": "bank_transfer",
            },
        )
        assert response.status_code == 302
        agreement = Agreement.objects.get(case=case)
        applicant = case.parties.get(side="applicant")
        page = client.get(f"/mediation/{case.pk}/agreement/sign/").content.decode()
        assert "signature-pad" in page
        empty = client.post(
            f"/mediation/{case.pk}/agreement/sign/", {"signer": f"applicant:{applicant.pk}", "signature": ""}
        )
        assert "签名" in empty.content.decode() and not agreement.signatures.exists()
        client.post(
            f"/mediation/{case.pk}/agreement/sign/",
            {"signer": f"applicant:{applicant.pk}", "signature": data_url(1)},
        )
        respondent = case.parties.get(side="respondent")
        client.post(
            f"/mediation/{case.pk}/agreement/sign/",
            {"signer": f"respondent:{respondent.pk}", "signature": data_url(2)},
        )
        client.post(f"/mediation/{case.pk}/agreement/sign/", {"signer": "mediator", "signature": data_url(3)})
        assert agreement.signatures.count() == 3
        response = client.post(
            f"/cases/{case.pk}/act/seal_agreement/", {"on": timezone.localdate().isoformat()}
        )
        assert response.status_code == 302
        pdf = client.get(f"/mediation/{case.pk}/agreement/pdf/")
        assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")

    def test_a_scoped_viewer_cannot_download_what_was_not_shared(self, cast, client):
        from medarb.cases.services import share_case

        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        sign_all(agreement, cast.street_mediator)
        from medarb.mediation.services import seal_agreement

        seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
        share_case(
            actor=cast.street_mediator,
            case=case,
            reason="guidance",
            unit=cast.other_district,
            scope=["claims"],
        )
        client.force_login(cast.other_arbitrator)
        assert client.get(f"/mediation/{case.pk}/agreement/pdf/").status_code == 404
        page = client.get(f"/mediation/{case.pk}/shared/").content.decode()
        assert "支付拖欠工资" in page  # the claim
        assert "张三" not in page  # parties were not shared


class TestGuidancePages:
    def test_the_street_asks_and_the_district_answers(self, cast, client):
        case = accepted(cast.street_mediator, cast.street_a)
        client.force_login(cast.street_mediator)
        response = client.post(
            f"/mediation/{case.pk}/guidance/",
            {"to_unit": cast.district.pk, "question": "加班费如何认定？", "scope": ["claims"]},
        )
        assert response.status_code == 302
        client.force_login(cast.arbitrator)
        inbox = client.get("/mediation/").content.decode()
        assert "加班费如何认定" in inbox
        referral = case.mediation_referrals.get()
        assert (
            client.post(
                f"/mediation/guidance/{referral.pk}/answer/", {"answer": "按实际加班时长认定。"}
            ).status_code
            == 302
        )
        referral.refresh_from_db()
        assert referral.status == "answered"
