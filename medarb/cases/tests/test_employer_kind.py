"""What filing records about the employer (its industry and type) and about the workers (a
threat to act together): entered at the window, through the API and the portal's form, shown
on the case page, and a filter of the case list."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from medarb.api.testing import sign_in
from medarb.cases.employers import EmployerType, Industry
from medarb.cases.models import Case, Party, PartySide
from medarb.cases.services import PartyInput, add_party
from medarb.cases.tests.test_case_pages import register_form
from medarb.portal.forms import EmployerForm
from medarb.testing import register

pytestmark = pytest.mark.django_db


def test_the_window_records_the_employers_industry_and_type_and_the_workers_threat(cast):
    client = sign_in(Client(), cast.filing_officer)
    form = register_form(
        cast.district.pk,
        threatens_collective_action="on",
        **{"party-1-industry": "E", "party-1-employer_type": "private"},
    )
    assert client.post("/cases/register/", form).status_code == 302
    case = Case.objects.get()
    employer = case.parties.get(side=PartySide.RESPONDENT)
    assert (employer.industry, employer.employer_type) == (Industry.CONSTRUCTION, EmployerType.PRIVATE)
    assert case.threatens_collective_action
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "建筑业 · 私营企业" in page and 'data-testid="threatened-action"' in page


def test_both_are_optional_and_a_natural_person_has_neither(cast):
    client = sign_in(Client(), cast.filing_officer)
    refused = client.post(
        "/cases/register/", register_form(cast.district.pk, **{"party-0-industry": "C"})
    ).content.decode()
    assert "自然人当事人不填所属行业和单位类型。" in refused and not Case.objects.exists()
    assert client.post("/cases/register/", register_form(cast.district.pk)).status_code == 302
    employer = Party.objects.get(side=PartySide.RESPONDENT)
    assert (employer.industry, employer.employer_type) == ("", "")
    assert not Case.objects.get().threatens_collective_action


@pytest.mark.parametrize(
    "field, value", [("industry", "Z"), ("employer_type", "martian"), ("industry", "E" * 500)]
)
def test_an_unknown_industry_or_type_is_refused_by_the_service(cast, field, value):
    case = register(actor=cast.filing_officer, unit=cast.district)
    with pytest.raises(ValidationError):
        add_party(
            actor=cast.filing_officer,
            case=case,
            data=PartyInput(
                side="respondent", kind="employer", name="另一公司", is_organisation=True, **{field: value}
            ),
        )


def test_the_portal_asks_for_both_and_accepts_not_knowing(cast):
    base = {"name": "某建筑公司", "address": "某路1号"}
    assert EmployerForm(base).is_valid()
    known = EmployerForm(base | {"industry": "E", "employer_type": "state_owned"})
    assert known.is_valid() and known.cleaned_data["industry"] == "E"
    assert not EmployerForm(base | {"industry": "<script>"}).is_valid()


def test_the_case_list_filters_by_the_respondents_industry_and_type(cast):
    builder = register(actor=cast.filing_officer, unit=cast.district, worker_name="甲")
    factory = register(actor=cast.filing_officer, unit=cast.district, worker_name="乙")
    Party.objects.filter(case=builder, side=PartySide.RESPONDENT).update(
        industry="E", employer_type="private"
    )
    Party.objects.filter(case=factory, side=PartySide.RESPONDENT).update(
        industry="C", employer_type="foreign"
    )
    # a second respondent of the same industry does not list the case twice
    add_party(
        actor=cast.filing_officer,
        case=builder,
        data=PartyInput(
            side="respondent", kind="employer", name="劳务公司", is_organisation=True, industry="E"
        ),
    )
    client = sign_in(Client(), cast.filing_officer)

    def listed(query: str) -> list[str]:
        response = client.get(f"/cases/?{query}")
        assert response.status_code == 200
        return [c.pk for c in response.context["page"].object_list]

    assert listed("industry=E") == [builder.pk]
    assert listed("employer_type=foreign") == [factory.pk]
    assert listed("industry=E&employer_type=foreign") == []
    unrecorded = register(actor=cast.filing_officer, unit=cast.district, worker_name="丙")
    assert listed("industry=none") == [unrecorded.pk] and listed("employer_type=none") == [unrecorded.pk]
    for hostile in ("industry=%27%20OR%201%3D1", "industry=" + "E" * 3000, "employer_type[]=x"):
        assert sorted(listed(hostile)) == sorted([builder.pk, factory.pk, unrecorded.pk])


def test_the_api_takes_and_gives_both_and_filters_by_them(cast):
    client = sign_in(Client(), cast.filing_officer)
    case = register(actor=cast.filing_officer, unit=cast.district)
    Party.objects.filter(case=case, side=PartySide.RESPONDENT).update(industry="H")
    found = client.get("/api/v1/cases/?industry=H").json()
    assert [c["id"] for c in found["results"]] == [case.pk]
    assert client.get("/api/v1/cases/?industry=Q").json()["results"] == []
    assert client.get("/api/v1/cases/?industry=nonsense").status_code == 400
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert {p["industry"] for p in detail["parties"]} == {"", "H"}
    assert detail["threatens_collective_action"] is False
