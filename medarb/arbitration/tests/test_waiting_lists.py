"""An arbitrator's "待我办理" lists the cases she sits on or is assigned, not every case of
the district (issue 11); clerks and the chair keep the commission's list."""

import pytest
from django.urls import reverse

from medarb.api.testing import sign_in
from medarb.arbitration import services
from medarb.cases.selectors import cases_waiting_for
from medarb.orgs.models import Role
from medarb.procedure.todos import open_task, tasks_for
from medarb.testing import register

from .conftest import TODAY


@pytest.fixture
def two_tribunals(cast, pool, today, minimum_wage):
    """Two accepted cases: 林仲裁 sits alone on the first, 王仲裁 on the second."""
    cases = []
    for presiding in (pool[0], pool[1]):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY)
        services.accept_case(case=case, actor=cast.filing_officer, on=TODAY)
        services.compose_tribunal(
            case=case, actor=cast.chair, kind="sole", presiding=presiding, clerk=cast.clerk, on=TODAY
        )
        cases.append(case)
    return cases


class TestAnArbitratorsList:
    def test_it_holds_the_cases_she_sits_on(self, cast, pool, two_tribunals):
        mine, theirs = two_tribunals
        assert list(cases_waiting_for(user=pool[0])) == [mine]
        assert list(cases_waiting_for(user=pool[1])) == [theirs]

    def test_a_case_without_a_tribunal_waits_for_the_clerks_not_every_arbitrator(
        self, cast, pool, two_tribunals
    ):
        unseated = register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY)
        services.accept_case(case=unseated, actor=cast.filing_officer, on=TODAY)
        assert unseated not in cases_waiting_for(user=pool[0])
        assert unseated in cases_waiting_for(user=cast.clerk)
        assert set(two_tribunals) <= set(cases_waiting_for(user=cast.clerk))

    def test_a_case_assigned_to_her_is_on_it_too(self, cast, pool, two_tribunals):
        unseated = register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY)
        services.accept_case(case=unseated, actor=cast.filing_officer, on=TODAY)
        open_task(
            case=unseated,
            unit=cast.district,
            role=Role.ARBITRATOR,
            kind="review",
            title="阅卷",
            assignee=pool[0],
        )
        assert unseated in cases_waiting_for(user=pool[0])
        assert unseated not in cases_waiting_for(user=pool[1])

    def test_her_to_dos_are_those_of_her_cases(self, cast, pool, two_tribunals):
        mine, theirs = two_tribunals
        assert {t.case_id for t in tasks_for(pool[0])} == {mine.pk}
        assert {t.case_id for t in tasks_for(pool[1])} == {theirs.pk}
        assert {mine.pk, theirs.pk} <= {t.case_id for t in tasks_for(cast.clerk)}

    def test_the_dashboard_shows_her_own_cases_only(self, cast, pool, two_tribunals, client):
        mine, theirs = two_tribunals
        page = sign_in(client, pool[0]).get(reverse("dashboard")).content.decode()
        waiting = page[page.index('data-testid="waiting-cases"') :]
        assert mine.display_number in waiting and theirs.display_number not in waiting
