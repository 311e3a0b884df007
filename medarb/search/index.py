"""The full-text index over SearchEntry.tokens: SQLite FTS5 (BM25) or PostgreSQL tsvector.

Neither database segments Chinese, so both index the jieba tokens stored in `tokens`
(DESIGN.md). Queries OR the query's tokens together and rank: FTS5's bm25(), PostgreSQL's
ts_rank_cd() normalised by document length.
"""

from dataclasses import dataclass

from django.db import connection

from medarb.search.tokens import expand, tokenize

FTS_TABLE = "search_entry_fts"
TITLE_WEIGHT = 4.0  # a hit in the title (a law's article label, an FAQ question) counts more
PG_VECTOR = "setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', tokens), 'D')"


@dataclass(frozen=True)
class Hit:
    entry_id: int
    score: float


def create_index(apps=None, schema_editor=None) -> None:
    """Create the database-specific index; FTS5 follows the table through triggers."""
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "title_tokens, tokens, content='search_searchentry', content_rowid='id', tokenize='unicode61')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}(rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_tokens, tokens) "
                f"VALUES ('delete', old.id, old.title_tokens, old.tokens); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
                f"INSERT INTO {FTS_TABLE}(rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens); END"
            )
        elif conn.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_searchentry "
                f"USING GIN (({PG_VECTOR}))"
            )


def drop_index(apps=None, schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for trigger in ("search_entry_ai", "search_entry_ad", "search_entry_au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif conn.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_tsv")


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
            ts_query = " | ".join(t.replace("'", "''").replace("\\", "") for t in tokens)
            cursor.execute(
                f"SELECT e.id, ts_rank_cd('{{0.25, 0.25, 0.5, 1.0}}', {PG_VECTOR}, q, 1) AS score "
                "FROM search_searchentry e, to_tsquery('simple', %s) q "
                f"WHERE ({PG_VECTOR}) @@ q{kind_sql} ORDER BY score DESC LIMIT %s",
                [ts_query, *kind_params, limit],
            )
        return [Hit(row[0], float(row[1])) for row in cursor.fetchall()]
