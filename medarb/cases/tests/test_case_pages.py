"""The staff case pages: list, registration at the window, case page and audit trail."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.cases.models import Case
from medarb.cases.services import ClaimInput, PartyInput, add_claim, add_party, allocate_case_number
from medarb.testing import EMPLOYER_USCC, WORKER_ID, register

pytestmark = pytest.mark.django_db


def rows_of(html: str) -> list[str]:
    """The case links of the list table, in order."""
    return re.findall(r'href="/cases/(\d+)/"', html)


@pytest.fixture
def three_cases(cast) -> dict[str, Case]:
    first = register(actor=cast.filing_officer, unit=cast.district, worker_name="周八", amount=500)
    second = register(actor=cast.filing_officer, unit=cast.district, worker_name="吴九", amount=90000)
    mediation = register(
        actor=cast.street_mediator, unit=cast.street_a, kind="mediation", worker_name="郑十", amount=3000
    )
    allocate_case_number(case=first, on=date.today())
    return {"first": first, "second": second, "mediation": mediation}


class TestCaseList:
    def test_it_lists_the_visible_cases_newest_first(self, cast, three_cases):
        html = sign_in(Client(), cast.arbitrator).get("/cases/").content.decode()
        ids = [str(three_cases[n].pk) for n in ("mediation", "second", "first")]
        assert rows_of(html) == ids

    def test_a_street_mediator_does_not_see_district_cases(self, cast, three_cases):
        html = sign_in(Client(), cast.street_mediator).get("/cases/").content.decode()
        assert rows_of(html) == [str(three_cases["mediation"].pk)]

    def test_it_searches_by_case_number_and_by_party_name(self, cast, three_cases):
        client = sign_in(Client(), cast.arbitrator)
        number = three_cases["first"].number
        assert rows_of(client.get("/cases/", {"q": number}).content.decode()) == [
            str(three_cases["first"].pk)
        ]
        assert rows_of(client.get("/cases/", {"q": "吴九"}).content.decode()) == [
            str(three_cases["second"].pk)
        ]

    def test_it_filters_by_kind_status_and_open(self, cast, three_cases):
        client = sign_in(Client(), cast.arbitrator)
        mediation = str(three_cases["mediation"].pk)
        assert rows_of(client.get("/cases/", {"kind": "mediation"}).content.decode()) == [mediation]
        assert rows_of(client.get("/cases/", {"status": "registered"}).content.decode()) == [mediation]
        assert len(rows_of(client.get("/cases/", {"open_only": "on"}).content.decode())) == 3

    def test_it_sorts_by_the_claimed_amount_both_ways(self, cast, three_cases):
        client = sign_in(Client(), cast.arbitrator)
        up = rows_of(client.get("/cases/", {"ordering": "claimed_total"}).content.decode())
        down = rows_of(client.get("/cases/", {"ordering": "-claimed_total"}).content.decode())
        assert up == [str(three_cases[n].pk) for n in ("first", "mediation", "second")]
        assert down == list(reversed(up))

    def test_an_unknown_ordering_falls_back_to_newest_first(self, cast, three_cases):
        response = sign_in(Client(), cast.arbitrator).get("/cases/", {"ordering": "; drop table"})
        assert response.status_code == 200
        assert rows_of(response.content.decode())[0] == str(three_cases["mediation"].pk)

    def test_an_htmx_request_gets_only_the_table(self, cast, three_cases):
        response = sign_in(Client(), cast.arbitrator).get("/cases/", {"q": "周八"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert 'data-testid="case-table"' in html
        assert "<html" not in html and '<nav class="navbar' not in html and "<form" not in html
        assert rows_of(html) == [str(three_cases["first"].pk)]

    def test_parties_are_sent_away(self, cast):
        assert sign_in(Client(), cast.worker).get("/cases/").status_code == 403

    @pytest.mark.parametrize("size", [5, 50])
    def test_the_number_of_queries_does_not_depend_on_the_page_size(
        self, cast, monkeypatch, size, django_assert_num_queries
    ):
        for n in range(12):
            register(actor=cast.filing_officer, unit=cast.district, worker_name=f"工人{n}")
        client = sign_in(Client(), cast.arbitrator)
        client.get("/cases/")  # warm the session
        monkeypatch.setattr("medarb.cases.views.PAGE_SIZE", 1)
        with CaptureQueriesContext(connection) as baseline:
            client.get("/cases/")
        monkeypatch.setattr("medarb.cases.views.PAGE_SIZE", size)
        with django_assert_num_queries(len(baseline)):
            response = client.get("/cases/")
        assert len(rows_of(response.content.decode())) == min(size, 12)


def register_form(unit_id: int, **overrides) -> dict:
    data = {
        "unit": unit_id,
        "kind": "arbitration",
        "channel": "window",
        "received_on": date.today().isoformat(),
        "primary_cause": "wages.unpaid",
        "worker_count": "1",
        "facts": "拖欠工资三个月。",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "2",
        "party-MAX_NUM_FORMS": "50",
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
        "claim-TOTAL_FORMS": "1",
        "claim-INITIAL_FORMS": "0",
        "claim-MIN_NUM_FORMS": "1",
        "claim-MAX_NUM_FORMS": "50",
        "claim-0-cause": "wages.unpaid",
        "claim-0-description": "支付拖欠工资",
        "claim-0-amount": "12000",
    }
    return data | overrides


class TestRegisterForm:
    def test_the_kind_defaults_to_what_the_unit_does(self, cast):
        commission = sign_in(Client(), cast.filing_officer).get("/cases/register/").context["form"]
        street = sign_in(Client(), cast.street_mediator).get("/cases/register/").context["form"]

        assert commission["kind"].value() == "arbitration"
        assert street["kind"].value() == "mediation"

    def test_a_valid_application_is_registered_and_opens_its_case_page(self, cast):
        response = sign_in(Client(), cast.filing_officer).post(
            "/cases/register/", register_form(cast.district.pk)
        )
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/cases/{case.pk}/"
        assert case.parties.count() == 2 and case.claims.count() == 1

    def test_a_bad_id_number_is_shown_on_its_field_and_nothing_is_saved(self, cast):
        client = sign_in(Client(), cast.filing_officer)
        response = client.post(
            "/cases/register/", register_form(cast.district.pk, **{"party-0-id_number": "110101199003078514"})
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "身份证号码校验码不正确，请核对。" in html
        assert 'value="张三"' in html  # what the clerk typed is still there
        assert Case.objects.count() == 0

    def test_a_malformed_management_form_is_a_message_not_a_500(self, cast):
        client = sign_in(Client(), cast.filing_officer)
        response = client.post(
            "/cases/register/", register_form(cast.district.pk, **{"party-TOTAL_FORMS": "x"})
        )
        assert response.status_code == 200
        assert Case.objects.count() == 0

    def test_a_unit_not_offered_to_the_user_is_refused(self, cast):
        client = sign_in(Client(), cast.filing_officer)
        response = client.post("/cases/register/", register_form(cast.other_district.pk))
        assert response.status_code == 200
        assert Case.objects.count() == 0

    def test_staff_without_a_handling_role_cannot_open_the_form(self, cast):
        assert sign_in(Client(), cast.statistician).get("/cases/register/").status_code == 403


class TestCasePage:
    def test_a_read_only_viewer_sees_masked_identifiers(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        html = sign_in(Client(), cast.supervisor).get(f"/cases/{case.pk}/").content.decode()
        assert "110101************" in html
        assert WORKER_ID not in html
        assert "138****8000" in html
        assert "只读" in html

    def test_the_handling_unit_sees_identifiers_in_clear(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        html = sign_in(Client(), cast.clerk).get(f"/cases/{case.pk}/").content.decode()
        assert WORKER_ID in html

    def test_every_staff_visit_is_audited(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        sign_in(Client(), cast.supervisor).get(f"/cases/{case.pk}/")
        assert AuditEntry.objects.filter(case_id=case.pk, action="read", actor=cast.supervisor).count() == 1

    def test_the_number_of_queries_does_not_grow_with_parties_claims_and_timeline(
        self, cast, django_assert_num_queries
    ):
        small = register(actor=cast.filing_officer, unit=cast.district)
        big = register(actor=cast.filing_officer, unit=cast.district)
        principal = big.parties.first()
        for n in range(5):
            add_party(
                actor=cast.arbitrator,
                case=big,
                data=PartyInput(side="applicant", kind="agent", name=f"代理{n}"),
                principal=principal,
            )
            add_claim(
                actor=cast.arbitrator,
                case=big,
                data=ClaimInput(cause="wages.overtime", description=f"加班费{n}"),
            )
        client = sign_in(Client(), cast.arbitrator)
        for case in (small, big):  # warm the session and the similar cases' word frequencies
            client.get(f"/cases/{case.pk}/")
        with CaptureQueriesContext(connection) as baseline:
            client.get(f"/cases/{small.pk}/")
        with django_assert_num_queries(len(baseline)):
            response = client.get(f"/cases/{big.pk}/")
        html = response.content.decode()
        assert all(f"加班费{n}" in html and f"代理{n}" in html for n in range(5))


class TestAuditPage:
    @pytest.mark.parametrize(
        ("person", "status"), [("supervisor", 200), ("chair", 200), ("arbitrator", 403), ("unit_admin", 403)]
    )
    def test_only_supervisors_and_the_chair_read_the_audit_trail(self, cast, person, status):
        case = register(actor=cast.filing_officer, unit=cast.district)
        response = sign_in(Client(), getattr(cast, person)).get(f"/cases/{case.pk}/audit/")
        assert response.status_code == status
        if status == 200:
            html = response.content.decode()
            assert "收件登记" in html and "register_case" not in html

    def test_a_supervisor_of_another_district_gets_a_404(self, cast):
        case = register(actor=cast.other_arbitrator, unit=cast.other_district)
        assert sign_in(Client(), cast.supervisor).get(f"/cases/{case.pk}/audit/").status_code == 404

    def test_the_link_shows_only_to_those_who_may_follow_it(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        assert (
            f"/cases/{case.pk}/audit/"
            in sign_in(Client(), cast.chair).get(f"/cases/{case.pk}/").content.decode()
        )
        assert (
            f"/cases/{case.pk}/audit/"
            not in sign_in(Client(), cast.clerk).get(f"/cases/{case.pk}/").content.decode()
        )
