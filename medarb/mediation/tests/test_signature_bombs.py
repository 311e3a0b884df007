import pytest

from medarb.core.errors import DomainError
from medarb.core.testing_images import png_bomb
from medarb.mediation import services
from medarb.mediation.tests.helpers import draft, in_session

pytestmark = pytest.mark.django_db


def test_a_signature_pad_image_bomb_is_refused_and_nothing_is_saved(cast):
    case, _ = in_session(cast.street_mediator, cast.street_a)
    agreement = draft(case, cast.street_mediator)
    party = case.parties.get(side="applicant")
    with pytest.raises(DomainError, match="尺寸过大"):
        services.sign_agreement(
            agreement=agreement,
            actor=cast.street_mediator,
            role="applicant",
            party=party,
            image=png_bomb(20_000, 20_000, rows=64),
        )
    assert not agreement.signatures.exists()
