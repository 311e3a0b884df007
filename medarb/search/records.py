"""The full-text index over RecordEntry (case documents and published awards).

The same machinery as the library's index (index.py): jieba tokens in SQLite FTS5, ranked by
BM25, or a PostgreSQL tsvector with a GIN index. Retrieval narrows: every word of the query
must occur (a word or one of its everyday synonyms), as staff expect from a document search;
`match(..., every=False)` ORs them instead, for the fallback and for "similar cases".
"""

import time

from django.db import connection

from medarb.search.fulltext import TokenIndex
from medarb.search.tokens import SYNONYMS, tokenize

INDEX = TokenIndex(
    stem="search_record", table="search_recordtext", rowid="entry_id", vocabulary=True, stored=True
)
# Before migration 0005 the PostgreSQL index was on the expression (the migrations create that).
EXPRESSION_INDEX = TokenIndex(
    stem="search_record", table="search_recordtext", rowid="entry_id", vocabulary=True
)
FTS_TABLE = INDEX.name
VOCAB_TABLE = INDEX.vocabulary_table  # document frequency per word: "similar cases" keeps the rarest
TITLE_WEIGHT = 4.0
MAX_WORDS = 24
PG_VECTOR = INDEX.vector(qualified=True)
_TABLE = INDEX.table  # the words; search_recordentry holds the facets
_ENTRY = "search_recordentry"


def create_index(apps=None, schema_editor=None) -> None:
    EXPRESSION_INDEX.create(schema_editor.connection if schema_editor else connection)


def drop_index(apps=None, schema_editor=None) -> None:
    EXPRESSION_INDEX.drop(schema_editor.connection if schema_editor else connection)


def store_vectors(apps=None, schema_editor=None) -> None:
    """PostgreSQL: the expression index gives way to a stored tsvector column and its index."""
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor == "postgresql":
        EXPRESSION_INDEX.drop(conn)
        INDEX.create(conn)


def unstore_vectors(apps=None, schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor == "postgresql":
        INDEX.drop(conn)
        EXPRESSION_INDEX.create(conn)


def optimise() -> None:
    """Merge FTS5's segments after a bulk (re)build: queries read one b-tree, not dozens."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def words(text: str, *, limit: int = MAX_WORDS) -> list[list[str]]:
    """The query's words, each with its everyday synonyms: [["欠薪", "拖欠", "工资"], ["解除"]]."""
    seen: dict[str, list[str]] = {}
    for token in tokenize(text):
        if token not in seen:
            seen[token] = list(dict.fromkeys([token, *SYNONYMS.get(token, ())]))
    return list(seen.values())[:limit]


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _pg_quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "") + "'"


def ranked_by_all(required: list[list[str]], wanted: list[list[str]]) -> str:
    """Entries holding every `required` word, ranked over all `wanted` words (which include
    the required ones): BM25 then weighs every word, but only over the few entries holding
    the required ones, where an OR of all of them would rank nearly the whole index."""
    every, some = match(required), match(wanted, every=False)
    if connection.vendor == "sqlite":
        return f"({every}) AND ({some})"
    return f"({every}) & ({some})"


def fallback(queryset, groups: list[list[str]], *, broad: int) -> tuple[str, str]:
    """When no entry of `queryset` holds every word: (the expression that finds entries, the one
    that ranks them). Entries holding any word, ranked over all of them; but when more than
    `broad` entries hold one (a sentence of common words matches nearly everything), the entries
    holding as many words as occur together, taken rarest first, since a rare word says most."""
    some = match(groups, every=False)
    if not matching(queryset, some, ranked=False)[broad : broad + 1].exists():
        return some, some
    by_head = {g[0]: g for g in groups}
    held: list[list[str]] = []
    for head in rarest(list(by_head), keep=len(by_head)):
        trial = [*held, by_head[head]]
        if matching(queryset, match(trial), ranked=False).exists():
            held = trial
    if not held:  # the kept frequencies are older than the entries
        return some, some
    return match(held), ranked_by_all(held, groups)


def match(groups: list[list[str]], *, every: bool = True) -> str:
    """The MATCH (SQLite) or to_tsquery (PostgreSQL) expression; empty when no words."""
    if not groups:
        return ""
    if every:
        groups = _without_parts(groups)
    if connection.vendor == "sqlite":
        if not every:
            return " OR ".join(dict.fromkeys(_fts_quote(t) for g in groups for t in g))
        return " AND ".join("(" + " OR ".join(_fts_quote(t) for t in g) + ")" for g in groups)
    if not every:
        return " | ".join(dict.fromkeys(_pg_quote(t) for g in groups for t in g))
    return " & ".join("(" + " | ".join(_pg_quote(t) for t in g) + ")" for g in groups)


def _without_parts(groups: list[list[str]]) -> list[list[str]]:
    """Drop a word that is part of another query word (加班 and 班费 beside 加班费): jieba gives
    a document holding the longer word its parts too, so requiring them narrows nothing and
    only makes the index intersect more lists."""
    heads = [g[0] for g in groups]
    return [g for g in groups if not any(g[0] != other and g[0] in other for other in heads)]


def matching(queryset, expression: str, *, ranked: bool = True):
    """`queryset` (of RecordEntry) narrowed to the expression, with `score` (higher is better)."""
    if connection.vendor == "sqlite":
        extra = {
            "tables": [FTS_TABLE],
            "where": [f"{FTS_TABLE}.rowid = {_ENTRY}.id", f"{FTS_TABLE} MATCH %s"],
            "params": [expression],
        }
        if ranked:
            extra["select"] = {"score": f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)"}
        return queryset.extra(**extra)
    extra = {
        "tables": [_TABLE],
        "where": [f"{_TABLE}.entry_id = {_ENTRY}.id", f"({PG_VECTOR}) @@ to_tsquery('simple', %s)"],
        "params": [expression],
    }
    if ranked:
        # ts_rank with length normalisation (1): PostgreSQL has no BM25 of its own.
        extra["select"] = {"score": f"ts_rank({PG_VECTOR}, to_tsquery('simple', %s), 1)"}
        extra["select_params"] = [expression]
    return queryset.extra(**extra)


def newest_first() -> str:
    """The column that orders hits as the index holds them (rebuilt oldest first): FTS5 walks
    its own rowids in either direction without sorting."""
    return f"{FTS_TABLE}.rowid" if connection.vendor == "sqlite" else f"{_ENTRY}.id"


def rarest(tokens: list[str], *, keep: int, discount: dict[str, int] | None = None) -> list[str]:
    """The `keep` words of `tokens` that occur in the fewest entries (and in at least one),
    rarest first; `discount` gives entries not to count (a case's own, for similar cases)."""
    distinct = list(dict.fromkeys(tokens))
    if len(distinct) <= 1 and not discount:
        return distinct
    discount = discount or {}
    counts = _document_frequencies(distinct)
    found = {t: counts[t] - discount.get(t, 0) for t in distinct}
    return sorted((t for t in distinct if found[t] > 0), key=lambda t: (found[t], t))[:keep]


# Document frequencies change slowly and only steer the choice of words: a process keeps what it
# read for a while (reading them costs ~2 ms a word, as FTS5 walks the word's whole list).
FREQUENCIES_KEPT = 600  # seconds
_frequencies: dict[str, tuple[float, int]] = {}


def forget_frequencies() -> None:
    """After this process changed the index (other processes forget within FREQUENCIES_KEPT)."""
    _frequencies.clear()


def _document_frequencies(terms: list[str]) -> dict[str, int]:
    now = time.monotonic()
    missing = [t for t in terms if t not in _frequencies or _frequencies[t][0] < now]
    if missing:
        found = _read_frequencies(missing)
        if len(_frequencies) > 50_000:
            _frequencies.clear()
        for term in missing:
            _frequencies[term] = (now + FREQUENCIES_KEPT, found.get(term, 0))
    return {t: _frequencies[t][1] for t in terms}


# On PostgreSQL a word's entries are counted up to this many: past it, a word is common and
# which common word is commoner does not matter, and counting stops there.
COMMON = 10_000


def _read_frequencies(terms: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(terms))
            cursor.execute(f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({placeholders})", terms)
            return dict(cursor.fetchall())
        found = {}
        for term in terms:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {_TABLE} WHERE ({PG_VECTOR}) @@ to_tsquery('simple', %s) "
                f"LIMIT {COMMON}) AS hits",
                [_pg_quote(term)],
            )
            found[term] = cursor.fetchone()[0]
        return found
