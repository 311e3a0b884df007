"""The assistant's answer page: the answer first, then its articles, then what to do next;
a hand-over to staff only when nothing good was found (issue 11)."""

import pytest

from medarb.portal.assistant import ask
from medarb.portal.services import load_faq
from medarb.search.services import load_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_library()
    load_faq()


def test_unpaid_wages_asked_plainly_are_answered_directly(library):
    answer = ask("拖欠工资怎么办")
    assert answer.confident
    assert answer.faq.question == "公司拖欠工资不发，我该怎么办？"
    assert "《劳动合同法》第三十条" in [a.citation for a in answer.faq.articles.all()]


def test_the_page_puts_the_answer_before_its_articles_and_next_steps(client, library):
    page = client.post("/portal/ask/", {"question": "没签合同能要双倍工资吗"}).content.decode()
    answer_at = page.index('data-testid="answer-text"')
    articles_at = page.index('data-testid="answer-articles"')
    steps_at = page.index('data-testid="next-steps"')
    assert answer_at < articles_at < steps_at
    assert "《劳动合同法》第八十二条" in page
    assert "/portal/calculator/?kind=double_wages" in page
    assert "/portal/apply/" in page
    assert 'data-testid="hand-over"' not in page


def test_overtime_leads_to_the_overtime_calculator(library):
    answer = ask("周末加班给多少钱")
    assert answer.confident
    assert any("kind=overtime" in step.url for step in answer.next_steps)


def test_a_question_it_cannot_answer_is_offered_to_staff(client, library):
    page = client.post("/portal/ask/", {"question": "明天天气怎么样"}).content.decode()
    assert 'data-testid="hand-over"' in page
    assert 'data-testid="answer-text"' not in page


def test_a_new_faq_entry_cites_articles_of_the_library(library):
    for question in (
        "被辞退了，单位要给经济补偿吗？",
        "试用期内，单位可以随便辞退我吗？",
        "离职时单位不给开离职证明怎么办？",
    ):
        answer = ask(question.rstrip("？"))
        assert answer.faq is not None and answer.faq.question == question
        assert answer.faq.articles.exists()
