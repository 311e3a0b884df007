"""Workers' everyday questions find a right answer among the first three (issue 11)."""

import pytest

from medarb.portal.assistant_eval import evaluate, load_questions
from medarb.portal.models import Faq
from medarb.portal.services import load_faq
from medarb.search.models import LawArticle
from medarb.search.services import load_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_library()
    load_faq()


def test_the_set_has_at_least_forty_questions_naming_real_entries(library):
    questions = load_questions()
    assert len(questions) >= 40
    faqs = set(Faq.objects.values_list("question", flat=True))
    citations = {article.citation for article in LawArticle.objects.select_related("law")}
    for item in questions:
        for wanted in item["accept"]:
            assert (
                wanted.removeprefix("faq:") in faqs if wanted.startswith("faq:") else wanted in citations
            ), wanted


def test_ninety_percent_find_a_right_entry_in_the_top_three(library):
    result = evaluate()
    misses = "\n".join(f"{m.question} → {m.shown}" for m in result.misses)
    print(
        f"\neveryday questions: {result.found}/{result.total} = {result.share:.0%} in the top 3; "
        f"{result.answered} answered outright\n{misses}"
    )
    assert result.share >= 0.9, misses
