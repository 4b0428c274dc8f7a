"""Full-text search over every issue's text, kept in the same transaction as each write.

The index holds one row per printed text of an issue (section and subsection titles, items,
paragraphs, inspection checks, the generated sentences, the 版记 lines), with its place in
words and the form field it comes from. Every store write path touches the issue it changes
(its year or number too: zwdesk.store.changes); just before the transaction commits, the
database's ``commit`` passes the touched issues to ``update``, which reads them again and
writes only the rows that differ, however many of their rows the transaction changed.
Deleting an issue removes its rows by ON DELETE CASCADE. Chinese is matched without word
segmentation: a trigram index for words of three characters or more (SQLite's FTS5,
PostgreSQL's pg_trgm: zwdesk.store.textindex), the rows read newest first for shorter ones.
Both databases give the same hits in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from peewee import Tuple, chunked

from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError
from zwdesk.store.blocks import IDS_PER_QUERY
from zwdesk.store.models import Issue, database
from zwdesk.store.textindex import SearchText, text_index
from zwdesk.store.transaction import reads

SNIPPET_AROUND = 15

# A row's id orders the index newest first: (year, number) in the high bits, the text's
# position in the issue counted down in the low ones, so ``ORDER BY id DESC`` is the order of
# the hits (newest issue first, then reading order) and a year, or a run of issues, is a range
# of ids. FTS5 walks its rowids in that order too and stops at the LIMIT: a query reads only
# as many rows as it shows, not every match. The id changes with the issue's year or number,
# which touches the issue like any other edit.
_POSITION_BITS = 32
_LAST_POSITION = (1 << _POSITION_BITS) - 1
_NUMBERS = limits.NUMBER_MAX + 1

def create_index(db: Any) -> None:  # noqa: ANN401 - a peewee Database
    """The index tables (if missing), empty; ``rebuild`` fills them."""
    text_index().create(db)


def drop_index(db: Any) -> None:  # noqa: ANN401 - a peewee Database
    """Remove the index tables, to create them anew."""
    text_index().drop(db)


class Text(NamedTuple):
    """One printed text of an issue: the outline node (``s2.1``, ``distribution``) and form
    field (``items[0]``, ``title``, ``report``; "" for a generated sentence) it comes from,
    its place in words, the text."""

    anchor: str
    field: str
    place: str
    text: str


def issue_texts(issue: dict[str, Any]) -> list[Text]:
    """Every printed text of an issue dict, in reading order: the 报头 first (found, a hit
    opens its form)."""
    from zwdesk.core.bulletin import masthead  # the core loads only when indexing
    from zwdesk.core.fieldkeys import TITLE, field_place
    from zwdesk.core.kinds import kind
    from zwdesk.core.outline import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, outline_nodes

    # The organisation and the date are one line, a tab between them.
    texts = [Text(MASTHEAD_ANCHOR, para.field, "报头", para.text.replace("\t", " "))
             for para in masthead(issue)]
    for node in outline_nodes(issue):
        if node.title.strip():
            texts.append(Text(node.anchor, TITLE, node.place, node.number + node.title))
        if node.block is not None:
            for para in kind(node.block["kind"]).paragraphs(node.block, node.anchor):
                texts.append(Text(para.anchor, para.field, field_place(node.place, para.field),
                                  para.text))
    dist = issue["distribution"]
    for key, word in (("report", "报"), ("send", "送"), ("issue", "发")):
        texts.append(Text(DISTRIBUTION_ANCHOR, key, f"版记 / {word}", dist[key]))
    return [t for t in texts if t.text.strip()]


def _key(year: int, number: int) -> int:
    return year * _NUMBERS + number


def _row_id(year: int, number: int, position: int) -> int:
    return (_key(year, number) << _POSITION_BITS) | (_LAST_POSITION - position)


def _issue_of(row_id: int) -> tuple[int, int]:
    """(year, number) of a row id."""
    return divmod(row_id >> _POSITION_BITS, _NUMBERS)


def _id_range(first: tuple[int, int], last: tuple[int, int]) -> tuple[int, int]:
    """The ids of every row of the issues from ``first`` to ``last`` (year, number) inclusive."""
    return _key(*first) << _POSITION_BITS, (_key(*last) << _POSITION_BITS) | _LAST_POSITION


Row = tuple[int, str, str, str, str]  # issue id, anchor, field, place, text


def _wanted_rows(issue: Issue, data: dict[str, Any]) -> dict[int, Row]:
    return {_row_id(issue.year, issue.number, position): (issue.id, *text)
            for position, text in enumerate(issue_texts(data))}


# Issues read at a time (when the whole index is built, or a transaction touched many).
REBUILD_CHUNK = 200


def update(issue_ids: list[int]) -> None:
    """Bring the rows of these issues up to date (the database calls it with the issues the
    transaction touched, just before COMMIT): only the differences between their stored rows
    and what they print now are written, so a keystroke changes one row, not the issue's every
    row. All deletions go first, so that issues that swapped their numbers do not meet on an
    id."""
    gone: list[int] = []
    changed: list[tuple[Row, Row, int]] = []
    new: list[tuple[int, Row]] = []
    for start in range(0, len(issue_ids), REBUILD_CHUNK):
        stored, wanted = _stored_and_wanted(issue_ids[start:start + REBUILD_CHUNK])
        gone += stored.keys() - wanted.keys()
        changed += [(stored[row_id], row, row_id) for row_id, row in wanted.items()
                    if row_id in stored and stored[row_id] != row]
        new += [(row_id, row) for row_id, row in wanted.items() if row_id not in stored]
    for ids in chunked(gone, IDS_PER_QUERY):
        SearchText.delete().where(SearchText.id.in_(ids)).execute()
    for old, row, row_id in changed:
        # The text is written only where it changed: the FTS trigger fires on that alone.
        columns = _COLUMNS if old[-1] != row[-1] else _COLUMNS[:-1]
        SearchText.update(dict(zip(columns, row, strict=False))) \
            .where(SearchText.id == row_id).execute()
    _insert([(row_id, *row) for row_id, row in new])


_COLUMNS = (SearchText.issue_id, SearchText.anchor, SearchText.field, SearchText.place,
            SearchText.text)
# Rows inserted by one statement: 6 values each, below SQLite's oldest limit of 999.
_ROWS_PER_INSERT = 150


def _insert(rows: list[tuple[Any, ...]]) -> None:
    for chunk in chunked(rows, _ROWS_PER_INSERT):
        SearchText.insert_many(chunk, fields=[SearchText.id, *_COLUMNS]).execute()


def _stored_and_wanted(issue_ids: list[int]) -> tuple[dict[int, Row], dict[int, Row]]:
    from zwdesk.store.issues import load_issues

    stored = {row[0]: row[1:] for row in _tuples(SearchText.select(SearchText.id, *_COLUMNS)
              .where(SearchText.issue_id.in_(issue_ids)))}
    issues = list(Issue.select().where(Issue.id.in_(issue_ids)))
    wanted: dict[int, Row] = {}
    for issue, data in zip(issues, load_issues(issues), strict=True):
        wanted.update(_wanted_rows(issue, data))
    return stored, wanted


def rebuild() -> None:
    """Build the whole index anew from the issues (a migration; after rows copied by SQL):
    issues read a few hundred at a time, their rows inserted together, and the trigram index
    made in one pass at the end rather than row by row."""
    from zwdesk.store.issues import load_issues

    db, index = database.obj, text_index()
    with database.atomic():
        index.drop(db)
        index.create(db, complete=False)
        issues = list(Issue.select())
        for start in range(0, len(issues), REBUILD_CHUNK):
            chunk = issues[start:start + REBUILD_CHUNK]
            _insert([(row_id, *row)
                     for issue, data in zip(chunk, load_issues(chunk), strict=True)
                     for row_id, row in _wanted_rows(issue, data).items()])
        index.finish(db)  # the trigram index, and what keeps it current for the edits to come


def index_rows() -> list[tuple[Any, ...]]:
    """Every index row (id, issue id, anchor, field, place, text), sorted: for comparing with a
    rebuild."""
    return sorted(_tuples(SearchText.select(SearchText.id, *_COLUMNS)))


def _tuples(query: Any) -> list[tuple[Any, ...]]:  # noqa: ANN401 - a peewee query
    """A query's rows as tuples (peewee's stubs call every row a model)."""
    return list(query.tuples())


def index_consistent() -> bool:
    """The trigram index agrees with its rows (FTS5's integrity check; on a server, the GIN
    index is valid)."""
    return text_index().consistent(database.obj)


@dataclass(frozen=True)
class Hit:
    year: int
    number: int
    place: str
    text: str
    snippet: str  # the match in context, marked 【】 (``snippet``)
    anchor: str  # the outline node and form field the text comes from (see ``Text``)
    field: str


# Issues looked at by the first pass of a query of several words; each further pass doubles.
FIRST_SPAN, LARGEST_SPAN = 16, 1024


@reads
def search(query: str, year: int | None = None, limit: int = 50,
           number: int | None = None) -> list[Hit]:
    """Texts of the issues holding every word of ``query`` (split at spaces), newest issue
    first, then in reading order; each text holds at least one of the words. Only the year
    ``year``, or only its issue ``number``, when given. Words of three characters or more are
    looked up in the trigram index, shorter ones read the texts, newest first, until ``limit``
    hits are found."""
    words = query_words(query)
    if not words:
        raise ZwdeskError("请给出要查找的文字 (empty query)")
    if limit < 1 or (year is not None and not limits.YEAR_MIN <= year <= limits.YEAR_MAX) \
            or (number is not None and not limits.NUMBER_MIN <= number <= limits.NUMBER_MAX):
        return []  # no issue can be there (and the ids stay within SQLite's integers)
    limit = min(limit, limits.MAX_COUNT)
    if len(words) == 1:
        ids = _matching(words[0], _id_range(*_bounds(year, number)), limit)
    else:
        ids = _matching_all(words, year, number, limit)
    return [_hit(row, words) for row in _rows(ids)]


# Full-width digits and Latin letters (１２００, ＷＰＳ) as the bulletin prints them; not the
# full-width punctuation, which it prints as it is (（一）).
_HALF_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                *range(0xFF41, 0xFF5B))}


# Quotes around a word ("大厅", “大厅”, 「大厅」) mean the word itself, as in a web search.
_QUOTES = "\"'“”‘’「」『』"


def query_words(query: str) -> list[str]:
    """The words of a query: split at spaces, each once, the quotes around it taken off,
    full-width digits and letters typed with a Chinese input method made half-width."""
    words = (word.strip(_QUOTES) for word in query.translate(_HALF_WIDTH).split())
    return list(dict.fromkeys(word for word in words if word))


def _bounds(year: int | None, number: int | None) -> tuple[tuple[int, int], tuple[int, int]]:
    """The first and last (year, number) a query looks at."""
    if year is None:
        return (limits.YEAR_MIN, 0), (limits.YEAR_MAX, limits.NUMBER_MAX)
    if number is None:
        return (year, 0), (year, limits.NUMBER_MAX)
    return (year, number), (year, number)


def _matching(word: str, ids: tuple[int, int], limit: int | None = None) -> list[int]:
    """The ids of the texts holding ``word`` among the ids ``ids`` (first, last), newest
    first; at most ``limit`` (None: all)."""
    return text_index().matching(database.obj, word, ids, limit)


def _spans(first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """The ids of the issues from ``last`` back to ``first`` (year, number) that exist, a
    span of them at a time, newest first: FIRST_SPAN issues, then twice as many each time."""
    query = (Issue.select(Issue.year, Issue.number)
             .where(Tuple(Issue.year, Issue.number).between(Tuple(*first), Tuple(*last)))
             .order_by(Issue.year.desc(), Issue.number.desc()))
    start, span = 0, FIRST_SPAN
    while True:
        issues = _tuples(query.limit(span).offset(start))
        if not issues:
            return
        yield _id_range(issues[-1], issues[0])
        start, span = start + span, min(2 * span, LARGEST_SPAN)


def _matching_all(words: list[str], year: int | None, number: int | None,
                  limit: int) -> list[int]:
    """The texts of several words: the issues are taken newest first, a span of them at a time,
    until ``limit`` texts are found. In a span, each word narrows the issues that hold every
    word so far; the next word is looked for only there."""
    words = list(words)
    found: list[int] = []
    counts: dict[str, int] = {}
    for span in _spans(*_bounds(year, number)):
        # The word that matched the fewest texts in the span before first (most spans end at
        # the first word found in no issue), long words before short ones (the index answers
        # them at once, a short word reads the texts).
        words.sort(key=lambda w: (counts.get(w, 0), len(w) < 3, -len(w)))
        found += _in_every_issue(words, span, counts)
        if len(found) >= limit:
            break
    return found[:limit]


def _in_every_issue(words: list[str], ids: tuple[int, int], counts: dict[str, int]) -> list[int]:
    """The texts among the ids ``ids`` holding one of ``words``, of the issues holding all,
    newest first; ``counts`` gets how many texts each word looked for matched."""
    matched: set[int] = set()
    candidates: set[tuple[int, int]] | None = None
    for word in words:
        found = _matching(word, ids)
        counts[word] = len(found)
        issues = {_issue_of(row_id) for row_id in found}
        candidates = issues if candidates is None else candidates & issues
        if not candidates:
            return []
        matched.update(found)
        ids = _id_range(min(candidates), max(candidates))
    if candidates is None:  # no words
        return []
    return sorted((i for i in matched if _issue_of(i) in candidates), reverse=True)


def _rows(ids: list[int]) -> list[tuple[Any, ...]]:
    """(id, anchor, field, place, text) of the texts ``ids``, in that order."""
    rows: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start:start + IDS_PER_QUERY]
        rows.update((row[0], row) for row in _tuples(SearchText.select(
            SearchText.id, SearchText.anchor, SearchText.field, SearchText.place,
            SearchText.text).where(SearchText.id.in_(chunk))))
    return [rows[i] for i in ids]


def _hit(row: tuple[Any, ...], words: list[str]) -> Hit:
    row_id, anchor, field, place, text = row
    year, number = _issue_of(row_id)
    return Hit(year, number, place, text, snippet(text, words), anchor, field)


def snippet_parts(text: str, words: list[str],
                  around: int = SNIPPET_AROUND) -> tuple[str, str, str]:
    """The first match of any of ``words`` in ``text`` (before, match, after), with ``around``
    characters each side (… where cut); ("", "", start of text) when none matches."""
    match = find_match(text, words)
    if match is None:
        return "", "", text[:2 * around] + ("…" if len(text) > 2 * around else "")
    at, length = match
    start, end = max(0, at - around), min(len(text), at + length + around)
    return (("…" if start else "") + text[start:at], text[at:at + length],
            text[at + length:end] + ("…" if end < len(text) else ""))


def snippet(text: str, words: list[str], around: int = SNIPPET_AROUND) -> str:
    """The first match of any of ``words`` in ``text`` marked 【】, in context
    (``snippet_parts``)."""
    before, match, after = snippet_parts(text, words, around)
    return before + (f"【{match}】" if match else "") + after


def find_match(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where the first match of any of ``words`` is in ``text`` (start, length); None if none."""
    lowered = _fold(text)
    found = [(at, len(w)) for w in words if (at := lowered.find(_fold(w))) >= 0]
    return min(found) if found else None


def _fold(text: str) -> str:
    """Lower case where that keeps every character's place (as the index ignores case)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text
