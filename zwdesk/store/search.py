"""Full-text search over every issue's text, kept in the same transaction as each write.

The index holds one row per printed text of an issue (section and subsection titles, items,
paragraphs, inspection checks, the generated sentences, the 版记 lines), with its place in
words. Every store write path ``touch``-es the issue it changes; the touched issues' rows are
rebuilt from ``load_issue`` once, just before the transaction commits (the database's
``commit``), however many of their rows it changed. Deleting an issue removes its rows by ON
DELETE CASCADE. Chinese is matched without word segmentation: SQLite FTS5 with the trigram tokenizer
for words of three characters or more, LIKE over the same rows for shorter ones.

This module is SQLite-specific (FTS5), behind the store: a server database would bring its
own text search here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zwdesk.core.errors import ZwdeskError
from zwdesk.store.models import Issue, database

TEXT_TABLE = "search_text"
FTS_TABLE = "search_fts"
SNIPPET_AROUND = 15

_SCHEMA = (
    f'CREATE TABLE IF NOT EXISTS "{TEXT_TABLE}" ('
    " id INTEGER PRIMARY KEY,"
    f' issue_id INTEGER NOT NULL REFERENCES "{Issue._meta.table_name}" (id) ON DELETE CASCADE,'
    " position INTEGER NOT NULL, place TEXT NOT NULL, text TEXT NOT NULL)",
    f'CREATE INDEX IF NOT EXISTS "{TEXT_TABLE}_issue_id" ON "{TEXT_TABLE}" (issue_id)',
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{FTS_TABLE}" USING fts5(text, content="{TEXT_TABLE}",'
    " content_rowid=id, tokenize=trigram)",
    f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_ai" AFTER INSERT ON "{TEXT_TABLE}" BEGIN'
    f' INSERT INTO "{FTS_TABLE}" (rowid, text) VALUES (new.id, new.text); END',
    f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_ad" AFTER DELETE ON "{TEXT_TABLE}" BEGIN'
    f' INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}", rowid, text) VALUES (\'delete\', old.id,'
    " old.text); END",
    f'CREATE TRIGGER IF NOT EXISTS "{TEXT_TABLE}_au" AFTER UPDATE ON "{TEXT_TABLE}" BEGIN'
    f' INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}", rowid, text) VALUES (\'delete\', old.id,'
    f' old.text); INSERT INTO "{FTS_TABLE}" (rowid, text) VALUES (new.id, new.text); END',
)


def create_index(db: Any) -> None:  # noqa: ANN401 - a peewee Database
    """The index tables (if missing); the caller fills them (``rebuild``)."""
    for statement in _SCHEMA:
        db.execute_sql(statement)


def issue_texts(issue: dict[str, Any]) -> list[tuple[str, str]]:
    """(place in words, text) of every printed text of an issue dict, in reading order."""
    from zwdesk.core.checks import _entry, _nodes  # the core loads only when indexing
    from zwdesk.core.kinds import kind

    texts = []
    for node in _nodes(issue):
        if node.title.strip():
            texts.append((node.place, node.number + node.title))
        if node.block is not None:
            for para in kind(node.block["kind"]).paragraphs(node.block, node.anchor):
                entry = _entry(para.field) if para.field else ""
                texts.append((f"{node.place} / {entry}" if entry else node.place, para.text))
    dist = issue["distribution"]
    for key, word in (("report", "报"), ("send", "送"), ("issue", "发")):
        if dist[key].strip():
            texts.append((f"版记 / {word}", dist[key]))
    return [(place, text) for place, text in texts if text.strip()]


# The issues the open transaction has written to (one writing thread per process: the app's
# GUI thread, or the command line).
_touched: set[int] = set()


def touch(issue_id: int) -> None:
    """The open transaction changed this issue: its rows are rebuilt before it commits."""
    _touched.add(issue_id)


def reindex_touched() -> None:
    """Rebuild the rows of the issues touched (called by the database just before COMMIT)."""
    while _touched:
        _rewrite(_touched.pop())


def forget_touched() -> None:
    """The transaction was rolled back: nothing it touched needs rebuilding."""
    _touched.clear()


def reindex(issue_id: int) -> None:
    """Rebuild the index rows of one issue now (none if it is gone)."""
    with database.atomic():
        _rewrite(issue_id)


def _rewrite(issue_id: int) -> None:
    from zwdesk.store.issues import load_issue

    db = database.obj
    db.execute_sql(f'DELETE FROM "{TEXT_TABLE}" WHERE issue_id = ?', (issue_id,))
    issue = Issue.get_or_none(Issue.id == issue_id)
    if issue is None:
        return
    rows = [(issue_id, position, place, text)
            for position, (place, text) in enumerate(issue_texts(load_issue(issue)))]
    db.connection().executemany(
        f'INSERT INTO "{TEXT_TABLE}" (issue_id, position, place, text) VALUES (?, ?, ?, ?)',
        rows)


def rebuild() -> None:
    """Rebuild the whole index from the issues (a migration, rows copied by SQL)."""
    db = database.obj
    with database.atomic():
        db.execute_sql(f'DELETE FROM "{TEXT_TABLE}"')
        db.execute_sql(f"INSERT INTO \"{FTS_TABLE}\" (\"{FTS_TABLE}\") VALUES ('delete-all')")
        for (issue_id,) in Issue.select(Issue.id).tuples():
            reindex(issue_id)


def index_rows() -> list[tuple[int, int, str, str]]:
    """Every index row (issue id, position, place, text), sorted: for comparing with a rebuild."""
    return sorted(database.obj.execute_sql(
        f'SELECT issue_id, position, place, text FROM "{TEXT_TABLE}"').fetchall())


def fts_consistent() -> bool:
    """FTS5's own integrity check of the index against its rows."""
    try:
        database.obj.execute_sql(
            f"INSERT INTO \"{FTS_TABLE}\" (\"{FTS_TABLE}\", rank) VALUES ('integrity-check', 1)")
    except Exception:  # noqa: BLE001 - SQLite reports a mismatch as an error
        return False
    return True


@dataclass(frozen=True)
class Hit:
    year: int
    number: int
    place: str
    text: str
    snippet: str


def search(query: str, year: int | None = None, limit: int = 50) -> list[Hit]:
    """Texts of the issues holding every word of ``query`` (split at spaces), newest issue
    first; each text holds at least one of the words."""
    words = list(dict.fromkeys(query.split()))
    if not words:
        raise ZwdeskError("请给出要查找的文字 (empty query)")
    conditions, params = [], []
    for word in words:
        if len(word) >= 3:
            conditions.append(f'IN (SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH ?)')
            params.append('"' + word.replace('"', '""') + '"')
        else:
            conditions.append(f'IN (SELECT id FROM "{TEXT_TABLE}" WHERE text LIKE ? ESCAPE \'\\\')')
            params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%")
                          .replace("_", "\\_") + "%")
    where = ["(" + " OR ".join(f"t.id {c}" for c in conditions) + ")"]
    args: list[Any] = list(params)
    if len(words) > 1:  # every word in the same issue
        for condition, param in zip(conditions, params, strict=True):
            where.append(f'i.id IN (SELECT s.issue_id FROM "{TEXT_TABLE}" s '
                         f"WHERE s.id {condition})")
            args.append(param)
    if year is not None:
        where.append("i.year = ?")
        args.append(year)
    args.append(limit)
    sql = (f'SELECT i.year, i.number, t.place, t.text FROM "{TEXT_TABLE}" t '
           f'JOIN "{Issue._meta.table_name}" i ON i.id = t.issue_id '
           f"WHERE {' AND '.join(where)} "
           "ORDER BY i.year DESC, i.number DESC, t.position LIMIT ?")
    return [Hit(y, n, place, text, snippet(text, words))
            for y, n, place, text in database.obj.execute_sql(sql, args).fetchall()]


def snippet(text: str, words: list[str], around: int = SNIPPET_AROUND) -> str:
    """The first match of any of ``words`` in ``text`` marked 【】, with ``around`` characters
    each side (… where cut)."""
    lowered = text.lower()
    found = [(at, len(w)) for w in words if (at := lowered.find(w.lower())) >= 0]
    if not found:
        return text[:2 * around] + ("…" if len(text) > 2 * around else "")
    at, length = min(found)
    start, end = max(0, at - around), min(len(text), at + length + around)
    return ("…" if start else "") + text[start:at] + "【" + text[at:at + length] + "】" + \
        text[at + length:end] + ("…" if end < len(text) else "")
