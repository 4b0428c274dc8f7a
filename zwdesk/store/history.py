"""The revision history of each issue (修订记录): who wrote what, where, and when.

Every write of an issue's content leaves a line in the transaction of the write itself — so a
write refused or rolled back leaves none: the time, the user (zwdesk.store.user), the place in
words as the 检查 list names places (``三、窗口工作动态 / （二）厅（局）长进大厅 / 第3条``,
``报头 / 期号``, ``版记 / 共印份数``), and the value before and after.

The fine edits are recorded in one place: the row primitives of zwdesk.store.editing
(``update_row``, ``insert_row``, ``delete_row``, ``move_row``), which every form's write goes
through, call ``updated``, ``inserted``, ``deleted`` and ``moved``. A whole-issue action — an
import, ``import --replace``, 定稿, 重新打开, undo and redo, a 来稿 adopted, a review accepted,
新建下一期 — runs inside ``action``: one line, the action's name as its place and a summary as
its new value, and no line for the rows it writes.

Typing makes one line per field, not per keystroke: the next write of the same field by the
same user, while the field's line is the issue's last and younger than MERGE_SECONDS, updates
that line (its new value and time); a field typed back to what it was leaves no line. A
keystroke thus reads the issue's last line through the index (issue, id) and updates it: the
cost of the history does not grow with the issue's lines nor with the archive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import fn

from zwdesk.core.fieldkeys import check_label, entry_words, field_place
from zwdesk.core.wording import section_label, subsection_label, with_full_stop
from zwdesk.store.models import (
    Distribution,
    HistoryLine,
    InspectionCheck,
    Issue,
    PlatformStats,
    Publication,
    Recipient,
    Section,
    TextEntry,
    WindowStats,
    database,
    first_tuple,
    tuples,
)
from zwdesk.store.outline import SectionInfo, numbered_sections
from zwdesk.store.user import current_user

MERGE_SECONDS = 300  # a field typed into again within this time stays one line
SUMMARY_PLACES = 3  # places a whole-issue action's summary names before 等

# The places of whole-issue actions (the line's place column).
IMPORTED = "导入"
REPLACED = "导入替换"
NEXT_ISSUE = "新建下一期"
FINALIZED = "定稿"
REOPENED = "重新打开"
UNDONE = "撤销"
REDONE = "重做"
ADOPTED = "采用来稿"
REVIEW_ACCEPTED = "采纳审阅稿"

Model = Any  # a peewee model class (peewee's stubs type rows and classes loosely)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an issue's history, as the app and ``zwdesk history`` show it."""

    at: dt.datetime
    user: str
    place: str
    old: str
    new: str


def issue_history(issue_id: int) -> list[HistoryEntry]:
    """The lines of one issue, oldest first (one indexed query: bounded by the issue)."""
    return histories([issue_id]).get(issue_id, [])


def histories(issue_ids: Sequence[int]) -> dict[int, list[HistoryEntry]]:
    """The lines of several issues (an archive's batch), each issue's oldest first; an issue
    without any is left out."""
    query = (HistoryLine.select(HistoryLine.issue, HistoryLine.at, HistoryLine.user_name,
                                HistoryLine.place, HistoryLine.old, HistoryLine.new)
             .where(HistoryLine.issue.in_(list(issue_ids)))
             .order_by(HistoryLine.issue, HistoryLine.id))
    found: dict[int, list[HistoryEntry]] = {}
    for issue_id, *line in tuples(query):
        found.setdefault(issue_id, []).append(HistoryEntry(*line))
    return found


LINES_PER_INSERT = 100  # bound parameters per statement stay below SQLite's oldest limit


def add_lines(issue_id: int, lines: Sequence[HistoryEntry]) -> None:
    """Give an issue these lines (the history of the issue it replaces, or an archive's),
    after those it has, in their order."""
    rows = [{"issue": issue_id, "at": line.at, "user_name": line.user, "place": line.place,
             "old": line.old, "new": line.new} for line in lines]
    for start in range(0, len(rows), LINES_PER_INSERT):
        HistoryLine.insert_many(rows[start:start + LINES_PER_INSERT]).execute()


def drop_lines(issue_id: int) -> None:
    """Forget an issue's lines (an archive brings the issue's own history to replace them)."""
    HistoryLine.delete().where(HistoryLine.issue == issue_id).execute()


# --- whole-issue actions ---


@dataclass
class ActionLine:
    """The line of a whole-issue action, filled in while it runs: the issue (known only once
    stored, for an import) and the values before and after."""

    place: str
    issue_id: int | None = None
    old: str = ""
    new: str = ""


_actions = 0  # whole-issue actions running (one writing thread per process)


@contextlib.contextmanager
def action(place: str, issue_id: int | None = None) -> Iterator[ActionLine]:
    """A whole-issue action: its rows' writes leave no line of their own; when it ends without
    an error, the line it filled in is written (not for an action inside another: the outer
    one speaks for both, e.g. 新建下一期 storing an issue as an import does)."""
    global _actions
    line = ActionLine(place, issue_id)
    _actions += 1
    try:
        yield line
    finally:
        _actions -= 1
    if not _actions and line.issue_id is not None:
        _insert(line.issue_id, line.place, line.old, line.new, key="")


def summary(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What changed between two issue dicts, in words: ``2处：报头 / 期号；三、… / 第3条``."""
    from zwdesk.core.review import differences  # loaded by a whole-issue action only

    places = [difference.place for difference in differences(before, after)]
    if before["distribution"].get("recipients") != after["distribution"].get("recipients"):
        places.append("版记 / 分发名单")  # the review never compares the register
    if not places:
        return "内容无变化"
    more = "等" if len(places) > SUMMARY_PLACES else ""
    return f"{len(places)}处：{'；'.join(places[:SUMMARY_PLACES])}{more}"


# --- the rows' writes (zwdesk.store.editing) ---


def issue_of(model: Model, row: Any) -> int | None:  # noqa: ANN401 - a row of ``model``
    """The issue a row of an issue's content belongs to; None for a row of no issue."""
    if model is Issue:
        return row.id
    if model in (Section, Distribution, Recipient):
        return row.__data__["issue"]
    if model in (TextEntry, InspectionCheck, WindowStats, PlatformStats):
        return Section.select(Section.issue).where(Section.id == row.__data__["section"]) \
            .scalar()
    return None


def updated(model: Model, row: Any, issue_id: int,  # noqa: ANN401 - a row of ``model``
            values: dict[str, Any]) -> None:
    """Before ``row`` is updated with ``values``: a line per column whose value changes."""
    if _actions:
        return
    for column, value in values.items():
        words = _column_words(model, column)
        old, new = row.__data__.get(column), _raw(value)
        if words is None or old == new:
            continue
        old_text, new_text = _value_text(model, column, old), _value_text(model, column, new)
        _write(issue_id, f"{model.__name__}:{row.id}:{column}",
               functools.partial(place_of, model, row, issue_id, words), old_text, new_text)


def inserted(model: Model, row: Any, issue_id: int) -> None:  # noqa: ANN401 - a row
    """After ``row`` was inserted (and its siblings renumbered)."""
    if not _actions:
        _insert(issue_id, place_of(model, row, issue_id), "", _row_text(model, row),
                key=f"{model.__name__}:{row.id}:+")


def deleted(model: Model, row: Any, issue_id: int) -> None:  # noqa: ANN401 - a row
    """Before ``row`` is deleted (while its place is still its own)."""
    if not _actions:
        _insert(issue_id, place_of(model, row, issue_id), _row_text(model, row), "",
                key=f"{model.__name__}:{row.id}:-")


def moved(model: Model, row: Any, issue_id: int,  # noqa: ANN401 - a row
          index: int, target: int) -> None:
    """Before ``row`` moves from the ``index``-th place among its siblings to ``target``."""
    if _actions:
        return
    number = _number_words(model, row)
    _write(issue_id, f"{model.__name__}:{row.id}:position",
           lambda: place_of(model, row, issue_id), number(index), number(target))


# --- writing a line ---


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _write(issue_id: int, key: str, place: Callable[[], str], old: str, new: str) -> None:
    """A line for a change of the field ``key``, merged into the issue's last line when that
    is the same field's, by the same user, lately (typing on): then one UPDATE is all."""
    user, now = current_user(), _now()
    at, since = HistoryLine.at.db_value(now), HistoryLine.at.db_value(
        now - dt.timedelta(seconds=MERGE_SECONDS))
    merged = database.execute_sql(_merge_statement(), (new, at, issue_id, key, user, since, new))
    if merged.rowcount:
        return
    last = HistoryLine.select(fn.MAX(HistoryLine.id)).where(HistoryLine.issue == issue_id)
    if HistoryLine.delete().where((HistoryLine.id == last) & (HistoryLine.key == key)
                                  & (HistoryLine.user_name == user) & (HistoryLine.at >= since)
                                  & (HistoryLine.old == new)).execute():
        return  # typed back to what it was: nothing changed
    _insert(issue_id, place(), old, new, key)


def _merge_statement() -> str:
    """The UPDATE of a keystroke (``_write``), in SQL: built by peewee it costs four times as
    long to make as to run. Portable: standard SQL with the database's placeholder."""
    mark, table = database.obj.param, HistoryLine._meta.table_name
    return (f'UPDATE "{table}" SET "new" = {mark}, "at" = {mark} WHERE "id" = (SELECT max("id") '
            f'FROM "{table}" WHERE "issue_id" = {mark}) AND "key" = {mark} AND "user_name" = '
            f'{mark} AND "at" >= {mark} AND "old" <> {mark}')


def _insert(issue_id: int, place: str, old: str, new: str, key: str) -> None:
    HistoryLine.insert(issue=issue_id, at=_now(), user_name=current_user(), place=place,
                       old=old, new=new, key=key).execute()


# --- places and values in words ---


def _raw(value: Any) -> Any:  # noqa: ANN401 - a column's value, or a row for a foreign key
    """A value as stored: a row given for a foreign key is its id."""
    return getattr(value, "id", value)


def _column_words(model: Model, column: str) -> str | None:
    """A column in words (appended to the row's place); None for a column that is no part of
    the issue's text (positions, the link to a 来稿, whether a register is kept)."""
    from zwdesk.core.review import CHECK_PARTS, FIELD_WORDS

    if model is InspectionCheck:
        return CHECK_PARTS.get(column)
    if model is Recipient:
        return _RECIPIENT_WORDS.get(column)
    if model is TextEntry:
        return "" if column == "text" else None
    if model is Distribution and column == "copies_auto":
        return "共印份数按名单合计"
    if model is Issue and column == "publication":
        return "刊名和编印单位"
    path = _PATHS.get(model, {}).get(column)
    return None if path is None else FIELD_WORDS[path]


def _paths() -> dict[Model, dict[str, str]]:
    """Each model's columns by their path in the issue dict (zwdesk.core.review's words)."""
    from zwdesk.store.blocks import PLATFORM_COLUMNS, WINDOW_COLUMNS

    counts = {model: {column: f"{group}.{key}" for (group, key), column in columns.items()}
              for model, columns in ((WindowStats, WINDOW_COLUMNS),
                                     (PlatformStats, PLATFORM_COLUMNS))}
    return {
        Issue: {**{name: name for name in ("year", "number", "serial", "issue_date")},
                "period_start": "period.start", "period_end": "period.end"},
        Section: {"title": "title"},
        WindowStats: counts[WindowStats],
        PlatformStats: {**counts[PlatformStats], "source": "source", "date_from": "from",
                        "date_to": "to"},
        Distribution: {"report": "report", "send": "send", "issue_line": "issue",
                       "copies": "copies"},
    }


_PATHS = _paths()
_RECIPIENT_WORDS = {"group": "报送发", "name": "单位", "copies": "份数"}


def _value_text(model: Model, column: str, value: Any) -> str:  # noqa: ANN401 - a value
    if model is Issue and column == "publication":
        names = first_tuple(Publication.select(Publication.name, Publication.editor)
                            .where(Publication.id == value))
        return "" if names is None else " ".join(names)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _row_text(model: Model, row: Any) -> str:  # noqa: ANN401 - a row of ``model``
    """What an inserted or deleted row held, in words."""
    if model is Section:
        return row.title
    if model is InspectionCheck:
        return with_full_stop(row.title) + row.finding if row.title.strip() else row.finding
    if model is Recipient:
        return f"{row.group}：{row.name}，{row.copies}份"
    return getattr(row, "text", "")


def _section(issue_id: int, section_id: int) -> SectionInfo:
    return next(s for s in numbered_sections(Section.issue == issue_id) if s.id == section_id)


def place_of(model: Model, row: Any, issue_id: int,  # noqa: ANN401 - a row
             words: str = "") -> str:
    """Where ``row`` stands in its issue now, in words, with a column's ``words`` after it."""
    if model is Issue:
        place = "报头"
    elif model is Distribution:
        place = "版记"
    elif model is Section:
        place = _section(issue_id, row.id).place
    elif model is Recipient:
        place = field_place("版记", f"recipients[{_ordinal(model, row)}].name")
    else:
        section = _section(issue_id, row.__data__["section"])
        place = field_place(section.place, _entry_field(model, section, row))
    if not words:
        return place
    return f"{place} {words}" if model in (InspectionCheck, Recipient) else f"{place} / {words}"


def _entry_field(model: Model, section: SectionInfo, row: Any) -> str:  # noqa: ANN401
    """The field key of an entry or a check of a section (items[2], checks[0]); '' for the
    block's one row of counts."""
    if model is InspectionCheck:
        return f"checks[{_ordinal(model, row)}]"
    if model is TextEntry:
        return f"{_list_key(section.kind)}[{_ordinal(model, row)}]"
    return ""


def _list_key(kind: str | None) -> str:
    from zwdesk.core.kinds import kind as block_kind  # loaded by the writer already

    return block_kind(kind or "").list_key


def _ordinal(model: Model, row: Any) -> int:  # noqa: ANN401 - a row of ``model``
    """0 for the first among its siblings, in the order of (position, id)."""
    owner = "issue" if model is Recipient else "section"
    position = row.position
    return model.select().where(
        (getattr(model, owner) == row.__data__[owner])
        & ((model.position < position) | ((model.position == position) & (model.id < row.id)))
    ).count()


def _number_words(model: Model, row: Any) -> Callable[[int], str]:  # noqa: ANN401 - a row
    """How the ``n``-th place among a row's siblings is said: 三、, （二）, 第3条, 第3行."""
    if model is Section:
        top = row.__data__["parent"] is None
        return lambda n: section_label(n + 1) if top else subsection_label(n + 1)
    if model is InspectionCheck:
        return check_label
    if model is Recipient:
        return lambda n: entry_words(f"recipients[{n}].name")
    kind = Section.select(Section.kind).where(Section.id == row.__data__["section"]).scalar()
    key = _list_key(kind)
    return lambda n: entry_words(f"{key}[{n}]")
