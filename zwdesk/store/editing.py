"""Fine-grained edits of a stored issue, as the desktop forms make them (one field at a time).

Ordered children (sections, list entries, checks, recipients) share one set of helpers: each
model names the column that groups its siblings, and ``position`` orders them.
"""

from __future__ import annotations

from typing import Any

from peewee import Model

from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.kinds import kind as block_kind
from zwdesk.store import history
from zwdesk.store.blocks import insert_block
from zwdesk.store.changes import touch
from zwdesk.store.models import (
    STATUS_DRAFT,
    STATUS_FINAL,
    Distribution,
    InspectionCheck,
    Issue,
    PlatformStats,
    Recipient,
    Section,
    TextEntry,
    WindowStats,
    database,
)
from zwdesk.store.transaction import writes


class TooManyError(ZwdeskError):
    """A section, entry, check or recipient beyond the limits of zwdesk.core.limits."""


def _most(model: type[Model], row: Model) -> tuple[int, str]:
    """How many siblings ``row`` may have, and what they are called."""
    if model is Section:
        if row.parent_id is None:
            return limits.MAX_SECTIONS, "个一级标题"
        return limits.MAX_SUBSECTIONS, "个二级标题"
    if model is InspectionCheck:
        return limits.MAX_CHECKS, "个巡查项"
    return limits.MAX_LIST, "条" if model is TextEntry else "个分发单位"


# Every write of a row of an issue goes through the four functions below: each records it in
# the issue's history (zwdesk.store.history) and marks the issue for its search rows.


def update_row(model: type[Model], row_id: int, **values: Any) -> None:
    with database.atomic():
        row = model.get_or_none(model.id == row_id)
        issue_id = None if row is None else history.issue_of(model, row)
        if issue_id is not None:  # the line goes first: the place as it was before the write
            history.updated(model, row, issue_id, values)
        model.update(**values).where(model.id == row_id).execute()
        _touch_owner(model, issue_id)


# Rows whose text (or a sentence made of them) is indexed for search, and the issue itself (its
# year and number order the index); others leave it as it is.
_INDEXED = (Issue, Section, TextEntry, InspectionCheck, WindowStats, PlatformStats, Distribution)


def _touch_owner(model: type[Model], issue_id: int | None) -> None:
    """Mark the issue a row of ``model`` belongs to for its search rows to be rebuilt at
    commit."""
    if issue_id is not None and model in _INDEXED:
        touch(issue_id)


def _siblings(model: type[Model], row: Model):  # noqa: ANN202 - a peewee query
    if model is Section:
        parent = Section.parent.is_null() if row.parent_id is None else (
            Section.parent == row.parent_id)
        return Section.select().where((Section.issue == row.issue_id) & parent)
    owner = "issue" if model is Recipient else "section"
    field = getattr(model, owner)
    return model.select().where(field == getattr(row, f"{owner}_id"))


def _renumber(model: type[Model], rows: list[Model]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            model.update(position=position).where(model.id == row.id).execute()


def ordered(model: type[Model], row: Model) -> list[Model]:
    return list(_siblings(model, row).order_by(model.position, model.id))


def move_row(model: type[Model], row_id: int, delta: int) -> bool:
    """Move a row up (-1) or down (+1) among its siblings; False when it cannot move."""
    with database.atomic():
        row = model.get_by_id(row_id)
        rows = ordered(model, row)
        index = next(i for i, r in enumerate(rows) if r.id == row_id)
        target = index + delta
        if not 0 <= target < len(rows):
            return False
        issue_id = history.issue_of(model, row)
        if issue_id is not None:
            history.moved(model, row, issue_id, index, target)
        rows.insert(target, rows.pop(index))
        _renumber(model, rows)
        _touch_owner(model, issue_id)
        return True


def delete_row(model: type[Model], row_id: int) -> None:
    with database.atomic():
        row = model.get_by_id(row_id)
        issue_id = history.issue_of(model, row)
        if issue_id is not None:
            history.deleted(model, row, issue_id)
        row.delete_instance()
        _renumber(model, ordered(model, row))
        _touch_owner(model, issue_id)


def insert_row(model: type[Model], position: int | None = None, **values: Any) -> Model:
    """Insert among the siblings given by ``values``: at ``position``, shifting those after it,
    or at the end (None)."""
    with database.atomic():
        row = model.create(position=-1, **values)
        rows = [r for r in ordered(model, row) if r.id != row.id]
        most, what = _most(model, row)
        if len(rows) >= most:  # raising rolls the insert back
            raise TooManyError(f"最多只能有 {most} {what}，不能再添加 (at most {most})")
        rows.insert(len(rows) if position is None else min(position, len(rows)), row)
        _renumber(model, rows)
        row = model.get_by_id(row.id)
        issue_id = history.issue_of(model, row)
        if issue_id is not None:
            history.inserted(model, row, issue_id)
        _touch_owner(model, issue_id)
        return row


def add_entry(section_id: int, text: str = "", position: int | None = None) -> TextEntry:
    return insert_row(TextEntry, position, section=section_id, text=text)


def add_check(section_id: int, title: str = "", finding: str = "") -> InspectionCheck:
    return insert_row(InspectionCheck, section=section_id, title=title, finding=finding)


def add_recipient(issue_id: int, group: str, name: str, copies: int = 1) -> Recipient:
    return insert_row(Recipient, issue=issue_id, group=group, name=name, copies=copies)


def add_section(issue: Issue, title: str, kind: str | None, parent_id: int | None = None,
                position: int | None = None) -> Section:
    """A new section (``kind`` None: one that holds subsections) or subsection with its block."""
    with database.atomic():
        section = insert_row(Section, position, issue=issue.id, parent=parent_id, title=title,
                             kind=kind)
        if kind is not None:  # insert_row touched the issue: its rows are rebuilt at commit
            insert_block(section, block_kind(kind).empty(issue.period_end))
        return section


@writes
def set_status(issue_id: int, status: str) -> None:
    """定稿 (STATUS_FINAL) or 重新打开 (STATUS_DRAFT): one line in the issue's history."""
    before = Issue.select(Issue.status).where(Issue.id == issue_id).scalar()
    if before is None or before == status:
        return
    place = history.FINALIZED if status == STATUS_FINAL else history.REOPENED
    with history.action(place, issue_id) as line:
        line.old, line.new = _STATUS_WORDS[before], _STATUS_WORDS[status]
        update_row(Issue, issue_id, status=status)


_STATUS_WORDS = {STATUS_DRAFT: "草稿", STATUS_FINAL: "定稿"}


def anchor_of(section: Section) -> str:
    """The outline anchor of a section (``s2`` / ``s2.1``), as zwdesk.core.bulletin names it."""
    from zwdesk.core.bulletin import section_anchor

    if section.parent_id is None:
        return section_anchor(sibling_index(section))
    return section_anchor(sibling_index(section.parent), sibling_index(section))


def heading_number(section: Section) -> str:
    """一、 for a section, （二） for a subsection, from its place among its siblings."""
    from zwdesk.core import wording

    number = sibling_index(section) + 1
    if section.parent_id is None:
        return wording.section_label(number)
    return wording.subsection_label(number)


def sibling_index(section: Section) -> int:
    """0 for the first section (or subsection) among its siblings."""
    return [s.id for s in ordered(Section, section)].index(section.id)


def recipients_total(issue_id: int) -> int:
    return sum(r.copies for r in Recipient.select().where(Recipient.issue == issue_id))


@writes
def sync_copies(issue_id: int) -> None:
    """Keep 共印N份 equal to the recipients' total while the 版记 says it follows them."""
    dist = Distribution.get(Distribution.issue == issue_id)
    total = recipients_total(issue_id)
    if dist.copies_auto and total >= 1 and dist.copies != total:
        update_row(Distribution, dist.id, copies=total)


@writes
def set_copies_auto(issue_id: int, auto: bool) -> None:
    dist = Distribution.get(Distribution.issue == issue_id)
    update_row(Distribution, dist.id, copies_auto=auto, has_register=True)
    sync_copies(issue_id)
