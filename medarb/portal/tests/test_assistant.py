import pytest

from medarb.portal.assistant import ask
from medarb.portal.faq import parse_faq
from medarb.portal.models import Faq
from medarb.portal.services import load_faq
from medarb.search.services import load_library


@pytest.fixture
def assistant(db, settings):
    load_library()
    load_faq()


class TestTheCuratedFaq:
    def test_there_are_at_least_sixty_questions_each_with_a_source(self, settings):
        items = parse_faq(settings.LAW_DATA_DIR / "faq.md")
        assert len(items) >= 60
        assert all(item.citations or item.source_note for item in items)
        assert len({item.question for item in items}) == len(items)

    def test_every_citation_names_a_real_article(self, assistant):
        assert Faq.objects.count() >= 60
        cited = Faq.objects.filter(articles__isnull=False).distinct().count()
        assert cited >= 55
        faq = Faq.objects.get(question="什么是“一裁终局”？")
        assert [a.citation for a in faq.articles.all()] == ["《劳动争议调解仲裁法》第四十七条"]


@pytest.mark.django_db
class TestAsking:
    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("劳动仲裁收费吗", "申请劳动仲裁要交费吗？"),
            ("仲裁时效多久", "申请劳动仲裁的时效是多长时间？"),
            ("没签劳动合同能要二倍工资吗", "单位一直不和我签书面劳动合同怎么办？"),
            ("年休假没休单位给钱吗", "年休假没休，单位要给钱吗？"),
            ("产假多少天", "女职工产假有多少天？"),
            ("经济补偿怎么算", "经济补偿怎么计算？"),
        ],
    )
    def test_common_phrasings_find_the_right_answer_with_its_source(self, assistant, question, expected):
        answer = ask(question)
        assert answer.confident, (question, answer.related)
        assert answer.faq.question == expected
        assert answer.faq.articles.exists()

    def test_an_unrelated_question_is_not_answered_with_confidence(self, assistant):
        answer = ask("明天天气怎么样")
        assert not answer.confident
        assert answer.faq is None

    def test_a_vague_question_offers_related_answers_and_articles(self, assistant):
        answer = ask("公司把我开除了")
        assert not answer.confident or answer.faq is not None
        assert answer.related or answer.articles

    @pytest.mark.parametrize("question", ["", "?", "的", "x" * 5000, "<script>alert(1)</script>"])
    def test_odd_input_never_breaks(self, assistant, question):
        assert ask(question).question is not None
