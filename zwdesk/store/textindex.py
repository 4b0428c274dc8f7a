"""The full-text index of zwdesk.store.search on each kind of database: SQLite's FTS5 with the
trigram tokenizer, PostgreSQL's pg_trgm GIN index. Both answer the same question the same way:
the ids of the texts holding a word (as a substring, ASCII letters in either case) among a
range of ids, largest first; ``search`` builds everything else on that.

The rows themselves are one table on both (``search_text``: id, issue_id, anchor, field,
place, text), read and written through the ``SearchText`` model. An id holds (year, number)
in its high bits (see search.py): a 64-bit integer, which SQLite's INTEGER is and
PostgreSQL's BIGINT.
"""

from __future__ import annotations

from typing import Any

from peewee import BigIntegerField, IntegerField, TextField, fn

from zwdesk.store.models import BaseModel, Issue, on_server

TEXT_TABLE = "search_text"
FTS_TABLE = "search_fts"
_ISSUE_TABLE = Issue._meta.table_name


class SearchText(BaseModel):
    """One printed text of an issue in the index (created by the index's own statements, not
    by peewee: on SQLite its id is the rowid FTS5 refers to)."""

    id = BigIntegerField(primary_key=True)
    issue_id = IntegerField()
    anchor = TextField()
    field = TextField()
    place = TextField()
    text = TextField()

    class Meta:
        table_name = TEXT_TABLE


class Fts5Index:
    """SQLite: an FTS5 trigram table over the rows' text (external content), kept in step by
    triggers. Words of one or two characters are read in the rows, newest first."""

    _TABLES = (
        f'CREATE TABLE IF NOT EXISTS "{TEXT_TABLE}" ('
        " id INTEGER PRIMARY KEY,"
        f' issue_id INTEGER NOT NULL REFERENCES "{_ISSUE_TABLE}" (id) ON DELETE CASCADE,'
        " anchor TEXT NOT NULL, field TEXT NOT NULL, place TEXT NOT NULL, text TEXT NOT NULL)",
        f'CREATE INDEX IF NOT EXISTS "{TEXT_TABLE}_issue_id" ON "{TEXT_TABLE}" (issue_id)',
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{FTS_TABLE}" USING fts5(text,'
        f' content="{TEXT_TABLE}", content_rowid=id, tokenize=trigram)',
    )
    _TRIGGERS = (
        f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_ai" AFTER INSERT ON "{TEXT_TABLE}" BEGIN'
        f' INSERT INTO "{FTS_TABLE}" (rowid, text) VALUES (new.id, new.text); END',
        f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_ad" AFTER DELETE ON "{TEXT_TABLE}" BEGIN'
        f' INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}", rowid, text) VALUES (\'delete\', old.id,'
        " old.text); END",
        # Only a changed text is indexed again (a renumbered item changes its place only).
        f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_au" AFTER UPDATE OF text ON "{TEXT_TABLE}"'
        f' BEGIN INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}", rowid, text) VALUES (\'delete\','
        f' old.id, old.text); INSERT INTO "{FTS_TABLE}" (rowid, text) VALUES (new.id,'
        " new.text); END",
    )

    def create(self, db: Any, complete: bool = True) -> None:  # noqa: ANN401 - a Database
        """The tables (if missing); ``complete``: with the triggers that index each row as it
        is written (without them, rows are inserted and ``finish`` indexes them at once)."""
        for statement in self._TABLES + (self._TRIGGERS if complete else ()):
            db.execute_sql(statement)

    def finish(self, db: Any) -> None:  # noqa: ANN401 - a peewee Database
        db.execute_sql(f"INSERT INTO \"{FTS_TABLE}\" (\"{FTS_TABLE}\") VALUES ('rebuild')")
        self.create(db)

    def drop(self, db: Any) -> None:  # noqa: ANN401 - a peewee Database
        db.execute_sql(f'DROP TABLE IF EXISTS "{FTS_TABLE}"')
        db.execute_sql(f'DROP TABLE IF EXISTS "{TEXT_TABLE}"')

    def consistent(self, db: Any) -> bool:  # noqa: ANN401 - a peewee Database
        """FTS5's own integrity check of the index against its rows."""
        try:
            db.execute_sql(f"INSERT INTO \"{FTS_TABLE}\" (\"{FTS_TABLE}\", rank) "
                           "VALUES ('integrity-check', 1)")
        except Exception:  # noqa: BLE001 - SQLite reports a mismatch as an error
            return False
        return True

    def matching(self, db: Any, word: str, ids: tuple[int, int],  # noqa: ANN401
                 limit: int | None) -> list[int]:
        if len(word) < 3:
            return _scanned(word, ids, limit)
        # FTS5's MATCH and rowid: no peewee expression for a virtual table's own columns.
        sql = (f'SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH ? '
               "AND rowid BETWEEN ? AND ? ORDER BY rowid DESC" + (" LIMIT ?" if limit else ""))
        pattern = '"' + word.replace('"', '""') + '"'
        args = (pattern, *ids, *((limit,) if limit else ()))
        return [row[0] for row in db.execute_sql(sql, args)]


class TrigramIndex:
    """PostgreSQL: a GIN index of pg_trgm's trigrams on the rows' text. ``ILIKE '%word%'``
    finds the rows through it (words of three characters or more: a trigram each); a shorter
    word has no trigram and is read in the rows, newest first, as on SQLite."""

    # One query for any range, newest first up to the limit: PostgreSQL either walks the ids
    # newest first testing each text (a common word: the limit is soon reached) or takes the
    # matches from the trigram index and sorts them (a rare one). It chooses well because each
    # statement is planned with its own pattern (server.py: prepare_threshold) against the
    # table's statistics (``finish`` runs ANALYZE; autovacuum keeps them): at 5 000 issues a
    # rare word 1.4 ms, a common one 4 ms (scripts/bench_server.py). Asking a span of issues
    # at a time instead cost a plan per span: 70 ms for a rare word.

    _TABLES = (
        f'CREATE TABLE IF NOT EXISTS "{TEXT_TABLE}" ('
        " id BIGINT PRIMARY KEY,"
        f' issue_id INTEGER NOT NULL REFERENCES "{_ISSUE_TABLE}" (id) ON DELETE CASCADE,'
        " anchor TEXT NOT NULL, field TEXT NOT NULL, place TEXT NOT NULL, text TEXT NOT NULL)",
        f'CREATE INDEX IF NOT EXISTS "{TEXT_TABLE}_issue_id" ON "{TEXT_TABLE}" (issue_id)',
    )
    _TRIGRAMS = (f'CREATE INDEX IF NOT EXISTS "{TEXT_TABLE}_trgm" ON "{TEXT_TABLE}" '
                 "USING gin (text gin_trgm_ops)")

    def create(self, db: Any, complete: bool = True) -> None:  # noqa: ANN401 - a Database
        for statement in self._TABLES + ((self._TRIGRAMS,) if complete else ()):
            db.execute_sql(statement)

    def finish(self, db: Any) -> None:  # noqa: ANN401 - a peewee Database
        self.create(db)  # building the GIN index once is quicker than row by row
        db.execute_sql(f'ANALYZE "{TEXT_TABLE}"')

    def drop(self, db: Any) -> None:  # noqa: ANN401 - a peewee Database
        db.execute_sql(f'DROP TABLE IF EXISTS "{TEXT_TABLE}"')

    def consistent(self, db: Any) -> bool:  # noqa: ANN401 - a peewee Database
        """The GIN index is the server's own, part of every write: it exists and is valid."""
        row = db.execute_sql(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s", (f"{TEXT_TABLE}_trgm",)).fetchone()
        return bool(row and row[0])

    def matching(self, db: Any, word: str, ids: tuple[int, int],  # noqa: ANN401
                 limit: int | None) -> list[int]:
        return _scanned(word, ids, limit, indexed=len(word) >= 3)


def _scanned(word: str, ids: tuple[int, int], limit: int | None,
             indexed: bool = False) -> list[int]:
    """The ids of the rows holding ``word``, newest first. ASCII letters match in either case
    (LIKE on SQLite, ILIKE on a server: the trigram index serves ILIKE); a word without
    letters that have a case is found by position, which is quicker than a pattern.
    ``indexed``: the word has trigrams for the server's index to look up."""
    if indexed or word.lower() != word.upper():
        holds = SearchText.text.contains(word)
    else:
        holds = (fn.strpos if on_server() else fn.instr)(SearchText.text, word) > 0
    query = (SearchText.select(SearchText.id).where(holds & SearchText.id.between(*ids))
             .order_by(SearchText.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(query.scalars())


def text_index() -> Fts5Index | TrigramIndex:
    """The index of the database open now."""
    return TrigramIndex() if on_server() else Fts5Index()
