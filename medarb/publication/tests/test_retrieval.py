"""Staff retrieval: facets count what the person may see, and nothing else ever appears."""

from datetime import date

import pytest
from django.urls import reverse

from medarb.publication.testing import case_with_award
from medarb.search import retrieval
from medarb.search.models import RecordEntry, RecordKind

HOSTILE = [
    "",
    " ",
    "加班费" * 3400,
    'AND OR NOT "',
    '"加班费',
    "加班费 OR 工资 NEAR(a b)",
    "title_tokens:工资",
    "*",
    "^工资",
    "'; DROP TABLE search_recordentry; --",
    "(((",
    "\\",
    "\x00",
    "工资\u202e",
]


@pytest.fixture
def district_awards(cast):
    """Three awarded cases of the district and a mediation case of a street room below it."""
    return [
        case_with_award(actor=cast.filing_officer, unit=cast.district, claims=[("支付拖欠工资", True)]),
        case_with_award(
            actor=cast.filing_officer,
            unit=cast.district,
            claims=[("支付拖欠工资", True), ("支付经济补偿金", False)],
            signed_off=date(2024, 3, 5),
        ),
        case_with_award(
            actor=cast.filing_officer,
            unit=cast.district,
            cause="wages.overtime",
            claims=[("支付加班费", False)],
            facts="要求支付加班费。",
            kind="final",
        ),
        case_with_award(
            actor=cast.street_mediator,
            unit=cast.street_a,
            claims=[("支付拖欠工资", True)],
            case_kind="mediation",
        ),
    ]


def _counts(results, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[facet]}


class TestIndexing:
    def test_an_issued_award_and_its_case_record_are_indexed_and_a_draft_award_is_not(self, cast):
        issued = case_with_award(actor=cast.filing_officer, unit=cast.district)
        draft = case_with_award(actor=cast.filing_officer, unit=cast.district, issued=False)
        kinds = set(RecordEntry.objects.filter(case=issued).values_list("kind", flat=True))
        assert kinds == {RecordKind.AWARD, RecordKind.CASE_RECORD}
        assert set(RecordEntry.objects.filter(case=draft).values_list("kind", flat=True)) == {
            RecordKind.CASE_RECORD
        }

    def test_an_act_of_the_case_indexes_it_once_committed(self, cast, django_capture_on_commit_callbacks):
        from medarb.cases import workflow
        from medarb.testing import register

        case = register(actor=cast.filing_officer, unit=cast.district)
        assert not RecordEntry.objects.filter(case=case).exists()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.fire(case=case, transition="accept", actor=cast.filing_officer)
        assert RecordEntry.objects.filter(case=case, kind=RecordKind.CASE_RECORD).exists()

    def test_rebuilding_gives_the_same_entries(self, cast, district_awards):
        from medarb.publication import feed

        before = sorted(RecordEntry.objects.values_list("kind", "ref_id", "outcome", "finality", "year"))
        feed.rebuild()
        after = sorted(RecordEntry.objects.values_list("kind", "ref_id", "outcome", "finality", "year"))
        assert before == after and len(after) == 7


class TestFacets:
    def test_facets_count_the_hits_of_the_query(self, cast, district_awards):
        results = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资"))
        # Every document mentions 工资 but the overtime case's award and record.
        assert results.total == 5
        assert _counts(results, "kind") == {"award": 2, "case_record": 3}
        assert _counts(results, "outcome") == {"upheld": 1, "partly": 1}
        assert _counts(results, "year") == {"2025": 3, "2024": 2}
        assert _counts(results, "unit") == {str(cast.district.pk): 4, str(cast.street_a.pk): 1}
        assert _counts(results, "finality") == {"non_final": 2}

    def test_a_chosen_facet_narrows_the_hits_and_the_other_facets_but_not_its_own(
        self, cast, district_awards
    ):
        query = retrieval.Query(text="支付", kind="award", year=2025)
        results = retrieval.retrieve(user=cast.chair, query=query)
        assert results.total == 2
        assert _counts(results, "year") == {"2025": 2, "2024": 1}  # its own: every year still offered
        assert _counts(results, "outcome") == {"upheld": 1, "dismissed": 1}
        assert _counts(results, "finality") == {"non_final": 1, "final": 1}
        assert {h.entry.kind for h in results.hits} == {"award"}

    def test_dismissed_final_awards_are_found_by_their_facets(self, cast, district_awards):
        query = retrieval.Query(outcome="dismissed", finality="final")
        results = retrieval.retrieve(user=cast.chair, query=query)
        assert [h.entry.case_id for h in results.hits] == [district_awards[2].pk]


class TestVisibility:
    def test_units_side_by_side_see_only_their_own_hits_and_counts(self, cast, district_awards):
        other = case_with_award(actor=cast.other_arbitrator, unit=cast.other_district)
        query = retrieval.Query(text="拖欠工资")
        mine = retrieval.retrieve(user=cast.arbitrator, query=query)
        theirs = retrieval.retrieve(user=cast.other_arbitrator, query=query)
        street = retrieval.retrieve(user=cast.street_mediator, query=query)
        assert {h.entry.case_id for h in theirs.hits} == {other.pk}
        assert other.pk not in {h.entry.case_id for h in mine.hits}
        assert {h.entry.case_id for h in street.hits} == {district_awards[3].pk}
        assert sum(v.count for v in street.facets["kind"]) == street.total == 1
        assert sum(v.count for v in theirs.facets["unit"]) == 2
        assert set(_counts(theirs, "unit")) == {str(cast.other_district.pk)}

    def test_a_party_and_an_outsider_get_no_retrieval_page(self, client, cast, district_awards):
        client.force_login(cast.worker)
        assert client.get(reverse("search:records"), {"q": "工资"}).status_code == 404

    def test_a_hit_outside_the_visibility_cannot_be_opened(self, client, cast, district_awards):
        entry = RecordEntry.objects.filter(case=district_awards[0], kind="award").get()
        client.force_login(cast.other_arbitrator)
        assert client.get(reverse("search:record", args=[entry.pk])).status_code == 404
        client.force_login(cast.arbitrator)
        assert client.get(reverse("search:record", args=[entry.pk])).status_code == 200

    def test_similar_cases_never_show_the_case_itself_or_an_invisible_case(self, cast, district_awards):
        other = case_with_award(actor=cast.other_arbitrator, unit=cast.other_district)
        similar = retrieval.similar(user=cast.arbitrator, case=district_awards[0])
        cases = [h.entry.case_id for h in similar]
        assert district_awards[0].pk not in cases and other.pk not in cases
        assert district_awards[1].pk in cases
        assert len(cases) == len(set(cases))

    def test_similar_cases_put_the_case_sharing_the_rarest_words_first(self, cast, district_awards):
        facts = "双方约定实行包薪制，考勤记录未经申请人签字确认。"
        twin = case_with_award(actor=cast.filing_officer, unit=cast.district, facts=facts)
        case = case_with_award(actor=cast.filing_officer, unit=cast.district, facts=facts)
        similar = retrieval.similar(user=cast.arbitrator, case=case)
        # The other cases hold none of its eight rarest words: nothing else is "similar".
        assert [h.entry.case_id for h in similar] == [twin.pk]


class TestPages:
    def test_the_page_shows_highlighted_snippets_facets_and_audits_the_search(
        self, client, cast, district_awards
    ):
        from medarb.audit.models import AuditEntry

        client.force_login(cast.chair)
        response = client.get(reverse("search:records"), {"q": "经济补偿金"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "支付<mark>经济补偿</mark>金" in page
        assert 'data-facet="kind"' in page
        assert AuditEntry.objects.filter(summary="retrieval search", actor=cast.chair).exists()

    def test_a_broad_query_ranks_its_newest_hits_and_still_counts_them_all(
        self, cast, district_awards, monkeypatch
    ):
        from medarb.search import records

        monkeypatch.setattr(retrieval, "RANK_WINDOW", 2)
        results = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资"))
        assert results.total == 5 and sum(v.count for v in results.facets["kind"]) == 5
        matching = records.matching(
            retrieval.visible_entries(cast.chair), records.match(records.words("工资"))
        )
        newest = sorted(matching.values_list("id", flat=True))[-2:]
        assert sorted(h.entry.pk for h in results.hits) == newest

    def test_facets_of_a_very_broad_query_count_its_newest_hits_and_say_so(
        self, cast, district_awards, monkeypatch
    ):
        monkeypatch.setattr(retrieval, "FACET_WINDOW", 3)
        results = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资"))
        assert results.total == 5 and results.facets_from == 3
        assert sum(v.count for v in results.facets["kind"]) == 3

    def test_the_newest_hits_read_in_one_string_each_combine_as_the_grouped_count_does(
        self, cast, district_awards
    ):
        from medarb.search import records

        hits = records.matching(
            retrieval.visible_entries(cast.chair), records.match(records.words("支付")), ranked=False
        )
        newest = hits.extra(order_by=[f"-{records.newest_first()}"])

        def combinations(pairs):
            return sorted((sorted(values.items()), n) for values, n in pairs)

        assert combinations(retrieval._newest_combinations(newest)) == combinations(
            retrieval._combinations(hits)
        )

    def test_a_broad_query_no_entry_answers_whole_keeps_the_entries_holding_its_rarest_words(
        self, cast, district_awards, monkeypatch
    ):
        query = retrieval.Query(text="拖欠工资 加班费")
        anywhere = retrieval.retrieve(user=cast.chair, query=query)
        assert not anywhere.every_word and anywhere.total == 7
        monkeypatch.setattr(retrieval, "RANK_WINDOW", 2)
        narrowed = retrieval.retrieve(user=cast.chair, query=query)
        assert not narrowed.every_word and narrowed.total == 2
        assert {h.entry.case_id for h in narrowed.hits} == {district_awards[2].pk}  # 加班费 is rarer

    def test_sorting_by_date_puts_the_newest_first(self, cast, district_awards):
        results = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资", sort="date"))
        dates = [h.entry.dated for h in results.hits]
        assert dates == sorted(dates, reverse=True)

    def test_paging_splits_the_hits(self, cast, district_awards):
        first = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资"), per_page=4)
        second = retrieval.retrieve(user=cast.chair, query=retrieval.Query(text="工资", page=2), per_page=4)
        assert first.pages == 2 and len(first.hits) == 4 and len(second.hits) == 1
        assert not {h.entry.pk for h in first.hits} & {h.entry.pk for h in second.hits}

    @pytest.mark.parametrize("q", HOSTILE)
    def test_hostile_queries_never_fail(self, client, cast, district_awards, q):
        client.force_login(cast.chair)
        params = {
            "q": q,
            "page": "abc",
            "year": "99999999999999",
            "unit": "-1",
            "sort": "x'",
            "cause": q[:50],
        }
        assert client.get(reverse("search:records"), params).status_code == 200
        assert client.get(reverse("publication:library"), {"q": q, "page": "0"}).status_code == 200

    def test_the_list_page_keeps_a_fixed_number_of_queries(self, client, cast, django_assert_max_num_queries):
        for n in range(12):
            case_with_award(
                actor=cast.filing_officer, unit=cast.district, signed_off=date(2020 + n % 5, 1, 1)
            )
        client.force_login(cast.chair)
        with django_assert_max_num_queries(30):
            assert client.get(reverse("search:records"), {"q": "工资"}).status_code == 200

    def test_the_case_page_shows_similar_cases(self, client, cast, district_awards):
        client.force_login(cast.arbitrator)
        response = client.get(reverse("cases:detail", args=[district_awards[0].pk]))
        assert 'data-testid="similar-cases"' in response.content.decode()
