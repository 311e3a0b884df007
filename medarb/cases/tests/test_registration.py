from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from medarb.audit.models import AuditEntry
from medarb.cases.models import Case, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, allocate_case_number, register_case
from medarb.core.errors import NotAllowed
from medarb.testing import register

pytestmark = pytest.mark.django_db


class TestRegistrationAtTheWindow:
    def test_it_registers_parties_claims_and_a_timeline_entry(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        assert case.status == "application_received"
        assert case.parties.count() == 2
        assert case.claimed_total == Decimal("12000.00")
        assert "张三" in case.party_names
        assert case.timeline.filter(kind="registered").exists()
        assert AuditEntry.objects.filter(case_id=case.pk, action="create").exists()

    def test_id_numbers_are_encrypted_at_rest_and_found_by_blind_index(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number FROM cases_party WHERE case_id = %s AND is_organisation = %s",
                [case.pk, False],
            )
            stored = cursor.fetchone()[0]
        assert "110101199003078515" not in stored
        worker = case.parties.get(kind=PartyKind.WORKER)
        assert worker.id_number == "110101199003078515"
        assert worker.gender == "male"

    def test_an_employer_may_give_a_landline_with_its_area_code(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, employer_phone="0592-5551234转801")

        employer = case.parties.get(kind=PartyKind.EMPLOYER)
        assert employer.phone == "0592-5551234-801"

    def test_a_mediator_of_another_unit_cannot_register_there(self, cast):
        with pytest.raises(NotAllowed):
            register(actor=cast.street_mediator, unit=cast.district)

    def test_a_bad_resident_id_is_refused_with_a_field_message(self, cast):
        data = CaseInput(
            kind="arbitration",
            unit=cast.district,
            received_on=__import__("datetime").date.today(),
            primary_cause="wages.unpaid",
            parties=[
                PartyInput(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.WORKER,
                    name="张三",
                    id_number="110101199003078514",
                ),
                PartyInput(
                    side=PartySide.RESPONDENT, kind=PartyKind.EMPLOYER, name="某公司", is_organisation=True
                ),
            ],
            claims=[ClaimInput(cause="wages.unpaid", description="工资")],
        )
        with pytest.raises(ValidationError) as error:
            register_case(actor=cast.filing_officer, data=data)
        assert "校验码" in str(error.value)
        assert Case.objects.count() == 0


class TestCaseNumbers:
    def test_numbers_run_per_unit_kind_and_year_without_gaps(self, cast):
        first = register(actor=cast.filing_officer, unit=cast.district)
        second = register(actor=cast.filing_officer, unit=cast.district)
        assert (
            allocate_case_number(case=first, on=first.received_on)
            == f"鹭湖劳人仲案字〔{first.received_on.year}〕第1号"
        )
        assert allocate_case_number(case=second, on=second.received_on).endswith("第2号")


class TestWhatReadersSeeOfACase:
    def test_a_party_sees_their_own_numbers_but_not_the_other_sides(self, cast, client):
        case = register(actor=cast.filing_officer, unit=cast.district)
        case.parties.filter(name="张三").update(user=cast.worker)
        case.parties.filter(name="某电子有限公司").update(user=cast.employer)
        client.force_login(cast.employer)
        body = client.get(f"/cases/{case.pk}/").content.decode()
        assert "110101199003078515" not in body and "110101************" in body
        client.force_login(cast.worker)
        assert "110101199003078515" in client.get(f"/cases/{case.pk}/").content.decode()

    def test_internal_entries_stay_with_the_handling_tree_not_with_a_read_share(self, cast, client):
        from medarb.cases.services import add_timeline, share_case

        case = register(actor=cast.filing_officer, unit=cast.district)
        add_timeline(
            case=case, actor=cast.arbitrator, kind="deliberation", title="合议意见（内部）", internal=True
        )
        share_case(actor=cast.filing_officer, case=case, reason="legal_aid", unit=cast.legal_aid)
        client.force_login(cast.legal_aid_officer)
        assert "合议意见（内部）" not in client.get(f"/cases/{case.pk}/").content.decode()
        client.force_login(cast.supervisor)
        assert "合议意见（内部）" in client.get(f"/cases/{case.pk}/").content.decode()


class TestScopedShares:
    def test_a_guidance_share_of_claims_only_hides_parties_facts_and_timeline(self, cast, client):
        from medarb.api.testing import api_client_for
        from medarb.cases.services import share_case

        case = register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
        share_case(
            actor=cast.street_mediator, case=case, reason="guidance", unit=cast.street_b, scope=["claims"]
        )
        client.force_login(cast.street_b_mediator)
        body = client.get(f"/cases/{case.pk}/").content.decode()
        assert "支付拖欠工资" in body
        assert "张三" not in body and "拖欠2026年8月" not in body and 'data-testid="timeline"' not in body
        api = api_client_for(cast.street_b_mediator)
        data = api.get(f"/api/v1/cases/{case.pk}/").json()
        assert data["claims"] and data["parties"] == [] and data["facts"] == "" and data["timeline"] == []
        assert api.get(f"/api/v1/cases/{case.pk}/parties/").status_code == 403
