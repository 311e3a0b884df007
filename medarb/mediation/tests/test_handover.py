from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from medarb.audit.models import AuditEntry
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.mediation import services
from medarb.mediation.models import CaseLink, MediationFile, Outcome
from medarb.mediation.tests.helpers import accepted, in_session, png, register
from medarb.procedure.models import Deadline


def failed(cast):
    case, _ = in_session(cast.street_mediator, cast.street_a)
    services.add_material(
        case=case,
        actor=cast.street_mediator,
        data=png(seed=11),
        name="工资条.png",
        title="工资条",
        kind="evidence",
    )
    services.fail_mediation(
        case=case, actor=cast.street_mediator, on=timezone.localdate(), reason="双方对金额分歧过大"
    )
    case.refresh_from_db()
    return case


class TestHandoverToArbitration:
    def test_handover_carries_parties_claims_and_evidence_and_links_both_ways(self, cast):
        case = failed(cast)
        arbitration = services.hand_over_to_arbitration(
            case=case, actor=cast.street_mediator, on=timezone.localdate()
        )
        case.refresh_from_db()
        assert case.status == "handed_to_arbitration"
        assert arbitration.kind == "arbitration" and arbitration.unit == cast.district
        assert arbitration.channel == "referral" and arbitration.status == "application_received"
        source_parties = list(case.parties.values_list("side", "name", "id_index", "phone_index"))
        assert (
            list(arbitration.parties.values_list("side", "name", "id_index", "phone_index")) == source_parties
        )
        assert (
            arbitration.parties.get(side="applicant").id_number
            == case.parties.get(side="applicant").id_number
        )
        assert list(arbitration.claims.values_list("cause", "description", "amount")) == list(
            case.claims.values_list("cause", "description", "amount")
        )
        link = CaseLink.objects.get(from_case=case, to_case=arbitration)
        assert link.kind == "handover"
        assert [e["title"] for e in link.data["evidence"]] == ["工资条"]
        assert case.links_out.get().to_case == arbitration
        assert arbitration.links_in.get().from_case == case
        assert AuditEntry.objects.filter(case_id=arbitration.pk, summary__contains="handover").exists()
        assert MediationFile.objects.get(case=case).handed_over

    def test_the_commission_sees_the_new_application_and_the_street_sees_both(self, cast, client):
        case = failed(cast)
        arbitration = services.hand_over_to_arbitration(
            case=case, actor=cast.street_mediator, on=timezone.localdate()
        )
        assert Case.objects.visible_to(cast.filing_officer).filter(pk=arbitration.pk).exists()
        client.force_login(cast.filing_officer)
        page = client.get(f"/cases/{arbitration.pk}/").content.decode()
        assert case.display_number in page and "工资条" in page
        # The carried evidence file is readable from the arbitration case.
        material = case.mediation_materials.get()
        response = client.get(f"/mediation/{arbitration.pk}/materials/{material.pk}/")
        assert response.status_code == 200

    def test_an_open_case_within_the_limit_is_not_handed_over_and_nothing_is_created(self, cast):
        # Law Art. 14: arbitration follows a failed mediation or fifteen days without agreement.
        case = accepted(cast.street_mediator, cast.street_a)
        before = Case.objects.count()
        with pytest.raises(ProcedureError, match="第十四条"):
            services.hand_over_to_arbitration(case=case, actor=cast.street_mediator, on=timezone.localdate())
        assert Case.objects.count() == before
        assert MediationFile.objects.get(case=case).outcome == Outcome.PENDING
        actions = {
            a.transition.code: a for a in workflow.available_actions(case=case, user=cast.street_mediator)
        }
        assert not actions["hand_over"].allowed and "第十四条" in actions["hand_over"].reason

    def test_an_open_case_whose_limit_lapsed_is_handed_over_recording_the_failure(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        limit = Deadline.objects.get(case=case, rule_code="mediation_limit")
        with time_machine.travel(limit.due_on + timedelta(days=1)):
            services.hand_over_to_arbitration(case=case, actor=cast.street_mediator, on=timezone.localdate())
        mfile = MediationFile.objects.get(case=case)
        assert mfile.outcome == Outcome.FAILED and mfile.handed_over

    def test_a_registered_case_cannot_be_handed_over_and_nothing_is_created(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        before = Case.objects.count()
        with pytest.raises(ProcedureError):
            services.hand_over_to_arbitration(case=case, actor=cast.street_mediator, on=timezone.localdate())
        assert Case.objects.count() == before

    def test_a_reader_from_above_cannot_hand_over(self, cast):
        case = failed(cast)
        with pytest.raises(NotAllowed):
            services.hand_over_to_arbitration(
                case=case, actor=cast.district_mediator, on=timezone.localdate()
            )


class TestReferralUpALevel:
    def test_an_enterprise_refers_a_case_to_its_street(self, cast):
        case = register(cast.enterprise_mediator, cast.enterprise_a)
        new = services.refer_case(
            case=case,
            actor=cast.enterprise_mediator,
            to_unit=cast.street_a,
            reason="涉及多名职工，企业调委会难以处理",
            on=timezone.localdate(),
        )
        case.refresh_from_db()
        assert case.status == "referred"
        assert new.unit == cast.street_a and new.status == "registered" and new.kind == "mediation"
        assert MediationFile.objects.get(case=new).level == "street"
        assert CaseLink.objects.filter(from_case=case, to_case=new, kind="referral").exists()
        assert Case.objects.visible_to(cast.street_mediator).filter(pk=new.pk).exists()
        assert not Case.objects.visible_to(cast.enterprise_mediator).filter(pk=new.pk).exists()

    def test_referral_sideways_or_down_is_refused(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        with pytest.raises(DomainError):
            services.refer_case(
                case=case,
                actor=cast.street_mediator,
                to_unit=cast.street_b,
                reason="x",
                on=timezone.localdate(),
            )
        with pytest.raises(DomainError):
            services.refer_case(
                case=case,
                actor=cast.street_mediator,
                to_unit=cast.enterprise_a,
                reason="x",
                on=timezone.localdate(),
            )


class TestFailureAndWithdrawal:
    def test_failure_needs_a_reason(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        with pytest.raises(DomainError):
            services.fail_mediation(case=case, actor=cast.street_mediator, on=timezone.localdate(), reason="")

    def test_withdrawal_closes_the_case(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        services.withdraw_mediation(
            case=case, actor=cast.street_mediator, on=timezone.localdate(), reason="已自行和解"
        )
        case.refresh_from_db()
        assert case.status == "closed_withdrawn" and case.closed_on
        assert MediationFile.objects.get(case=case).outcome == Outcome.WITHDRAWN
