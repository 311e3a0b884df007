"""The full-text index over SearchEntry.tokens: SQLite FTS5 (BM25) or PostgreSQL tsvector.

Neither database segments Chinese, so both index the jieba tokens stored in `tokens`
(DESIGN.md). Queries OR the query's tokens together and rank: FTS5's bm25(), PostgreSQL's
ts_rank_cd() normalised by document length.
"""

from dataclasses import dataclass

from django.db import connection

from medarb.search.tokens import tokenize

FTS_TABLE = "search_entry_fts"


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
                "tokens, content='search_searchentry', content_rowid='id', tokenize='unicode61')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
                f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END"
            )
        elif conn.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_searchentry "
                "USING GIN (to_tsvector('simple', tokens))"
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
    tokens = list(dict.fromkeys(tokenize(text)))[:32]
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
                f"SELECT e.id, -bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "
                f"JOIN search_searchentry e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{kind_sql} ORDER BY score DESC LIMIT %s",
                [match, *kind_params, limit],
            )
        else:
            ts_query = " | ".join(t.replace("'", "''").replace("\\", "") for t in tokens)
            cursor.execute(
                "SELECT e.id, ts_rank_cd(to_tsvector('simple', e.tokens), q, 1) AS score "
                "FROM search_searchentry e, to_tsquery('simple', %s) q "
                f"WHERE to_tsvector('simple', e.tokens) @@ q{kind_sql} ORDER BY score DESC LIMIT %s",
                [ts_query, *kind_params, limit],
            )
        return [Hit(row[0], float(row[1])) for row in cursor.fetchall()]
