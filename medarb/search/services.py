"""Loading the law library from data/ and keeping the search index in step."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from medarb.search import records
from medarb.search.laws import parse_law
from medarb.search.models import EntryKind, Law, LawArticle, RecordEntry, RecordText, SearchEntry, TypicalCase
from medarb.search.tokens import index_text, tokenize


@dataclass(frozen=True)
class LoadResult:
    laws: int
    articles: int
    cases: int


def _entry(kind: str, ref_id: int, title: str, body: str) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        ref_id=ref_id,
        title=title[:200],
        body=body,
        title_tokens=index_text(title),
        tokens=index_text(body),
    )


@transaction.atomic
def load_library(*, data_dir: Path | None = None) -> LoadResult:
    """(Re)load every law and typical case of data/: idempotent, keyed by file name."""
    root = Path(data_dir or settings.LAW_DATA_DIR)
    articles_total = 0
    entries: list[SearchEntry] = []
    laws = sorted((root / "laws").glob("*.md"))
    for path in laws:
        parsed = parse_law(path)
        law, _ = Law.objects.update_or_create(
            source_file=parsed.source_file,
            defaults={
                "title": parsed.title,
                "short_title": parsed.short_title,
                "version_date": parsed.version_date,
                "preamble": parsed.preamble,
            },
        )
        old = list(law.articles.values_list("id", flat=True))
        SearchEntry.objects.filter(kind=EntryKind.LAW_ARTICLE, ref_id__in=old).delete()
        law.articles.all().delete()
        created = LawArticle.objects.bulk_create(
            LawArticle(law=law, number=a.number, label=a.label, chapter=a.chapter, text=a.text, position=i)
            for i, a in enumerate(parsed.articles)
        )
        articles_total += len(created)
        entries += [
            _entry(EntryKind.LAW_ARTICLE, article.pk, f"《{law.short_title}》{article.label}", article.text)
            for article in created
        ]
    cases = sorted((root / "cases").glob("*.md"))
    for path in cases:
        text = path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        body = text.split("<!-- INFO END -->", 1)[-1].strip()
        case, _ = TypicalCase.objects.update_or_create(
            source_file=path.name, defaults={"title": title, "body": body}
        )
        SearchEntry.objects.filter(kind=EntryKind.TYPICAL_CASE, ref_id=case.pk).delete()
        entries.append(_entry(EntryKind.TYPICAL_CASE, case.pk, title, body))
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return LoadResult(len(laws), articles_total, len(cases))


def index_entry(*, kind: str, ref_id: int, title: str, body: str) -> SearchEntry:
    """Add or refresh one searchable text (FAQ answers, later awards)."""
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind,
        ref_id=ref_id,
        defaults={
            "title": title[:200],
            "body": body,
            "title_tokens": index_text(title),
            "tokens": index_text(body),
        },
    )
    return entry


def remove_entry(*, kind: str, ref_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, ref_id=ref_id).delete()


def index_record(*, kind: str, ref_id: int, title: str, body: str, **facets) -> RecordEntry:
    """Add or refresh one retrievable document; `facets` are RecordEntry's facet columns
    (case, unit, cause, year, dated, outcome, finality, number)."""
    entry, _ = RecordEntry.objects.update_or_create(
        kind=kind, ref_id=ref_id, defaults={"title": title[:200], **facets}
    )
    RecordText.objects.update_or_create(
        entry=entry,
        defaults={"body": body, "title_tokens": index_text(title), "tokens": " ".join(tokenize(body))},
    )
    records.forget_frequencies()
    return entry


def remove_record(*, kind: str, ref_id: int) -> None:
    RecordEntry.objects.filter(kind=kind, ref_id=ref_id).delete()
    records.forget_frequencies()


@transaction.atomic
def replace_records(*, kinds: list[str], entries: list[tuple[RecordEntry, RecordText]]) -> int:
    """Rebuild: forget every entry of `kinds`, store `entries` (unsaved pairs of `record_entry`),
    oldest first, so that the index's order is the documents' order in time."""
    RecordEntry.objects.filter(kind__in=kinds).delete()
    entries = sorted(entries, key=lambda pair: (pair[0].dated or date.min, pair[0].ref_id))
    RecordEntry.objects.bulk_create([entry for entry, _text in entries], batch_size=1000)
    for entry, text in entries:
        text.entry = entry
    RecordText.objects.bulk_create([text for _entry, text in entries], batch_size=1000)
    records.optimise()
    records.forget_frequencies()
    return len(entries)


def record_entry(
    *, kind: str, ref_id: int, title: str, body: str, **facets
) -> tuple[RecordEntry, RecordText]:
    """An unsaved entry and its text, tokens filled in, for `replace_records`."""
    entry = RecordEntry(kind=kind, ref_id=ref_id, title=title[:200], **facets)
    text = RecordText(body=body, title_tokens=index_text(title), tokens=" ".join(tokenize(body)))
    return entry, text
