"""The full-text index over SearchEntry.tokens: SQLite FTS5 (BM25) or PostgreSQL tsvector.

Neither database segments Chinese, so both index the jieba tokens stored in `tokens`
(DESIGN.md). Queries OR the query's tokens together and rank by BM25: FTS5's bm25() on
SQLite; on PostgreSQL the GIN index finds the candidates and `_bm25` scores them with the
same formula and constants (neither ts_rank nor ts_rank_cd weighs a word by its rarity, so
"仲裁" outweighed "时效" and an entry repeating one word beat one holding them all).
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection

from medarb.search.fulltext import TokenIndex
from medarb.search.tokens import expand, tokenize

INDEX = TokenIndex(stem="search_entry", table="search_searchentry", rowid="id")
FTS_TABLE = INDEX.name
PG_VECTOR = INDEX.vector()
TITLE_WEIGHT = 4.0  # a hit in the title (a law's article label, an FAQ question) counts more


@dataclass(frozen=True)
class Hit:
    entry_id: int
    score: float


def create_index(apps=None, schema_editor=None) -> None:
    """Create the database-specific index; FTS5 follows the table through triggers."""
    INDEX.create(schema_editor.connection if schema_editor else connection)


def drop_index(apps=None, schema_editor=None) -> None:
    INDEX.drop(schema_editor.connection if schema_editor else connection)


def rebuild_index(apps=None, schema_editor=None) -> None:
    """Recreate the index and fill it from the table (after a change to the triggers)."""
    drop_index(apps, schema_editor)
    create_index(apps, schema_editor)
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def query(text: str, *, kinds: list[str] | None = None, limit: int = 20) -> list[Hit]:
    tokens = expand(tokenize(text))[:48]
    if not tokens:
        return []
    kind_sql, kind_params = "", []
    if kinds:
        kind_sql = f" AND e.kind IN ({', '.join(['%s'] * len(kinds))})"
        kind_params = list(kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " OR ".join(_quote(t) for t in tokens)
            cursor.execute(
                f"SELECT e.id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score FROM {FTS_TABLE} "
                f"JOIN search_searchentry e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{kind_sql} ORDER BY score DESC LIMIT %s",
                [match, *kind_params, limit],
            )
        else:
            return _bm25(cursor, tokens, kinds=set(kinds or ()), limit=limit)
        return [Hit(row[0], float(row[1])) for row in cursor.fetchall()]


# FTS5's constants (sqlite/ext/fts5/fts5_aux.c).
K1, B = 1.2, 0.75


def _bm25(cursor, tokens: list[str], *, kinds: set[str], limit: int) -> list[Hit]:
    """BM25 as FTS5 computes it, title hits weighted TITLE_WEIGHT, over the candidates the
    GIN index finds; statistics are over the whole library, as FTS5's are."""
    words = list(dict.fromkeys(tokens))
    ts_query = " | ".join(w.replace("'", "''").replace("\\", "") for w in words)
    cursor.execute(
        "SELECT e.id, e.kind, e.title_tokens, e.tokens FROM search_searchentry e "
        f"WHERE ({PG_VECTOR}) @@ to_tsquery('simple', %s)",
        [ts_query],
    )
    candidates = [(pk, kind, title.split(), body.split()) for pk, kind, title, body in cursor.fetchall()]
    cursor.execute(
        "SELECT count(*), avg(array_length(string_to_array(trim(title_tokens || ' ' || tokens), ' '), 1)) "
        "FROM search_searchentry"
    )
    total, average_length = cursor.fetchone()
    average_length = float(average_length or 1)
    document_frequency = Counter(w for *_, title, body in candidates for w in set(title) | set(body))
    idf = {
        w: max(math.log((total - document_frequency[w] + 0.5) / (document_frequency[w] + 0.5)), 1e-6)
        for w in words
    }
    hits = []
    for pk, kind, title, body in candidates:
        if kinds and kind not in kinds:
            continue
        in_title, in_body = Counter(title), Counter(body)
        norm = K1 * (1 - B + B * (len(title) + len(body)) / average_length)
        score = 0.0
        for w in words:
            frequency = TITLE_WEIGHT * in_title[w] + in_body[w]
            if frequency:
                score += idf[w] * frequency * (K1 + 1) / (frequency + norm)
        hits.append(Hit(pk, score))
    hits.sort(key=lambda hit: -hit.score)
    return hits[:limit]
