"""The Q&A assistant: BM25 over the curated FAQ and the law articles, with a confidence rule.

It answers only when one FAQ clearly matches: the FAQ question must cover at least half of
the asker's meaningful words and stand out from the runner-up. Otherwise it says so, shows
what may help, and offers to hand the question to the filing office.
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from medarb.portal.models import Faq
from medarb.search.everyday import mend, rewrite
from medarb.search.models import EntryKind, LawArticle
from medarb.search.selectors import search
from medarb.search.tokens import SYNONYMS, tokenize

MIN_COVERAGE = 0.5
CLEAR_COVERAGE = 0.75
MIN_LEAD = 1.15  # best score over the runner-up
CANDIDATES = 8  # BM25 hits re-ranked by coverage
VOCABULARY_KEY = "portal:faq-vocabulary:v1"


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str


# What the asker can do next, by what the answer speaks of: the calculator for a sum of money
# (with the head of claim chosen), the online application, a visit to a window.
_CALCULATOR_KINDS = [
    (re.compile(r"二倍的?工资"), "double_wages"),
    (re.compile(r"加班费"), "overtime"),
    (re.compile(r"二倍支付赔偿金|赔偿金"), "unlawful_termination_damages"),
    (re.compile(r"经济补偿"), "economic_compensation"),
    (re.compile(r"年休假工资"), "annual_leave_pay"),
]
_APPLY_CATEGORIES = {"仲裁", "劳动报酬", "劳动合同", "解除劳动合同", "休息休假", "证据", "工伤", "社会保险"}


def next_steps(faq: Faq) -> list[NextStep]:
    text = f"{faq.question}{faq.answer}"
    steps = []
    kind = next((kind for pattern, kind in _CALCULATOR_KINDS if pattern.search(text)), None)
    if kind:
        steps.append(NextStep(_("用计算器算一算"), f"{reverse('portal:calculator')}?kind={kind}"))
    if faq.category in _APPLY_CATEGORIES:
        steps.append(NextStep(_("在线申请仲裁"), reverse("portal:apply")))
    steps.append(NextStep(_("预约到窗口咨询"), reverse("appointments:points")))
    return steps


@dataclass
class Answer:
    question: str
    confident: bool
    faq: Faq | None = None
    related: list[Faq] = field(default_factory=list)
    articles: list[LawArticle] = field(default_factory=list)
    coverage: float = 0.0

    @property
    def next_steps(self) -> list[NextStep]:
        return next_steps(self.faq) if self.faq else []


def _title_match(own: list[str], faq: Faq) -> float:
    """How alike the asker's own words and the FAQ's question are (Dice over their words)."""
    title = set(tokenize(faq.question))
    if not own or not title:
        return 0.0
    shared = sum(1 for token in own if token in title or title.intersection(SYNONYMS.get(token, ())))
    return 2 * shared / (len(own) + len(title))


def _coverage(asked: list[str], faq: Faq) -> float:
    """Share of the asker's words (or their synonyms) that the FAQ entry speaks of."""
    if not asked:
        return 0.0
    words = set(tokenize(f"{faq.question} {faq.answer}"))
    covered = sum(1 for token in asked if token in words or words.intersection(SYNONYMS.get(token, ())))
    return covered / len(asked)


def _vocabulary() -> set[str]:
    """Every word the published FAQ speaks of: words outside it ("鱿鱼", "半夜") cannot be covered."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        words = set()
        for question, answer in Faq.objects.filter(is_published=True).values_list("question", "answer"):
            words.update(tokenize(f"{question} {answer}"))
        cache.set(VOCABULARY_KEY, words, 300)
    return words


def forget_vocabulary() -> None:
    cache.delete(VOCABULARY_KEY)


def ask(question: str) -> Answer:
    question = (question or "").strip()[:500]
    wider = rewrite(question)
    vocabulary = _vocabulary()
    asked = [
        token
        for token in dict.fromkeys(tokenize(wider))
        if token in vocabulary or vocabulary.intersection(SYNONYMS.get(token, ()))
    ]
    hits = search(wider, kinds=[EntryKind.FAQ], limit=CANDIDATES)
    faqs = Faq.objects.prefetch_related("articles__law").in_bulk([h.entry.ref_id for h in hits])
    ranked = [
        (faqs[h.entry.ref_id], h.score)
        for h in hits
        if h.entry.ref_id in faqs and faqs[h.entry.ref_id].is_published
    ]
    article_hits = search(wider, kinds=[EntryKind.LAW_ARTICLE], limit=3)
    articles = list(
        LawArticle.objects.select_related("law").filter(pk__in=[h.entry.ref_id for h in article_hits])
    )
    articles.sort(key=lambda a: [h.entry.ref_id for h in article_hits].index(a.pk))
    if not ranked:
        return Answer(question, confident=False, articles=articles)
    # Re-rank the few BM25 candidates by how much of the question each one covers.
    # Ties on coverage go to the entry whose own question reads most like the asker's words.
    own = [token for token in dict.fromkeys(tokenize(mend(question))) if token in vocabulary]
    scored = sorted(
        ((_coverage(asked, faq), _title_match(own, faq), score, faq) for faq, score in ranked),
        key=lambda t: t[:3],
        reverse=True,
    )
    scored = [(coverage, score, faq) for coverage, _title, score, faq in scored]
    coverage, best_score, best = scored[0]
    runner_up = scored[1] if len(scored) > 1 else None
    leads = runner_up is None or coverage > runner_up[0] or best_score >= MIN_LEAD * runner_up[1]
    confident = coverage >= CLEAR_COVERAGE or (coverage >= MIN_COVERAGE and leads)
    related = [faq for _, _, faq in (scored[1:] if confident else scored)]
    return Answer(question, confident, best if confident else None, related, articles, coverage)
