"""A full-text index over a table's `title_tokens` and `tokens` columns (jieba tokens, DESIGN.md):
an external-content SQLite FTS5 table that triggers keep in step with the table, or a
PostgreSQL GIN index over the two columns' weighted tsvectors. The library (index.py) and
retrieval (records.py) each declare one."""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class TokenIndex:
    stem: str  # names the FTS5 table (<stem>_fts), its triggers and the GIN index (<stem>_tsv)
    table: str  # the table holding title_tokens and tokens
    rowid: str  # its integer key, FTS5's rowid
    vocabulary: bool = False  # an fts5vocab table (<stem>_vocab) of document frequencies
    # PostgreSQL: keep the tsvector in a generated column (`vector`) and index that, rather than
    # index the expression. Ranking and the facet passes then read it instead of parsing the
    # tokens of every hit again (over 100,000 hits that parsing took seconds).
    stored: bool = False

    @property
    def name(self) -> str:
        return f"{self.stem}_fts"

    @property
    def vocabulary_table(self) -> str:
        return f"{self.stem}_vocab"

    def vector(self, *, qualified: bool = False) -> str:
        """The PostgreSQL tsvector the GIN index holds; `qualified` names the table's columns."""
        prefix = f"{self.table}." if qualified else ""
        if self.stored:
            return f"{prefix}vector"
        return self.expression(prefix)

    def expression(self, prefix: str = "") -> str:
        return (
            f"setweight(to_tsvector('simple', {prefix}title_tokens), 'A') || "
            f"setweight(to_tsvector('simple', {prefix}tokens), 'D')"
        )

    def _triggers(self) -> dict[str, str]:
        # An external-content FTS5 table forgets a row only when told its old values, every column.
        insert = (
            f"INSERT INTO {self.name}(rowid, title_tokens, tokens) "
            f"VALUES (new.{self.rowid}, new.title_tokens, new.tokens);"
        )
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, title_tokens, tokens) "
            f"VALUES ('delete', old.{self.rowid}, old.title_tokens, old.tokens);"
        )
        return {
            f"{self.stem}_ai": f"AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"{self.stem}_ad": f"AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"{self.stem}_au": f"AFTER UPDATE ON {self.table} BEGIN {delete} {insert} END",
        }

    def create(self, conn=connection) -> None:
        with conn.cursor() as cursor:
            if conn.vendor == "sqlite":
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5(title_tokens, tokens, "
                    f"content='{self.table}', content_rowid='{self.rowid}', tokenize='unicode61')"
                )
                if self.vocabulary:
                    cursor.execute(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.vocabulary_table} USING fts5vocab({self.name}, 'row')"
                    )
                for trigger, body in self._triggers().items():
                    cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {trigger} {body}")
            elif conn.vendor == "postgresql":
                if self.stored:
                    cursor.execute(
                        f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS vector tsvector "
                        f"GENERATED ALWAYS AS ({self.expression()}) STORED"
                    )
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {self.stem}_tsv ON {self.table} USING GIN (({self.vector()}))"
                )

    def drop(self, conn=connection) -> None:
        with conn.cursor() as cursor:
            if conn.vendor == "sqlite":
                for trigger in self._triggers():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                if self.vocabulary:
                    cursor.execute(f"DROP TABLE IF EXISTS {self.vocabulary_table}")
                cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            elif conn.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {self.stem}_tsv")
                if self.stored:
                    cursor.execute(f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS vector")
