"""REST API v1 for cases, parties and claims: same services, same policy, Chinese field messages."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from medarb.api.testing import api_client_for
from medarb.audit.models import AuditEntry
from medarb.cases.models import Case, Claim, Party
from medarb.testing import EMPLOYER_USCC, WORKER_ID, register

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def registration(**overrides) -> dict:
    payload = {
        "unit": None,
        "kind": "arbitration",
        "received_on": date.today().isoformat(),
        "primary_cause": "wages.unpaid",
        "facts": "拖欠工资三个月。",
        "parties": [
            {
                "side": "applicant",
                "kind": "worker",
                "name": "张三",
                "id_number": WORKER_ID,
                "phone": "13800138000",
            },
            {
                "side": "respondent",
                "kind": "employer",
                "name": "某电子有限公司",
                "is_organisation": True,
                "uscc": EMPLOYER_USCC,
            },
        ],
        "claims": [{"cause": "wages.unpaid", "description": "支付拖欠工资", "amount": "12000.00"}],
    }
    return payload | overrides


def messages_of(body) -> list[str]:
    """Every message string inside an error body, however nested."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, dict):
        return [m for value in body.values() for m in messages_of(value)]
    if isinstance(body, list):
        return [m for value in body for m in messages_of(value)]
    return []


def assert_chinese_field_errors(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert isinstance(body, dict) and body
    texts = messages_of(body)
    assert texts and all(CJK.search(text) for text in texts), body
    return body


class TestWhoMayUseTheApi:
    def test_an_anonymous_request_is_refused(self, cast):
        response = APIClient().get("/api/v1/cases/")
        assert response.status_code in {401, 403}

    def test_a_token_of_a_party_is_refused(self, cast):
        assert api_client_for(cast.worker).get("/api/v1/cases/").status_code == 401

    def test_a_chair_session_without_the_second_factor_is_refused(self, cast):
        client = APIClient()
        client.force_login(cast.chair)
        response = client.get("/api/v1/cases/")
        assert response.status_code in {401, 403}
        assert "验证" in response.json()["detail"]

    def test_a_clerk_session_without_mfa_obligation_is_let_in(self, cast):
        client = APIClient()
        client.force_login(cast.clerk)
        assert client.get("/api/v1/cases/").status_code == 200


class TestCaseListApi:
    def test_it_filters_like_the_list_page(self, cast):
        wages = register(actor=cast.filing_officer, unit=cast.district, worker_name="周八")
        mediation = register(
            actor=cast.district_mediator, unit=cast.district, kind="mediation", worker_name="吴九"
        )
        api = api_client_for(cast.arbitrator)

        def ids(**params):
            response = api.get("/api/v1/cases/", params)
            assert response.status_code == 200, response.content
            return [row["id"] for row in response.json()["results"]]

        assert ids() == [mediation.pk, wages.pk]
        assert ids(ordering="id") == [wages.pk, mediation.pk]
        assert ids(q="周八") == [wages.pk]
        assert ids(kind="mediation") == [mediation.pk]
        assert ids(cause="wages") == [mediation.pk, wages.pk]
        assert ids(cause="termination") == []
        assert ids(status="registered") == [mediation.pk]
        assert ids(unit=cast.street_a.pk) == []
        assert ids(open="true") == [mediation.pk, wages.pk]

    def test_rows_carry_labels_and_no_personal_data(self, cast):
        register(actor=cast.filing_officer, unit=cast.district)
        row = api_client_for(cast.arbitrator).get("/api/v1/cases/").json()["results"][0]
        assert row["status_label"] == "收件"
        assert row["unit"]["name"] == cast.district.name
        assert row["claimed_total"] == "12000.00"
        assert WORKER_ID not in json.dumps(row)

    def test_unknown_filter_values_get_chinese_field_messages(self, cast):
        response = api_client_for(cast.arbitrator).get(
            "/api/v1/cases/", {"kind": "divorce", "unit": "abc", "ordering": "x"}
        )
        body = assert_chinese_field_errors(response)
        assert set(body) == {"kind", "unit", "ordering"}

    def test_a_page_past_the_end_is_a_404_not_a_500(self, cast):
        assert api_client_for(cast.arbitrator).get("/api/v1/cases/", {"page": 99}).status_code == 404

    def test_the_number_of_queries_does_not_grow_with_the_page_size(self, cast, django_assert_num_queries):
        for n in range(12):
            register(actor=cast.filing_officer, unit=cast.district, worker_name=f"工人{n}")
        api = api_client_for(cast.arbitrator)
        counts = []
        for size in (5, 50):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                response = api.get("/api/v1/cases/", {"page_size": size})
            assert len(response.json()["results"]) == min(size, 12)
            counts.append(len(queries))
        assert counts[0] == counts[1]
        with django_assert_num_queries(counts[0]):
            api.get("/api/v1/cases/", {"page_size": 50, "q": "工人"})


class TestCaseRegistrationApi:
    def test_a_valid_application_is_registered_through_the_service(self, cast):
        response = api_client_for(cast.filing_officer).post(
            "/api/v1/cases/", registration(unit=cast.district.pk), format="json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        case = Case.objects.get(pk=body["id"])
        assert case.status == "application_received"
        assert [p["name"] for p in body["parties"]] == ["张三", "某电子有限公司"]
        assert body["parties"][0]["id_number"] == WORKER_ID  # the registering officer handles the case
        assert body["claims"][0]["amount"] == "12000.00"
        assert body["timeline"][0]["kind"] == "registered"
        assert AuditEntry.objects.filter(case_id=case.pk, summary="register_case").exists()

    def test_an_agent_points_at_its_principal_by_position(self, cast):
        payload = registration(unit=cast.district.pk)
        payload["parties"].append(
            {"side": "applicant", "kind": "agent", "name": "刘律师", "principal_index": 0}
        )
        response = api_client_for(cast.filing_officer).post("/api/v1/cases/", payload, format="json")
        assert response.status_code == 201, response.content
        agent = Party.objects.get(name="刘律师")
        assert agent.principal.name == "张三"

    def test_a_bad_resident_id_names_the_party_and_field_and_saves_nothing(self, cast):
        payload = registration(unit=cast.district.pk)
        payload["parties"][0]["id_number"] = "110101199003078514"
        response = api_client_for(cast.filing_officer).post("/api/v1/cases/", payload, format="json")
        body = assert_chinese_field_errors(response)
        assert "校验码" in body["parties"]["0"]["id_number"][0]
        assert Case.objects.count() == 0

    def test_unknown_enums_wrong_types_and_oversized_strings_get_field_messages(self, cast):
        payload = registration(
            unit=cast.district.pk,
            kind="divorce",
            worker_count="many",
            primary_cause="wages",
            facts="事" * 20001,
        )
        payload["claims"][0]["amount"] = "-5"
        payload["parties"][1]["name"] = "某" * 121
        body = assert_chinese_field_errors(
            api_client_for(cast.filing_officer).post("/api/v1/cases/", payload, format="json")
        )
        assert {"kind", "worker_count", "primary_cause", "facts", "claims", "parties"} <= set(body)
        assert "amount" in body["claims"]["0"]
        assert "name" in body["parties"]["1"]

    def test_a_future_receipt_date_is_refused_by_the_service_with_its_field(self, cast):
        payload = registration(
            unit=cast.district.pk, received_on=(date.today() + timedelta(days=1)).isoformat()
        )
        body = assert_chinese_field_errors(
            api_client_for(cast.filing_officer).post("/api/v1/cases/", payload, format="json")
        )
        assert "received_on" in body

    def test_arbitration_at_a_street_room_is_refused_with_the_unit_field(self, cast):
        payload = registration(unit=cast.street_a.pk)
        body = assert_chinese_field_errors(
            api_client_for(cast.street_mediator).post("/api/v1/cases/", payload, format="json")
        )
        assert "仲裁院" in body["unit"][0]

    def test_a_unit_where_the_user_does_not_handle_cases_is_a_field_error(self, cast):
        payload = registration(unit=cast.other_district.pk)
        body = assert_chinese_field_errors(
            api_client_for(cast.filing_officer).post("/api/v1/cases/", payload, format="json")
        )
        assert "unit" in body

    def test_staff_without_a_handling_role_may_not_register(self, cast):
        response = api_client_for(cast.statistician).post(
            "/api/v1/cases/", registration(unit=cast.district.pk), format="json"
        )
        assert response.status_code == 403
        assert CJK.search(response.json()["detail"])

    @pytest.mark.parametrize(
        "body",
        [b"{", b"not json", b'{"unit": 1,}', b"\xff\xfe", b'"a string"', b"[1, 2]", b"null", b"{}"],
    )
    def test_malformed_bodies_are_a_400_with_a_chinese_message(self, cast, body):
        response = api_client_for(cast.filing_officer).post(
            "/api/v1/cases/", body, content_type="application/json"
        )
        assert_chinese_field_errors(response)
        assert Case.objects.count() == 0


# Values of every JSON type, including the awkward ones, for any field of the payload.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
field_values = json_values | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "110101199003078515",
        "110101199003078514",
        "9" * 40,
        "事" * 600,
        "2026-02-30",
        "1e999",
        "NaN",
    ]
)


@st.composite
def mutated_registrations(draw, unit_id: int) -> dict:
    """A valid payload with a few fields replaced, dropped or nested values broken."""
    payload = registration(unit=unit_id)
    targets = (
        [(payload, key) for key in list(payload)]
        + [(payload["parties"][0], key) for key in list(payload["parties"][0])]
        + [(payload["claims"][0], key) for key in list(payload["claims"][0])]
    )
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        holder, key = draw(st.sampled_from(targets))
        if draw(st.booleans()):
            holder[key] = draw(field_values)
        else:
            holder.pop(key, None)
    return payload


class TestRegistrationFuzz:
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_no_payload_gets_a_500_and_every_refusal_speaks_chinese(self, cast, data):
        client = api_client_for(cast.filing_officer)
        payload = data.draw(mutated_registrations(cast.district.pk))
        before = Case.objects.count()
        response = client.post("/api/v1/cases/", json.dumps(payload), content_type="application/json")
        assert response.status_code in {201, 400}, (payload, response.content)
        if response.status_code == 400:
            assert_chinese_field_errors(response)
            assert Case.objects.count() == before


claim_payloads = st.fixed_dictionaries(
    {},
    optional={
        "cause": st.sampled_from(["wages.overtime", "wages", ""]) | field_values,
        "description": st.sampled_from(["支付加班费"]) | field_values,
        "amount": st.sampled_from(["800.00", "-1", "1e20", "0.001"]) | field_values,
        "period_start": st.sampled_from(["2026-01-01", "2026-13-01"]) | field_values,
        "period_end": st.sampled_from(["2025-12-31", "2026-02-01"]) | field_values,
    },
)
party_patches = st.fixed_dictionaries(
    {},
    optional={
        "name": st.sampled_from(["张三丰", ""]) | field_values,
        "phone": st.sampled_from(["13900001111", "12345"]) | field_values,
        "id_number": st.sampled_from([WORKER_ID, "110101199003078514"]) | field_values,
        "uscc": st.sampled_from([EMPLOYER_USCC]) | field_values,
        "side": st.sampled_from(["respondent", "judge"]) | field_values,
        "is_organisation": field_values,
    },
)


class TestClaimAndPartyFuzz:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(payload=claim_payloads)
    def test_no_claim_payload_gets_a_500(self, cast, payload):
        case = Case.objects.first() or register(actor=cast.filing_officer, unit=cast.district)
        before = case.claims.count()
        response = api_client_for(cast.arbitrator).post(
            f"/api/v1/cases/{case.pk}/claims/", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code in {201, 400}, (payload, response.content)
        if response.status_code == 400:
            assert_chinese_field_errors(response)
            assert case.claims.count() == before

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(payload=party_patches)
    def test_no_party_correction_gets_a_500_and_a_refusal_changes_nothing(self, cast, payload):
        case = Case.objects.first() or register(actor=cast.filing_officer, unit=cast.district)
        worker = case.parties.order_by("id").first()
        before = Party.objects.values().get(pk=worker.pk)
        response = api_client_for(cast.clerk).patch(
            f"/api/v1/parties/{worker.pk}/", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code in {200, 400}, (payload, response.content)
        if response.status_code == 400:
            assert_chinese_field_errors(response)
            assert Party.objects.values().get(pk=worker.pk) == before


class TestCaseDetailApi:
    def test_a_read_only_viewer_gets_masked_identifiers(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        body = api_client_for(cast.supervisor).get(f"/api/v1/cases/{case.pk}/").json()
        worker = body["parties"][0]
        assert worker["id_number"] == "110101************"
        assert worker["phone"] == "138****8000"
        assert body["can_write"] is False

    def test_the_handling_unit_sees_identifiers_in_clear(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        body = api_client_for(cast.arbitrator).get(f"/api/v1/cases/{case.pk}/").json()
        assert body["parties"][0]["id_number"] == WORKER_ID
        assert body["parties"][0]["phone"] == "13800138000"
        assert body["can_write"] is True

    def test_every_staff_read_is_audited(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        client = api_client_for(cast.supervisor)
        client.get(f"/api/v1/cases/{case.pk}/")
        client.get(f"/api/v1/cases/{case.pk}/parties/")
        client.get(f"/api/v1/cases/{case.pk}/claims/")
        reads = AuditEntry.objects.filter(case_id=case.pk, action="read", actor=cast.supervisor)
        assert sorted(reads.values_list("summary", flat=True)) == ["api case", "api claims", "api parties"]

    def test_an_invisible_case_and_a_missing_case_look_the_same(self, cast):
        case = register(actor=cast.other_arbitrator, unit=cast.other_district)
        client = api_client_for(cast.arbitrator)
        assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
        assert client.get(f"/api/v1/cases/{case.pk + 1000}/").status_code == 404
        assert client.get("/api/v1/cases/99999999999999999999999/").status_code == 404

    def test_the_number_of_queries_does_not_grow_with_parties_claims_and_timeline(
        self, cast, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from medarb.cases.services import ClaimInput, PartyInput, add_claim, add_party

        small = register(actor=cast.filing_officer, unit=cast.district)
        big = register(actor=cast.filing_officer, unit=cast.district)
        for n in range(6):
            add_party(
                actor=cast.arbitrator,
                case=big,
                data=PartyInput(side="applicant", kind="worker", name=f"工人{n}"),
            )
            add_claim(
                actor=cast.arbitrator,
                case=big,
                data=ClaimInput(cause="wages.overtime", description=f"加班费{n}"),
            )
        client = api_client_for(cast.supervisor)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/api/v1/cases/{small.pk}/")
        with django_assert_num_queries(len(queries)):
            response = client.get(f"/api/v1/cases/{big.pk}/")
        assert len(response.json()["parties"]) == 8


class TestPartiesApi:
    def test_a_handler_adds_an_agent_for_a_party_of_the_case(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        worker = case.parties.get(kind="worker")
        response = api_client_for(cast.arbitrator).post(
            f"/api/v1/cases/{case.pk}/parties/",
            {
                "side": "applicant",
                "kind": "agent",
                "name": "刘律师",
                "phone": "13711112222",
                "principal": worker.pk,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["principal"] == worker.pk
        assert case.timeline.filter(kind="party_added").exists()

    def test_a_principal_from_another_case_is_refused(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        other = register(actor=cast.filing_officer, unit=cast.district)
        stranger = other.parties.first()
        response = api_client_for(cast.arbitrator).post(
            f"/api/v1/cases/{case.pk}/parties/",
            {"side": "applicant", "kind": "agent", "name": "刘律师", "principal": stranger.pk},
            format="json",
        )
        assert "principal" in assert_chinese_field_errors(response)

    def test_a_read_only_viewer_may_list_but_not_add(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        client = api_client_for(cast.unit_admin)
        listed = client.get(f"/api/v1/cases/{case.pk}/parties/")
        assert listed.status_code == 200
        assert listed.json()[0]["id_number"] == "110101************"
        added = client.post(
            f"/api/v1/cases/{case.pk}/parties/", {"side": "applicant", "kind": "worker", "name": "某"}
        )
        assert added.status_code == 403
        assert "只有查阅权限" in added.json()["detail"]

    def test_a_handler_corrects_a_phone_number(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        worker = case.parties.get(kind="worker")
        response = api_client_for(cast.clerk).patch(
            f"/api/v1/parties/{worker.pk}/", {"phone": "139 0000 1111"}, format="json"
        )
        assert response.status_code == 200, response.content
        worker.refresh_from_db()
        assert worker.phone == "13900001111"
        assert worker.id_number == WORKER_ID  # untouched fields keep their values

    def test_a_bad_correction_keeps_what_was_saved(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        worker = case.parties.get(kind="worker")
        response = api_client_for(cast.clerk).patch(
            f"/api/v1/parties/{worker.pk}/", {"phone": "12345", "name": ""}, format="json"
        )
        assert set(assert_chinese_field_errors(response)) == {"phone", "name"}
        response = api_client_for(cast.clerk).patch(
            f"/api/v1/parties/{worker.pk}/", {"uscc": EMPLOYER_USCC}, format="json"
        )
        assert set(assert_chinese_field_errors(response)) == {"uscc"}  # a natural person has no credit code
        worker.refresh_from_db()
        assert (worker.phone, worker.name, worker.uscc) == ("13800138000", "张三", "")

    def test_patching_a_party_follows_the_case_visibility(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        worker = case.parties.get(kind="worker")
        assert (
            api_client_for(cast.supervisor).patch(f"/api/v1/parties/{worker.pk}/", {"name": "改"}).status_code
            == 403
        )
        assert (
            api_client_for(cast.other_arbitrator)
            .patch(f"/api/v1/parties/{worker.pk}/", {"name": "改"})
            .status_code
            == 404
        )
        assert api_client_for(cast.clerk).patch("/api/v1/parties/987654/", {"name": "改"}).status_code == 404


class TestClaimsApi:
    def test_a_handler_adds_a_claim_and_the_total_follows(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        response = api_client_for(cast.arbitrator).post(
            f"/api/v1/cases/{case.pk}/claims/",
            {
                "cause": "wages.overtime",
                "description": "支付加班费",
                "amount": "800.50",
                "period_start": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        case.refresh_from_db()
        assert case.claimed_total == Decimal("12800.50")
        listed = api_client_for(cast.arbitrator).get(f"/api/v1/cases/{case.pk}/claims/").json()
        assert [c["cause_label"] for c in listed] == ["拖欠工资", "加班费"]

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"cause": "wages", "description": "x"}, "cause"),
            ({"cause": "wages.overtime", "description": ""}, "description"),
            ({"cause": "wages.overtime", "description": "x" * 501}, "description"),
            ({"cause": "wages.overtime", "description": "x", "amount": "abc"}, "amount"),
            ({"cause": "wages.overtime", "description": "x", "amount": "1e20"}, "amount"),
            ({"cause": "wages.overtime", "description": "x", "amount": "0.001"}, "amount"),
            ({"cause": "wages.overtime", "description": "x", "period_start": "2026-13-01"}, "period_start"),
            (
                {
                    "cause": "wages.overtime",
                    "description": "x",
                    "period_start": "2026-05-01",
                    "period_end": "2026-04-01",
                },
                "period_end",
            ),
        ],
    )
    def test_bad_claims_get_a_message_on_their_field(self, cast, payload, field):
        case = register(actor=cast.filing_officer, unit=cast.district)
        response = api_client_for(cast.arbitrator).post(
            f"/api/v1/cases/{case.pk}/claims/", payload, format="json"
        )
        assert field in assert_chinese_field_errors(response)
        assert Claim.objects.filter(case=case).count() == 1


class TestSchema:
    def test_the_openapi_schema_validates_without_warnings(self, tmp_path):
        target = tmp_path / "schema.yaml"
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
        text = target.read_text(encoding="utf-8")
        for operation in (
            "cases_list",
            "cases_register",
            "cases_retrieve",
            "parties_update",
            "cases_claims_add",
        ):
            assert f"operationId: {operation}" in text

    def test_the_schema_is_served(self, client):
        response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        assert response.status_code == 200
        assert "/api/v1/cases/{case_id}/" in response.json()["paths"]
