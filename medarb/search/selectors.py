"""Searching the library and citing articles."""

from dataclasses import dataclass

from django.db.models import QuerySet

from medarb.search import index
from medarb.search.laws import int_to_chinese
from medarb.search.models import Law, LawArticle, SearchEntry


@dataclass(frozen=True)
class Result:
    entry: SearchEntry
    score: float

    @property
    def snippet(self) -> str:
        return self.entry.body[:160] + ("…" if len(self.entry.body) > 160 else "")


def search(text: str, *, kinds: list[str] | None = None, limit: int = 20) -> list[Result]:
    hits = index.query(text, kinds=kinds, limit=limit)
    entries = SearchEntry.objects.in_bulk([h.entry_id for h in hits])
    return [Result(entries[h.entry_id], h.score) for h in hits if h.entry_id in entries]


def laws() -> QuerySet[Law]:
    return Law.objects.order_by("id")


def article(*, law_short_title: str, number: int) -> LawArticle | None:
    """《劳动争议调解仲裁法》第四十七条 → cite(law_short_title="劳动争议调解仲裁法", number=47)."""
    return (
        LawArticle.objects.select_related("law")
        .filter(law__short_title=law_short_title, label=f"第{int_to_chinese(number)}条")
        .first()
    )
