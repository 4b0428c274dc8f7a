"""An issue's content as the app's forms read and write it, a field or a row at a time: the
报头's fields, each block's rows (counts, items and paragraphs, checks) and the 版记 with its
recipients. Reads return plain values (dataclasses, dicts), never rows; each function is one
transaction (inside an edit of the app's edit session, a part of its transaction).

Each write names the columns it may change: a form cannot write a column by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zwdesk.store.blocks import PLATFORM_COLUMNS, WINDOW_COLUMNS
from zwdesk.store.editing import (
    add_check,
    add_entry,
    add_recipient,
    delete_row,
    move_row,
    update_row,
)
from zwdesk.store.models import (
    Distribution,
    InspectionCheck,
    Issue,
    PlatformStats,
    Publication,
    Recipient,
    TextEntry,
    WindowStats,
    first_tuple,
    tuples,
)
from zwdesk.store.transaction import writes


def _allowed(values: dict[str, Any], columns: set[str] | frozenset[str]) -> dict[str, Any]:
    """``values`` if they name only ``columns``; a programming error otherwise."""
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"cannot write {', '.join(sorted(unknown))} here")
    return values


# --- the 报头 ---

MASTHEAD_COLUMNS = frozenset({"year", "number", "serial", "issue_date", "period_start",
                              "period_end"})


@writes
def update_issue(issue_id: int, **values: Any) -> None:  # noqa: ANN401 - a column's value
    """The 报头's fields: year, number, serial, issue_date, period_start, period_end."""
    update_row(Issue, issue_id, **_allowed(values, MASTHEAD_COLUMNS))


@writes
def set_publication(issue_id: int, name: str, editor: str) -> None:
    """The bulletin's name (政务服务工作) and its editor, as one issue prints them."""
    publication, _ = Publication.get_or_create(name=name, editor=editor)
    update_row(Issue, issue_id, publication=publication.id)


# --- the statistics blocks: one row of counts under a section ---

PLATFORM_VALUES = frozenset({*PLATFORM_COLUMNS.values(), "source", "date_from", "date_to"})


def _block_row(model: Any, section_id: int) -> dict[str, Any]:  # noqa: ANN401 - a model
    return model.select().where(model.section == section_id).dicts().get()


def _update_block_row(model: Any, section_id: int,  # noqa: ANN401 - a model
                      values: dict[str, Any]) -> None:
    row_id = model.select(model.id).where(model.section == section_id).scalar()
    update_row(model, row_id, **values)


def window_stats(section_id: int) -> dict[str, Any]:
    """The 综窗办件 counts of a section, by column (week_consult, …, ytd_transfer; and id)."""
    return _block_row(WindowStats, section_id)


@writes
def update_window_stats(section_id: int, **counts: int) -> None:
    _update_block_row(WindowStats, section_id,
                      _allowed(counts, frozenset(WINDOW_COLUMNS.values())))


def platform_stats(section_id: int) -> dict[str, Any]:
    """The 平台受理办结 row of a section, by column (source, date_from, date_to, counts; id)."""
    return _block_row(PlatformStats, section_id)


@writes
def update_platform_stats(section_id: int, **values: Any) -> None:  # noqa: ANN401
    _update_block_row(PlatformStats, section_id, _allowed(values, PLATFORM_VALUES))


# --- list blocks: items, paragraphs, departments (entries) and inspection checks ---


@dataclass(frozen=True)
class EntryRow:
    """An item, a paragraph or a department of a list block."""

    id: int
    text: str


@dataclass(frozen=True)
class CheckRow:
    """One check of the 大厅巡查: its run-in title and the finding."""

    id: int
    title: str
    finding: str


_ENTRY = (TextEntry.id, TextEntry.text)
_CHECK = (InspectionCheck.id, InspectionCheck.title, InspectionCheck.finding)


def entries(section_id: int) -> list[EntryRow]:
    query = TextEntry.select(*_ENTRY).where(TextEntry.section == section_id)
    return [EntryRow(*row) for row in tuples(query.order_by(TextEntry.position, TextEntry.id))]


def entry(entry_id: int) -> EntryRow | None:
    row = first_tuple(TextEntry.select(*_ENTRY).where(TextEntry.id == entry_id))
    return None if row is None else EntryRow(*row)


@writes
def new_entry(section_id: int, text: str = "", position: int | None = None) -> int:
    """An entry at ``position`` among the section's (None: at the end); its id."""
    return add_entry(section_id, text, position).id


@writes
def set_entry_text(entry_id: int, text: str) -> None:
    update_row(TextEntry, entry_id, text=text)


@writes
def split_entry(entry_id: int, parts: list[str]) -> None:
    """The entry's text becomes ``parts[0]``; the other parts follow it as entries of their
    own (Enter in an item, several paragraphs pasted into one). The entry keeps its link to
    the 来稿 it was adopted from."""
    [(section_id, position)] = tuples(TextEntry.select(TextEntry.section, TextEntry.position)
                                      .where(TextEntry.id == entry_id))
    update_row(TextEntry, entry_id, text=parts[0])
    for offset, part in enumerate(parts[1:], start=1):
        add_entry(section_id, part, position + offset)


@writes
def move_entry(entry_id: int, delta: int) -> bool:
    return move_row(TextEntry, entry_id, delta)


@writes
def delete_entry(entry_id: int) -> None:
    delete_row(TextEntry, entry_id)


def checks(section_id: int) -> list[CheckRow]:
    query = InspectionCheck.select(*_CHECK).where(InspectionCheck.section == section_id)
    return [CheckRow(*row) for row in
            tuples(query.order_by(InspectionCheck.position, InspectionCheck.id))]


def check(check_id: int) -> CheckRow | None:
    row = first_tuple(InspectionCheck.select(*_CHECK).where(InspectionCheck.id == check_id))
    return None if row is None else CheckRow(*row)


@writes
def new_check(section_id: int, title: str = "", finding: str = "") -> int:
    """A check at the end of the section's; its id."""
    return add_check(section_id, title, finding).id


@writes
def update_check(check_id: int, **values: str) -> None:
    """A check's title or finding."""
    update_row(InspectionCheck, check_id, **_allowed(values, {"title", "finding"}))


@writes
def move_check(check_id: int, delta: int) -> bool:
    return move_row(InspectionCheck, check_id, delta)


@writes
def delete_check(check_id: int) -> None:
    delete_row(InspectionCheck, check_id)


# --- the 版记 and its recipients ---


@dataclass(frozen=True)
class DistributionRow:
    """The 版记 of an issue: 报/送/发, 共印N份, and whether the copies follow the register."""

    report: str
    send: str
    issue_line: str
    copies: int
    has_register: bool
    copies_auto: bool


@dataclass(frozen=True)
class RecipientRow:
    """One recipient of the 分发登记表: 报/送/发, the unit's name, its copies."""

    id: int
    group: str
    name: str
    copies: int


DISTRIBUTION_COLUMNS = frozenset({"report", "send", "issue_line", "copies"})
_DISTRIBUTION = (Distribution.report, Distribution.send, Distribution.issue_line,
                 Distribution.copies, Distribution.has_register, Distribution.copies_auto)


def distribution(issue_id: int) -> DistributionRow:
    query = Distribution.select(*_DISTRIBUTION).where(Distribution.issue == issue_id)
    [row] = tuples(query)
    return DistributionRow(*row)


def _distribution_id(issue_id: int) -> int:
    return Distribution.select(Distribution.id).where(Distribution.issue == issue_id).scalar()


@writes
def update_distribution(issue_id: int, **values: Any) -> None:  # noqa: ANN401
    """The 报/送/发 lines and 共印N份."""
    update_row(Distribution, _distribution_id(issue_id),
               **_allowed(values, DISTRIBUTION_COLUMNS))


def recipients(issue_id: int) -> list[RecipientRow]:
    query = (Recipient.select(Recipient.id, Recipient.group, Recipient.name, Recipient.copies)
             .where(Recipient.issue == issue_id).order_by(Recipient.position, Recipient.id))
    return [RecipientRow(*row) for row in tuples(query)]


@writes
def new_recipient(issue_id: int, group: str, name: str, copies: int = 1) -> int:
    """A recipient at the end of the register (the issue keeps one from now on); its id."""
    update_row(Distribution, _distribution_id(issue_id), has_register=True)
    return add_recipient(issue_id, group, name, copies).id


@writes
def update_recipient(recipient_id: int, **values: Any) -> None:  # noqa: ANN401
    """A recipient's group (报/送/发), name or copies."""
    update_row(Recipient, recipient_id, **_allowed(values, {"group", "name", "copies"}))


@writes
def move_recipient(recipient_id: int, delta: int) -> bool:
    return move_row(Recipient, recipient_id, delta)


@writes
def delete_recipient(recipient_id: int) -> None:
    delete_row(Recipient, recipient_id)
