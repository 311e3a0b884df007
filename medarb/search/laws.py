"""Reading the law texts of data/laws: title, version date, chapters and articles.

A file has `# title`, front matter up to `<!-- INFO END -->`, chapters as `##`–`####`
headings and articles as paragraphs beginning `第X条`. A text without articles (a notice) is
divided by its headings instead.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?[\s　]*")
HEADING = re.compile(r"^(#{2,4})\s+(.*)$")
VERSION = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)\.md$")


def chinese_to_int(text: str) -> int:
    """一百二十三 → 123, 十五 → 15, 二十 → 20, 一千零五 → 1005."""
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (current or 1) * _UNITS[char]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def int_to_chinese(number: int) -> str:
    """123 → 一百二十三, 15 → 十五, 105 → 一百零五 (for article labels up to 9999)."""
    if number == 0:
        return "零"
    digits = "零一二三四五六七八九"
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // value % 10
        if d:
            if zero and parts:
                parts.append("零")
            parts.append(("" if (d == 1 and unit == "十" and number < 20) else digits[d]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@dataclass
class ParsedArticle:
    number: int
    label: str
    chapter: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedLaw:
    title: str
    source_file: str
    version_date: date | None
    preamble: str
    articles: list[ParsedArticle]

    @property
    def short_title(self) -> str:
        return self.title.removeprefix("中华人民共和国")


def parse_law(path: Path) -> ParsedLaw:
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(line[2:].strip() for line in lines if line.startswith("# "))
    body_start = next((i + 1 for i, line in enumerate(lines) if "INFO END" in line), 1)
    preamble = "\n".join(line.strip() for line in lines[1 : body_start - 1] if line.strip())
    headings: dict[int, str] = {}
    articles: list[ParsedArticle] = []
    sections: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    for raw in lines[body_start:]:
        line = raw.strip().replace("\u3000", "")
        if not line:
            continue
        if match := HEADING.match(line):
            level = len(match.group(1))
            headings = {lvl: text for lvl, text in headings.items() if lvl < level} | {
                level: match.group(2).strip()
            }
            current = None
            sections.append(ParsedArticle(len(sections) + 1, match.group(2).strip(), _chapter(headings)))
            continue
        if match := ARTICLE.match(line):
            label = match.group(0).strip()
            current = ParsedArticle(
                chinese_to_int(match.group(1)), label, _chapter(headings), [line[match.end() :]]
            )
            articles.append(current)
        elif current is not None:
            current.paragraphs.append(line)
        else:
            if not sections:  # text before the first heading
                sections.append(ParsedArticle(0, "正文", ""))
            sections[-1].paragraphs.append(line)
    if not articles:  # a notice: its headed sections stand for articles
        articles = [s for s in sections if s.paragraphs]
        for number, section in enumerate(articles, start=1):
            section.number = number
    version = VERSION.search(path.name)
    return ParsedLaw(
        title=title,
        source_file=path.name,
        version_date=date(*map(int, version.groups())) if version else None,
        preamble=preamble,
        articles=articles,
    )


def _chapter(headings: dict[int, str]) -> str:
    return " · ".join(headings[level] for level in sorted(headings))
