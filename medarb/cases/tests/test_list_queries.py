"""The case list's queries: subtree ranges, shares, the one-scan search, fixed query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medarb.api.testing import sign_in
from medarb.cases import selectors
from medarb.cases.models import Case, CaseShare, ShareReason
from medarb.cases.selectors import CaseFilters, case_list
from medarb.cases.services import allocate_case_number
from medarb.testing import register

pytestmark = pytest.mark.django_db


def ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


class TestSubtreeVisibility:
    def test_a_street_reads_its_own_subtree_and_not_a_sibling_whose_path_extends_its_own(self, cast):
        own = register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
        below = register(actor=cast.community_mediator, unit=cast.community_a, kind="mediation")
        lookalike = register(actor=cast.street_b_mediator, unit=cast.street_b, kind="mediation")
        # A unit whose id starts with the street's id, e.g. /…/14/ and /…/140/: the range ends
        # before it. Written straight into the copied column, as such a unit would leave it.
        Case.objects.filter(pk=lookalike.pk).update(unit_path=cast.street_a.path[:-1] + "0/")
        district = register(actor=cast.filing_officer, unit=cast.district)

        visible = ids(Case.objects.visible_to(cast.street_mediator))

        assert sorted(visible) == sorted([own.pk, below.pk])
        assert lookalike.pk not in visible and district.pk not in visible

    def test_a_case_shared_with_a_street_is_listed_beside_its_subtree(self, cast):
        own = register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
        shared = register(actor=cast.filing_officer, unit=cast.district)
        CaseShare.objects.create(
            case=shared, unit=cast.street_a, reason=ShareReason.GUIDANCE, granted_by=cast.chair
        )

        assert sorted(ids(Case.objects.visible_to(cast.street_mediator))) == sorted([own.pk, shared.pk])

    def test_a_revoked_share_no_longer_lists_the_case(self, cast):
        shared = register(actor=cast.filing_officer, unit=cast.district)
        share = CaseShare.objects.create(
            case=shared, unit=cast.street_a, reason=ShareReason.GUIDANCE, granted_by=cast.chair
        )
        share.revoked_at = share.granted_at
        share.save(update_fields=["revoked_at"])

        assert shared.pk not in ids(Case.objects.visible_to(cast.street_mediator))


class TestSearch:
    @pytest.fixture
    def cases(self, cast) -> dict[str, Case]:
        zhou = register(actor=cast.filing_officer, unit=cast.district, worker_name="周八")
        wu = register(actor=cast.filing_officer, unit=cast.district, worker_name="吴九")
        street = register(
            actor=cast.street_mediator, unit=cast.street_a, kind="mediation", worker_name="周八"
        )
        allocate_case_number(case=wu, on=date(2026, 3, 2))
        wu.refresh_from_db()
        return {"zhou": zhou, "wu": wu, "street": street}

    def test_a_party_name_finds_every_visible_case_of_that_party(self, cast, cases):
        found = ids(case_list(user=cast.filing_officer, filters=CaseFilters(q="周八")))
        assert found == [cases["street"].pk, cases["zhou"].pk]

    def test_a_fragment_of_the_case_number_finds_the_case(self, cast, cases):
        fragment = cases["wu"].number[-4:]
        assert ids(case_list(user=cast.filing_officer, filters=CaseFilters(q=fragment))) == [cases["wu"].pk]

    def test_a_search_stays_within_what_the_user_sees(self, cast, cases):
        assert ids(case_list(user=cast.street_b_mediator, filters=CaseFilters(q="周八"))) == []
        assert ids(case_list(user=cast.street_mediator, filters=CaseFilters(q="周八"))) == [
            cases["street"].pk
        ]

    def test_a_search_combines_with_the_other_filters_and_the_ordering(self, cast, cases):
        filters = CaseFilters(q="周八", kind="arbitration", ordering="id")
        assert ids(case_list(user=cast.filing_officer, filters=filters)) == [cases["zhou"].pk]

    def test_a_term_matching_more_cases_than_the_id_limit_gives_the_same_answer(
        self, cast, cases, monkeypatch
    ):
        expected = ids(case_list(user=cast.filing_officer, filters=CaseFilters(q="周八")))
        monkeypatch.setattr(selectors, "SEARCH_ID_LIMIT", 1)
        assert ids(case_list(user=cast.filing_officer, filters=CaseFilters(q="周八"))) == expected

    def test_a_term_that_matches_nothing_lists_nothing(self, cast, cases):
        response = sign_in(Client(), cast.filing_officer).get("/cases/", {"q": "无此人"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0


class TestFixedQueryCounts:
    @pytest.mark.parametrize("size", [5, 50])
    def test_a_searched_page_issues_the_same_queries_whatever_its_size(
        self, cast, monkeypatch, size, django_assert_num_queries
    ):
        for n in range(12):
            register(actor=cast.filing_officer, unit=cast.district, worker_name=f"陈工人{n}")
        client = sign_in(Client(), cast.filing_officer)
        client.get("/cases/", {"q": "陈工人"})  # warm the session
        monkeypatch.setattr("medarb.cases.views.PAGE_SIZE", 1)
        with CaptureQueriesContext(connection) as baseline:
            client.get("/cases/", {"q": "陈工人"})
        monkeypatch.setattr("medarb.cases.views.PAGE_SIZE", size)
        with django_assert_num_queries(len(baseline)):
            response = client.get("/cases/", {"q": "陈工人"})
        assert response.context["page"].paginator.count == 12
        assert len(response.context["page"].object_list) == min(size, 12)

    def test_a_street_reader_page_issues_as_many_queries_as_a_district_reader_page(self, cast):
        register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
        counts = []
        for user in (cast.filing_officer, cast.street_mediator):
            client = sign_in(Client(), user)
            client.get("/cases/")
            with CaptureQueriesContext(connection) as queries:
                client.get("/cases/")
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_a_search_costs_no_more_queries_than_the_plain_list(self, cast):
        for n in range(3):
            register(actor=cast.filing_officer, unit=cast.district, worker_name=f"陈工人{n}")
        client = sign_in(Client(), cast.filing_officer)
        client.get("/cases/")
        counts = []
        for query in ({}, {"q": "陈工人"}):
            with CaptureQueriesContext(connection) as queries:
                client.get("/cases/", query)
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_known_count_of_a_search_does_not_survive_a_further_filter(self, cast):
        register(actor=cast.filing_officer, unit=cast.district, worker_name="陈工人")
        register(actor=cast.filing_officer, unit=cast.district, worker_name="陈工人", kind="mediation")
        searched = case_list(user=cast.filing_officer, filters=CaseFilters(q="陈工人"))
        assert searched.count() == 2
        assert searched.filter(kind="arbitration").count() == 1
