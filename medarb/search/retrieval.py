"""Award and case retrieval (裁判文书检索): staff search the case documents they may see.

Every query starts from `Case.objects.visible_to(user)`: a hit, a facet count and a similar
case outside it never exist for that person. Facets count the hits under every chosen filter
but their own (choosing 2024 still shows how many hits each other year has).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from medarb.cases import causes
from medarb.cases.models import Case
from medarb.orgs.models import Unit
from medarb.search import records
from medarb.search.models import CASE_RECORD_KINDS, Finality, Outcome, RecordEntry, RecordKind, RecordText

MAX_QUERY = 200  # characters read from a query; the rest is ignored
PER_PAGE = 20
MAX_PAGE = 500
SORTS = ("relevance", "date")
FACETS = ("kind", "cause", "year", "unit", "outcome", "finality")
FACET_COLUMNS = ("kind", "cause", "year", "unit_id", "outcome", "finality")


@dataclass
class Query:
    text: str = ""
    kind: str = ""
    cause: str = ""
    year: int | None = None
    unit: int | None = None
    outcome: str = ""
    finality: str = ""
    sort: str = "relevance"
    page: int = 1

    def filters(self, *, without: str = "") -> dict:
        chosen = {
            "kind": ("kind", self.kind),
            "cause": ("cause", self.cause),
            "year": ("year", self.year),
            "unit": ("unit_id", self.unit),
            "outcome": ("outcome", self.outcome),
            "finality": ("finality", self.finality),
        }
        return {column: value for name, (column, value) in chosen.items() if value and name != without}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Hit:
    entry: RecordEntry
    snippet: SafeString
    score: float | None = None


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    every_word: bool = True  # False: no entry held every word, these hold some of them
    facets_from: int = 0  # facets counted over this many newest hits (0: over all of them)
    pages: int = 0


def visible_entries(user) -> QuerySet[RecordEntry]:
    # A correlated EXISTS, not `case__in`: SQLite would first list every visible case (100,000
    # ids for a district), which cost more than the search itself.
    visible = Case.objects.visible_to(user).filter(pk=OuterRef("case_id"))
    return RecordEntry.objects.filter(Exists(visible), kind__in=CASE_RECORD_KINDS)


# A query matching more documents than this ranks the newest RANK_WINDOW of them by relevance
# (the index holds documents in date order): BM25 over 100,000 hits costs more than a page may
# take, and a query that broad needs another word more than a finer order. Counts stay exact.
RANK_WINDOW = 3000
# Facets are counted exactly up to this many hits; past it, over the newest FACET_WINDOW hits
# (and the page says so): grouping 100,000 rows by six columns took ~150 ms of CPU here.
FACET_WINDOW = 20_000


def retrieve(*, user, query: Query, per_page: int = PER_PAGE) -> Results:
    """One page of hits, the total and the facets for `user` (who sees only visible cases)."""
    groups = records.words(query.text[:MAX_QUERY])
    base = visible_entries(user)
    results = Results(query=query)
    expression = ranking = records.match(groups)
    narrowed = records.matching(base, expression, ranked=False) if groups else base
    if groups and len(groups) > 1 and not narrowed.exists():
        (expression, ranking), results.every_word = records.fallback(base, groups, broad=RANK_WINDOW), False
        narrowed = records.matching(base, expression, ranked=False)
    everything = narrowed.count()
    filtered = query.filters()
    results.total = narrowed.filter(**filtered).count() if filtered else everything
    if everything > FACET_WINDOW:
        # Not as a subquery: extra()'s table names would bind to the outer query.
        results.facets_from = FACET_WINDOW
        combos = _newest_combinations(narrowed.extra(order_by=[f"-{records.newest_first()}"]))
    else:
        combos = _combinations(narrowed)
    results.facets = _facets(combos, query)
    results.pages = min(MAX_PAGE, -(-results.total // per_page))
    page = max(1, min(query.page, results.pages or 1))
    window = slice((page - 1) * per_page, page * per_page)
    if query.sort == "date" or not groups:
        ids = list(
            narrowed.filter(**query.filters()).order_by("-dated", "-id").values_list("id", flat=True)[window]
        )
        scores = {}
    else:
        ranked = records.matching(base, ranking).filter(**query.filters()).values_list("id", "score")
        if results.total > RANK_WINDOW:
            ranked = ranked.extra(order_by=[f"-{records.newest_first()}"])[:RANK_WINDOW]
        pairs = sorted(ranked, key=lambda pair: (-pair[1], -pair[0]))
        scores = dict(pairs[window])
        ids = list(scores)
    entries = RecordEntry.objects.select_related("unit", "text").in_bulk(ids)
    highlight = [t for g in groups for t in g]
    results.hits = [
        Hit(entries[pk], snippet(entries[pk].text.body, highlight), scores.get(pk))
        for pk in ids
        if pk in entries
    ]
    return results


def _combinations(narrowed: QuerySet[RecordEntry]) -> list[tuple[dict, int]]:
    """How many hits hold each combination of facet values: one grouped query, from which the
    total and every facet are counted."""
    rows = narrowed.values_list(*FACET_COLUMNS).annotate(n=Count("id")).order_by()
    return [(dict(zip(FACETS, row[:-1], strict=True)), row[-1]) for row in rows]


def _packed() -> Concat:
    """The facet columns as one string, "award|wages.unpaid|2025|41|upheld|final"."""
    parts = []
    for column in FACET_COLUMNS:
        parts += [Value("|"), Coalesce(Cast(column, CharField()), Value(""))]
    return Concat(*parts[1:], output_field=CharField())


def _newest_combinations(newest: QuerySet[RecordEntry]) -> list[tuple[dict, int]]:
    """The combinations among the newest FACET_WINDOW hits, each row read as one string: Python
    builds one object per row instead of six, which was most of the cost."""
    packed = Counter(newest.annotate(packed=_packed()).values_list("packed", flat=True)[:FACET_WINDOW])
    combos = []
    for key, n in packed.items():
        values = dict(zip(FACETS, key.split("|"), strict=True))
        for name in ("year", "unit"):
            values[name] = int(values[name]) if values[name] else None
        combos.append((values, n))
    return combos


def _chosen(query: Query) -> dict:
    return {
        "kind": query.kind,
        "cause": query.cause,
        "year": query.year,
        "unit": query.unit,
        "outcome": query.outcome,
        "finality": query.finality,
    }


def _facets(combos: list[tuple[dict, int]], query: Query) -> dict[str, list[FacetValue]]:
    """Each facet's counts under every chosen filter but its own, in one pass over the
    combinations: a combination failing no filter counts in every facet, one failing a single
    filter counts only in that filter's facet, one failing two counts nowhere."""
    chosen = {name: want for name, want in _chosen(query).items() if want}
    counts: dict[str, dict] = {name: {} for name in FACETS}
    for values, n in combos:
        failed = [name for name, want in chosen.items() if values[name] != want]
        if len(failed) > 1:
            continue
        for name in failed or FACETS:
            value = values[name]
            if value not in ("", None):
                counts[name][value] = counts[name].get(value, 0) + n
    facets = {}
    for name in FACETS:
        labels = _labels(name, list(counts[name]))
        values = [
            FacetValue(str(v), labels.get(v, str(v)), n, v == chosen.get(name))
            for v, n in counts[name].items()
        ]
        if name == "year":
            values.sort(key=lambda f: f.value, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label))
        facets[name] = values
    return facets


def _labels(name: str, values: list) -> dict:
    if name == "kind":
        return {v: RecordKind(v).label for v in values if v in RecordKind.values}
    if name == "cause":
        return {v: causes.label_of(v) for v in values}
    if name == "unit":
        return dict(Unit.objects.filter(pk__in=values).values_list("pk", "name"))
    if name == "outcome":
        return {v: Outcome(v).label for v in values if v in Outcome.values}
    if name == "finality":
        return {v: Finality(v).label for v in values if v in Finality.values}
    return {}


SNIPPET = 120


def snippet(body: str, terms: list[str], *, length: int = SNIPPET) -> SafeString:
    """A window of `body` around the first query word it holds, every query word marked."""
    text = re.sub(r"\s+", " ", body)
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    lowered = text.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - length // 4)
    window = text[start : start + length]
    marked = escape(window)
    if terms:
        pattern = re.compile("|".join(re.escape(escape(t)) for t in terms), re.IGNORECASE)
        marked = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", marked)
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + marked + suffix)


def record_get_for_user(*, user, entry_id: int) -> RecordEntry | None:
    return visible_entries(user).select_related("case", "unit", "text").filter(pk=entry_id).first()


SIMILAR_WORDS = 8
SIMILAR_REQUIRED = 3
# Words every case document holds: they say nothing about what a case is about.
BOILERPLATE = frozenset(
    "申请 申请人 被申请人 仲裁 请求 仲裁请求 本院 查明 认为 裁决 如下 支付 事实 理由 元 要求 案件 双方 工作".split()
)


def similar_text(case: Case) -> str:
    claims = " ".join(case.claims.values_list("description", flat=True))
    return f"{claims} {case.facts}"


def similar(*, user, case: Case, text: str | None = None, limit: int = 5) -> list[Hit]:
    """Other cases' documents closest to this case's claims and facts, one per case, under the
    viewer's visibility: BM25 over the case's rarest words (other cases' words: its own entries
    are not counted), among the entries holding the rarest three of them, then two, then one,
    then any, until `limit` cases are found."""
    text = similar_text(case) if text is None else text
    tokens = [
        g[0] for g in records.words(text[:2000], limit=200) if g[0] not in BOILERPLATE and not g[0].isdigit()
    ]
    own = Counter(
        word
        for held in RecordText.objects.filter(entry__case=case).values_list("tokens", flat=True)
        for word in set(held.split())
    )
    chosen = records.rarest(tokens, keep=SIMILAR_WORDS, discount=own)
    if not chosen:
        return []
    candidates = visible_entries(user).exclude(case=case).select_related("unit", "text")
    words = [[t] for t in chosen]
    hits, seen = [], set()
    for required in range(min(SIMILAR_REQUIRED, len(chosen)), -1, -1):
        expression = (
            records.ranked_by_all(words[:required], words) if required else records.match(words, every=False)
        )
        ranked = records.matching(candidates.exclude(case_id__in=seen), expression).order_by("-score", "-id")
        for entry in ranked[: limit * 4]:
            if entry.case_id not in seen:
                seen.add(entry.case_id)
                hits.append(Hit(entry, snippet(entry.text.body, chosen), entry.score))
        if len(hits) >= limit:
            break
    return hits[:limit]


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_query(params) -> Query:
    """A Query from request.GET; anything unusable is dropped, never an error."""

    def number(name: str, *, low: int, high: int) -> int | None:
        raw = (params.get(name) or "").strip()
        if raw.isdigit() and len(raw) < 10 and low <= int(raw) <= high:
            return int(raw)
        return None

    def choice(name: str, allowed) -> str:
        value = params.get(name) or ""
        return value if value in allowed else ""

    return Query(
        # control characters (a NUL above all: PostgreSQL refuses it in text and JSON) are spaces
        text=CONTROL.sub(" ", (params.get("q") or "")[:MAX_QUERY]).strip(),
        kind=choice("kind", [k.value for k in CASE_RECORD_KINDS]),
        cause=choice("cause", causes_codes()),
        year=number("year", low=1990, high=date.today().year + 1),
        unit=number("unit", low=1, high=10**9),
        outcome=choice("outcome", Outcome.values),
        finality=choice("finality", Finality.values),
        sort=choice("sort", SORTS) or "relevance",
        page=number("page", low=1, high=MAX_PAGE) or 1,
    )


def causes_codes() -> set[str]:
    return set(causes.CAUSES)


def published(*, text: str, page: int = 1, per_page: int = PER_PAGE) -> tuple[list[Hit], int]:
    """The public library's search over published (anonymised) awards: no visibility applies."""
    groups = records.words(text[:MAX_QUERY])
    base = RecordEntry.objects.filter(kind=RecordKind.PUBLISHED_AWARD)
    if not groups:
        entries = base.select_related("text").order_by("-dated", "-id")
        total = entries.count()
        return [
            Hit(e, snippet(e.text.body, [])) for e in entries[(page - 1) * per_page : page * per_page]
        ], total
    expression = ranking = records.match(groups)
    if len(groups) > 1 and not records.matching(base, expression, ranked=False).exists():
        expression, ranking = records.fallback(base, groups, broad=RANK_WINDOW)
    total = records.matching(base, expression, ranked=False).count()
    ranked = records.matching(base, ranking).order_by("-score", "-id")
    terms = [t for g in groups for t in g]
    return [
        Hit(e, snippet(e.text.body, terms), e.score) for e in ranked[(page - 1) * per_page : page * per_page]
    ], total
