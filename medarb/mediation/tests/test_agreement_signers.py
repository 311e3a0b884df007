"""An agreement is signed by the case's own parties (chosen from the list) and its mediator;
a forged choice signs nothing, and the audit names the signer and the witness."""

import pytest

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.core.errors import DomainError
from medarb.mediation import services

from .helpers import data_url, draft, in_session, register


@pytest.fixture
def agreement(cast):
    case, _session = in_session(cast.street_mediator, cast.street_a)
    return draft(case, cast.street_mediator)


class TestAgreementSigners:
    def test_a_party_of_another_case_cannot_be_made_to_sign(self, cast, agreement):
        other = register(cast.street_mediator, cast.street_a).parties.get(side="applicant")
        with pytest.raises(DomainError, match="本案"):
            services.sign_agreement(
                agreement=agreement,
                actor=cast.street_mediator,
                role="applicant",
                party=other,
                image=data_url(),
            )
        assert not agreement.signatures.exists()

    def test_a_forged_post_with_a_typed_name_or_another_case_s_party_signs_nothing(
        self, client, cast, agreement
    ):
        other = register(cast.street_mediator, cast.street_a).parties.get(side="applicant")
        sign_in(client, cast.street_mediator)
        url = f"/mediation/{agreement.case.pk}/agreement/sign/"
        for forged in ("张三", "applicant:张三", f"applicant:{other.pk}"):
            response = client.post(url, {"signer": forged, "signature": data_url()})
            assert response.status_code == 200
        assert not agreement.signatures.exists()

    def test_the_audit_names_the_signer_and_the_witness(self, cast, agreement):
        party = agreement.case.parties.get(side="applicant")
        services.sign_agreement(
            agreement=agreement, actor=cast.street_mediator, role="applicant", party=party, image=data_url()
        )
        entry = AuditEntry.objects.get(object_type="mediation.agreementsignature")
        assert entry.actor == cast.street_mediator
        assert entry.data["signer"] == "张三" and entry.data["party"] == party.pk
        assert "张三" in entry.summary and str(cast.street_mediator) in entry.summary
