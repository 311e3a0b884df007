"""立案实名核验要求: a commission requires a face check (and/or a fingerprint) of each applicant
who is a natural person before acceptance; the act refuses with the names missing; a face
check accepted on review counts; units below follow the unit above; online, the selfie becomes
compulsory; only the unit's chair or admin sets it."""

import pytest
from django.test import Client
from django.urls import reverse

from medarb.arbitration import services as arbitration
from medarb.arbitration.tests.conftest import TODAY, minimum_wage, received, today  # noqa: F401
from medarb.cases.models import CaseKind
from medarb.core.errors import NotAllowed, ProcedureError
from medarb.identity import face_checks, requirements
from medarb.identity.testing import id_card_png, photo
from medarb.testing import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def require(cast, unit=None, **checks):
    return requirements.save_requirement(
        actor=cast.chair,
        unit=unit or cast.district,
        face=checks.get("face", False),
        fingerprint=checks.get("fingerprint", False),
        card_reader=checks.get("card_reader", False),
    )


def test_without_a_requirement_acceptance_asks_for_nothing(cast, received):  # noqa: F811
    assert requirements.missing(received) == []
    arbitration.accept_case(case=received, actor=cast.filing_officer, on=TODAY)


def test_a_required_face_check_holds_acceptance_until_the_applicant_passes(cast, received):  # noqa: F811
    require(cast, face=True)
    with pytest.raises(ProcedureError, match="张三（人脸比对）"):
        arbitration.accept_case(case=received, actor=cast.filing_officer, on=TODAY)
    worker = received.parties.get(is_organisation=False)
    card = id_card_png(face=photo("obama2.jpg"))
    face_checks.verify_party_face(party=worker, live=photo("obama.jpg"), card=card, actor=cast.filing_officer)
    arbitration.accept_case(case=received, actor=cast.filing_officer, on=TODAY)


def test_a_failed_face_check_accepted_on_review_counts(cast, received):  # noqa: F811
    require(cast, face=True)
    worker = received.parties.get(is_organisation=False)
    card = id_card_png(face=photo("obama2.jpg"))
    check = face_checks.verify_party_face(party=worker, live=photo("biden.jpg"), card=card, actor=cast.clerk)
    assert requirements.missing(received)
    face_checks.decide_review(
        review=check.review, actor=cast.filing_officer, accept=True, reason="核对原件，本人到场"
    )
    assert requirements.missing(received) == []


def test_the_fingerprint_requirement_and_the_panel(cast, received):  # noqa: F811
    require(cast, fingerprint=True)
    assert requirements.missing(received) == [("张三", "指纹/安全密钥")]
    client = Client()
    client.force_login(cast.filing_officer)
    page = client.get(reverse("cases:detail", args=[received.pk])).content.decode()
    assert 'data-testid="identity-required"' in page and "尚未通过" in page


def test_a_required_reading_on_the_reader_holds_acceptance_until_the_card_is_read(
    cast,
    received,  # noqa: F811
    settings,
):
    from medarb.identity import reader_checks
    from medarb.identity.testing import chinavision_card

    settings.MEDARB_CARD_READER = "chinavision"
    require(cast, card_reader=True)
    worker = received.parties.get(is_organisation=False)
    with pytest.raises(ProcedureError, match="身份证阅读器读卡"):
        arbitration.accept_case(case=received, actor=cast.filing_officer, on=TODAY)
    reader_checks.check_card_reading(
        party=worker, raw=chinavision_card(name="李四"), actor=cast.filing_officer
    )
    assert requirements.missing(received) == [("张三", "身份证阅读器读卡")]  # a failed reading does not count
    reader_checks.check_card_reading(party=worker, raw=chinavision_card(), actor=cast.filing_officer)
    assert requirements.missing(received) == []
    arbitration.accept_case(case=received, actor=cast.filing_officer, on=TODAY)


def test_a_street_room_follows_the_district_unless_it_has_its_own(cast):
    require(cast, face=True)
    street_case = register(actor=cast.street_mediator, unit=cast.street_a, kind=CaseKind.MEDIATION)
    assert requirements.missing(street_case) == [("张三", "人脸比对")]
    requirements.save_requirement(actor=cast.chair, unit=cast.street_a, face=False, fingerprint=False)
    assert requirements.missing(street_case) == []


def test_only_the_units_chair_or_admin_sets_it(cast):
    for user in (cast.arbitrator, cast.filing_officer, cast.street_mediator, cast.other_arbitrator):
        with pytest.raises(NotAllowed):
            requirements.save_requirement(actor=user, unit=cast.district, face=True, fingerprint=False)
        client = Client()
        client.force_login(user)
        assert client.get(reverse("identity:requirements")).status_code == 403
    admin = Client()
    admin.force_login(cast.unit_admin)
    assert admin.get(reverse("identity:requirements")).status_code == 200
    answer = admin.post(reverse("identity:requirements"), {"unit": cast.district.pk, "face": "on"})
    assert answer.status_code == 302 and requirements.required_methods(cast.district) == ["face"]
    both = {"unit": cast.district.pk, "face": "on", "card_reader": "on"}
    admin.post(reverse("identity:requirements"), both)
    assert requirements.required_methods(cast.district) == ["id_card_reader", "face"]
    assert admin.post(reverse("identity:requirements"), {"unit": cast.other_district.pk}).status_code == 404
