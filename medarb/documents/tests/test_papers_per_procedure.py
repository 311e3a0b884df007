"""Each procedure issues only its own papers: the issue form of a mediation case offers no award,
an arbitration case no mediation agreement, and the service refuses what the form would not offer."""

import re

import pytest

from medarb.api.testing import sign_in
from medarb.core.errors import DomainError
from medarb.documents import services
from medarb.documents.testing import numbered_case
from medarb.procedure.declaration import registered

pytestmark = pytest.mark.django_db


def offered(client, case) -> set[str]:
    page = client.get(f"/cases/{case.pk}/").content.decode()
    form = re.search(r'<select[^>]*name="paper"[^>]*>(.*?)</select>', page, re.S)
    assert form, "no issue form on the case page"
    return set(re.findall(r'<option value="([a-z_]+)"', form.group(1)))


@pytest.mark.parametrize("kind", ["arbitration", "mediation"])
def test_the_issue_form_offers_the_papers_of_the_cases_procedure(client, cast, kind):
    case = numbered_case(cast, kind=kind)
    sign_in(client, cast.clerk if kind == "arbitration" else cast.district_mediator)

    assert offered(client, case) == registered()[kind].papers


def test_a_mediation_case_offers_no_award_and_an_arbitration_case_no_agreement():
    arbitration, mediation = registered()["arbitration"], registered()["mediation"]
    assert mediation.issues("mediation_agreement") and not mediation.issues("award_final")
    assert arbitration.issues("award_final") and not arbitration.issues("mediation_agreement")


@pytest.mark.parametrize(
    ("kind", "code"), [("mediation", "award_final"), ("arbitration", "mediation_agreement")]
)
def test_issuing_or_previewing_another_procedures_paper_is_refused(cast, kind, code):
    case = numbered_case(cast, kind=kind)
    with pytest.raises(DomainError, match="案件不出具"):
        services.issue_document(case=case, template_code=code, actor=cast.clerk, sign=False)
    with pytest.raises(DomainError, match="案件不出具"):
        services.preview_document(case=case, template_code=code)
    assert not case.documents.exists()
