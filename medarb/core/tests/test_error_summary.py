"""Long forms answer a refused submit with one summary at the top, each line linking to the
field it is about (rows of a formset named: 当事人 2 · 姓名), focused on load by medarb.js."""

import re

import pytest
from django import forms

from medarb.api.testing import sign_in
from medarb.cases.forms import PartyFormSet
from medarb.core.templatetags.form_errors import error_summary

pytestmark = pytest.mark.django_db


def summary(html: str) -> str:
    found = re.search(r"<div[^>]*data-error-summary.*?</div>", html, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


def test_the_window_registration_lists_every_problem_with_a_link_to_its_field(client, cast):
    sign_in(client, cast.filing_officer)
    data = {
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-role": "applicant",
        "party-0-kind": "person",
        "party-0-name": "",
        "party-1-role": "respondent",
        "party-1-kind": "organisation",
        "party-1-name": "某电子有限公司",
        "claim-TOTAL_FORMS": "1",
        "claim-INITIAL_FORMS": "0",
        "claim-0-description": "",
    }
    page = client.post("/cases/register/", data).content.decode()

    box = summary(page)
    assert 'tabindex="-1"' in box and 'role="alert"' in box
    links = re.findall(r'href="#([^"]+)"', box)
    assert "id_party-0-name" in links and "id_claim-0-description" in links
    for anchor in links:
        assert f'id="{anchor}"' in page  # every link lands on a field of the page
    assert "当事人 1 · " in box and "请求 1 · " in box


def test_a_step_of_the_online_application_summarises_its_errors(client, cast):
    sign_in(client, cast.worker)
    client.get("/portal/apply/")
    page = client.post("/portal/apply/applicant/", {"name": "", "phone": "123"}).content.decode()
    box = summary(page)
    assert "#id_name" in box and "#id_phone" in box


def test_a_page_without_errors_has_no_summary(client, cast):
    sign_in(client, cast.filing_officer)
    assert "data-error-summary" not in client.get("/cases/register/").content.decode()


def test_non_field_and_formset_errors_are_listed_without_links():
    class Form(forms.Form):
        name = forms.CharField(label="姓名")

        def clean(self):
            raise forms.ValidationError("两项不能同时为空。")

    form = Form({"name": "x"})
    parties = PartyFormSet({"party-TOTAL_FORMS": "0", "party-INITIAL_FORMS": "0"}, prefix="party")
    assert not form.is_valid() and not parties.is_valid()

    lines = error_summary(form, parties, None)["lines"]

    assert {"message": "两项不能同时为空。"} in lines
    assert any("anchor" not in line and "2" in str(line["message"]) for line in lines)  # at least 2 parties
