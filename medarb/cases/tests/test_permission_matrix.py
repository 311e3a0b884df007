"""Every staff role × every kind of case × read / write, through the page, the API and the query.

The expected answers are written out below by hand from the rule at the top of
cases/policy.py, not computed by calling it, so that a change in the policy shows up here.

    W = reads and acts on the case, R = reads only, - = does not know the case exists.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from medarb.api.testing import api_client_for, sign_in
from medarb.cases.models import Case, CaseShare, Party, PartyKind, ShareAccess, ShareReason
from medarb.cases.services import revoke_share, share_case
from medarb.testing import register

pytestmark = pytest.mark.django_db

CASES = (
    "district",  # owned by the district commission (own unit for district staff)
    "street_a",  # a street room under the district (child unit)
    "community_a",  # a community under street_a (grandchild)
    "enterprise_a",  # an enterprise committee under community_a
    "enterprise_a2",  # a second enterprise committee, sibling of enterprise_a
    "street_b",  # the other street room (sibling of street_a)
    "other_district",  # another district's commission
    "shared_read",  # a district case shared read-only with the legal-aid station
    "shared_write",  # a street_a case shared for handling with street_b
)

EXPECTED = {
    #                        dist stA comA entA entA2 stB other shR shW
    "chair":                "W    R   R    R    R     R   -     W   R",
    "arbitrator":           "W    R   R    R    R     R   -     W   R",
    "clerk":                "W    R   R    R    R     R   -     W   R",
    "filing_officer":       "W    R   R    R    R     R   -     W   R",
    "district_mediator":    "W    R   R    R    R     R   -     W   R",
    "unit_admin":           "R    R   R    R    R     R   -     R   R",
    "statistician":         "R    R   R    R    R     R   -     R   R",
    "supervisor":           "R    R   R    R    R     R   -     R   R",
    "street_mediator":      "-    W   R    R    R     -   -     -   W",
    "street_b_mediator":    "-    -   -    -    -     W   -     -   W",
    "community_mediator":   "-    -   W    R    R     -   -     -   -",
    "enterprise_mediator":  "-    -   -    W    -     -   -     -   -",
    "enterprise2_mediator": "-    -   -    -    W     -   -     -   -",
    "other_arbitrator":     "-    -   -    -    -     -   W     -   -",
    "legal_aid_officer":    "-    -   -    -    -     -   -     R   -",
    "court_liaison":        "-    -   -    -    -     -   -     -   -",
}  # fmt: skip


def expected_for(person: str) -> dict[str, str]:
    marks = EXPECTED[person].split()
    assert len(marks) == len(CASES), person
    return dict(zip(CASES, marks, strict=True))


@pytest.fixture
def world(cast) -> dict[str, Case]:
    cases = {
        "district": register(actor=cast.filing_officer, unit=cast.district),
        "street_a": register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation"),
        "community_a": register(actor=cast.community_mediator, unit=cast.community_a, kind="mediation"),
        "enterprise_a": register(actor=cast.enterprise_mediator, unit=cast.enterprise_a, kind="mediation"),
        "enterprise_a2": register(actor=cast.enterprise2_mediator, unit=cast.enterprise_a2, kind="mediation"),
        "street_b": register(actor=cast.street_b_mediator, unit=cast.street_b, kind="mediation"),
        "other_district": register(actor=cast.other_arbitrator, unit=cast.other_district),
        "shared_read": register(actor=cast.filing_officer, unit=cast.district, worker_name="李四"),
        "shared_write": register(
            actor=cast.street_mediator, unit=cast.street_a, kind="mediation", worker_name="王五"
        ),
    }
    share_case(
        actor=cast.filing_officer,
        case=cases["shared_read"],
        unit=cast.legal_aid,
        reason=ShareReason.LEGAL_AID,
        access=ShareAccess.READ,
    )
    share_case(
        actor=cast.street_mediator,
        case=cases["shared_write"],
        unit=cast.street_b,
        reason=ShareReason.GUIDANCE,
        access=ShareAccess.WRITE,
    )
    # The worker is a party of the street_a case only, the employer of the district case only.
    Party.objects.filter(case=cases["street_a"], kind=PartyKind.WORKER).update(user=cast.worker)
    Party.objects.filter(case=cases["district"], kind=PartyKind.EMPLOYER).update(user=cast.employer)
    return cases


NEW_CLAIM = {"cause": "wages.overtime", "description": "支付加班费", "amount": "800.00"}


@pytest.mark.parametrize("person", list(EXPECTED))
class TestStaffSeeAndActOnExactlyTheirCases:
    def test_page_api_write_and_query_agree_with_the_table(self, person, cast, world):
        user = getattr(cast, person)
        expected = expected_for(person)
        page = sign_in(Client(), user)
        api = api_client_for(user)
        visible_ids = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        wrong = []
        for name, case in world.items():
            mark = expected[name]
            seen = {
                "page GET": page.get(f"/cases/{case.pk}/").status_code,
                "API GET": api.get(f"/api/v1/cases/{case.pk}/").status_code,
                "API claims GET": api.get(f"/api/v1/cases/{case.pk}/claims/").status_code,
                "API claim POST": api.post(
                    f"/api/v1/cases/{case.pk}/claims/", NEW_CLAIM, format="json"
                ).status_code,
                "visible_to": case.pk in visible_ids,
            }
            want = {
                "page GET": 404 if mark == "-" else 200,
                "API GET": 404 if mark == "-" else 200,
                "API claims GET": 404 if mark == "-" else 200,
                "API claim POST": {"-": 404, "R": 403, "W": 201}[mark],
                "visible_to": mark != "-",
            }
            wrong += [
                f"{person} × {name}: {door} gave {seen[door]}, expected {want[door]}"
                for door in want
                if seen[door] != want[door]
            ]
        assert not wrong, "\n".join(wrong)

    def test_the_api_list_holds_exactly_the_visible_cases(self, person, cast, world):
        expected = expected_for(person)
        response = api_client_for(getattr(cast, person)).get("/api/v1/cases/", {"page_size": 50})
        assert response.status_code == 200
        listed = {row["id"] for row in response.json()["results"]}
        assert listed == {world[name].pk for name, mark in expected.items() if mark != "-"}


class TestPartiesSeeOnlyTheirOwnCases:
    def test_the_worker_opens_only_the_case_in_which_they_are_a_party(self, cast, world):
        page = sign_in(Client(), cast.worker)
        for name, case in world.items():
            assert page.get(f"/cases/{case.pk}/").status_code == (200 if name == "street_a" else 404), name
        assert list(Case.objects.visible_to(cast.worker)) == [world["street_a"]]

    def test_the_employer_opens_only_the_district_case(self, cast, world):
        page = sign_in(Client(), cast.employer)
        for name, case in world.items():
            assert page.get(f"/cases/{case.pk}/").status_code == (200 if name == "district" else 404), name
        assert list(Case.objects.visible_to(cast.employer)) == [world["district"]]

    def test_an_outsider_sees_nothing(self, cast, world):
        page = sign_in(Client(), cast.outsider)
        for case in world.values():
            assert page.get(f"/cases/{case.pk}/").status_code == 404
        assert not Case.objects.visible_to(cast.outsider).exists()

    def test_parties_are_refused_by_the_api_even_for_their_own_case(self, cast, world):
        api = APIClient()
        api.force_login(cast.worker)  # a party's portal session
        case = world["street_a"]
        assert api.get("/api/v1/cases/").status_code == 403
        response = api.get(f"/api/v1/cases/{case.pk}/")
        assert response.status_code == 403
        assert "当事人" in response.json()["detail"]
        assert api.post(f"/api/v1/cases/{case.pk}/claims/", NEW_CLAIM, format="json").status_code == 403

    def test_a_share_that_is_revoked_stops_granting(self, cast, world):
        share = CaseShare.objects.get(case=world["shared_read"])
        revoke_share(actor=cast.filing_officer, share=share)
        api = api_client_for(cast.legal_aid_officer)
        assert api.get(f"/api/v1/cases/{world['shared_read'].pk}/").status_code == 404
