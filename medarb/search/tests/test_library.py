import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.search.laws import chinese_to_int, int_to_chinese
from medarb.search.models import EntryKind, Law, LawArticle, SearchEntry, TypicalCase
from medarb.search.selectors import article, search
from medarb.search.services import index_entry, load_library


@pytest.fixture
def library(db):
    return load_library()


class TestChineseNumerals:
    @given(st.integers(min_value=1, max_value=9999))
    def test_numbers_round_trip(self, number):
        assert chinese_to_int(int_to_chinese(number)) == number

    @pytest.mark.parametrize(
        ("text", "number"), [("十", 10), ("十五", 15), ("二十", 20), ("一百零七", 107), ("三百零六", 306)]
    )
    def test_article_numbers_read_as_written_in_laws(self, text, number):
        assert chinese_to_int(text) == number


@pytest.mark.django_db
class TestLoadingTheLibrary:
    def test_every_law_file_is_loaded_article_by_article(self, library):
        assert library.laws == 18
        assert Law.objects.count() == 18
        assert LawArticle.objects.filter(law__short_title="劳动争议调解仲裁法").count() == 54
        assert TypicalCase.objects.count() == 10

    def test_an_article_is_cited_with_its_chapter_and_text(self, library):
        cited = article(law_short_title="劳动争议调解仲裁法", number=47)
        assert cited.citation == "《劳动争议调解仲裁法》第四十七条"
        assert "终局裁决" in cited.text
        assert "第三节 开庭和裁决" in cited.chapter

    def test_reloading_is_idempotent(self, library):
        before = (LawArticle.objects.count(), SearchEntry.objects.count())
        load_library()
        assert (LawArticle.objects.count(), SearchEntry.objects.count()) == before


@pytest.mark.django_db
class TestFullTextSearch:
    def test_a_chinese_question_finds_the_article_that_answers_it(self, library):
        results = search("仲裁时效是多长时间", kinds=[EntryKind.LAW_ARTICLE])
        titles = [r.entry.title for r in results[:5]]
        assert "《劳动争议调解仲裁法》第二十七条" in titles

    def test_overtime_finds_the_typical_cases(self, library):
        results = search("加班费 举证责任", kinds=[EntryKind.TYPICAL_CASE])
        assert results and "举证责任" in results[0].entry.title

    def test_a_new_entry_is_searchable_at_once_and_removable(self, library):
        index_entry(kind=EntryKind.FAQ, ref_id=1, title="离职后多久可以申请仲裁", body="一年内")
        assert search("离职 申请仲裁", kinds=[EntryKind.FAQ])[0].entry.ref_id == 1

    def test_a_changed_title_is_found_by_its_new_words_only(self, library):
        index_entry(kind=EntryKind.FAQ, ref_id=2, title="试用期工资标准", body="不得低于百分之八十")
        index_entry(kind=EntryKind.FAQ, ref_id=2, title="竞业限制补偿", body="按月支付")
        assert [r.entry.ref_id for r in search("竞业限制", kinds=[EntryKind.FAQ])][:1] == [2]
        assert 2 not in [r.entry.ref_id for r in search("试用期", kinds=[EntryKind.FAQ])]

    @pytest.mark.parametrize("text", ["", "   ", "的了吗", '" OR 1=1 --', "*", "NEAR(", "'; DROP TABLE x;"])
    def test_empty_or_hostile_queries_return_safely(self, library, text):
        assert isinstance(search(text), list)
