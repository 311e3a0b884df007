"""How well the assistant answers everyday questions: the share of a fixed set of questions,
written the way workers write them, for which a right entry is among the first three shown.

The set (`tests/data/everyday_questions.json`) names for each question the FAQ entries
(`faq:<question>`) or law articles (`《法》第N条`) that honestly answer it. The test asserts
the figure and `bench/assistant.py` (run by `make bench`) prints it.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from medarb.portal.assistant import Answer, ask

QUESTIONS = Path(__file__).parent / "tests" / "data" / "everyday_questions.json"
# Written after the everyday-word table and never used to tune it: reported, not asserted.
HELD_OUT = Path(__file__).parent / "tests" / "data" / "held_out_questions.json"
TOP = 3


@dataclass
class Miss:
    question: str
    shown: list[str]
    accept: list[str]


@dataclass
class Evaluation:
    total: int = 0
    found: int = 0
    answered: int = 0  # a confident answer (not handed over) that is one of the right entries
    misses: list[Miss] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def shown_ids(answer: Answer) -> list[str]:
    """What the asker sees, in order: the answer, the related questions, the articles."""
    faqs = ([answer.faq] if answer.faq else []) + list(answer.related)
    return [f"faq:{faq.question}" for faq in faqs] + [article.citation for article in answer.articles]


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def evaluate(path: Path = QUESTIONS, top: int = TOP) -> Evaluation:
    result = Evaluation()
    for item in load_questions(path):
        answer = ask(item["q"])
        shown = shown_ids(answer)[:top]
        result.total += 1
        if set(shown) & set(item["accept"]):
            result.found += 1
            if answer.confident and f"faq:{answer.faq.question}" in item["accept"]:
                result.answered += 1
        else:
            result.misses.append(Miss(item["q"], shown, item["accept"]))
    return result
