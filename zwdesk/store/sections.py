"""An issue's outline as plain values, and its edits: the sections and subsections in print
order, each with its printed number (三、 / （二）) and its anchor (s2.1), as the app's outline
and section form show them; adding, renaming, moving and deleting them, each one transaction.
"""

from __future__ import annotations

from typing import Any

from zwdesk.store.editing import add_section, delete_row, move_row, update_row
from zwdesk.store.models import Issue, Section
from zwdesk.store.outline import SectionInfo as SectionInfo  # the app's outline and forms
from zwdesk.store.outline import numbered_sections
from zwdesk.store.transaction import writes

# The title of the subsection a new section holding subsections starts with, to be renamed.
NEW_SUBSECTION_TITLE = "（请填写二级标题）"


def issue_sections(issue_id: int) -> list[SectionInfo]:
    """The sections of an issue in print order: each section, then its subsections."""
    return numbered_sections(Section.issue == issue_id)


def section_info(section_id: int) -> SectionInfo | None:
    """One section or subsection; None once it is gone."""
    return next((s for s in numbered_sections(Section.issue == _issue_of(section_id))
                 if s.id == section_id), None)


def siblings(section_id: int) -> list[SectionInfo]:
    """The section and those beside it (the issue's sections, or its parent's subsections),
    in order; empty once it is gone."""
    outline = numbered_sections(Section.issue == _issue_of(section_id))
    section = next((s for s in outline if s.id == section_id), None)
    return [] if section is None else [s for s in outline if s.parent_id == section.parent_id]


def _issue_of(section_id: int) -> Any:  # noqa: ANN401 - a peewee subquery
    return Section.select(Section.issue).where(Section.id == section_id)


# --- edits ---


def _position_after(section_id: int | None) -> int | None:
    """Where a section goes to follow ``section_id``; None (at the end) for None."""
    if section_id is None:
        return None
    return Section.get_by_id(section_id).position + 1


@writes
def add_top_section(issue_id: int, title: str, kind: str | None,
                    after: int | None = None) -> int:
    """A new section after the section ``after`` (None: at the end) with its empty block; one
    that holds subsections (``kind`` None) starts with one, to be renamed. Its id."""
    issue = Issue.get_by_id(issue_id)
    section = add_section(issue, title, kind, position=_position_after(after))
    if kind is None:
        add_section(issue, NEW_SUBSECTION_TITLE, "items", parent_id=section.id)
    return section.id


@writes
def add_subsection(parent_id: int, title: str, kind: str, after: int | None = None) -> int:
    """A new subsection of ``parent_id`` after its subsection ``after`` (None: at the end),
    with its empty block. Its id."""
    return add_section(Issue.get(Issue.id == _issue_of(parent_id)), title, kind,
                       parent_id=parent_id, position=_position_after(after)).id


@writes
def set_section_title(section_id: int, title: str) -> None:
    update_row(Section, section_id, title=title)


@writes
def move_section(section_id: int, delta: int) -> bool:
    """Up (-1) or down (+1) among its siblings; False when it cannot move."""
    return move_row(Section, section_id, delta)


@writes
def delete_section(section_id: int) -> None:
    """A section with its subsections and content (its adopted 来稿 become 待审)."""
    delete_row(Section, section_id)
