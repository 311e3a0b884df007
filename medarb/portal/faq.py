"""Reading data/faq.md: questions, categories, answers and their legal basis."""

import re
from dataclasses import dataclass
from pathlib import Path

CITATION = re.compile(r"《(?P<law>[^》]+)》(?P<label>.+)")
PLATFORM_SOURCE = "本平台办事指南"


@dataclass(frozen=True)
class FaqItem:
    question: str
    category: str
    answer: str
    citations: tuple[tuple[str, str], ...]  # (law short title, article label)
    source_note: str


def parse_faq(path: Path) -> list[FaqItem]:
    items: list[FaqItem] = []
    blocks = path.read_text(encoding="utf-8").split("\n## ")[1:]
    for block in blocks:
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        question, body = lines[0], lines[1:]
        category = next((line.removeprefix("分类：") for line in body if line.startswith("分类：")), "其他")
        basis = next((line.removeprefix("依据：") for line in body if line.startswith("依据：")), "")
        answer = "\n".join(line for line in body if not line.startswith(("分类：", "依据：")))
        citations, notes = [], []
        for part in filter(None, (p.strip() for p in basis.split("；"))):
            match = CITATION.fullmatch(part)
            if match:
                citations.append((match["law"], match["label"].strip()))
            else:
                notes.append(part)
        items.append(FaqItem(question, category, answer, tuple(citations), "；".join(notes)))
    return items
