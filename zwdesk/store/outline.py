"""An issue's sections numbered in print order, as plain values: what the app's outline, the
section form and the revision history (zwdesk.store.history) name them by. Below the modules
that write sections, so any of them may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zwdesk.core import wording
from zwdesk.core.outline import section_anchor, section_words, subsection_words
from zwdesk.store.models import Row, Section, tuples


@dataclass(frozen=True)
class SectionInfo:
    id: int
    issue_id: int
    parent_id: int | None  # None for a section, the section's id for a subsection
    title: str
    kind: str | None  # the block kind of a leaf; None for a section holding subsections
    number: str  # 三、 for a section, （二） for a subsection
    anchor: str  # s2, s2.1 (zwdesk.core.bulletin's names)
    subsections: int  # how many it holds (0 for a leaf and a subsection)
    # Where it stands in words, as the 检查 list says it: 三、窗口工作动态 / （二）厅（局）长进大厅
    place: str = ""

    @property
    def heading(self) -> str:
        """As printed: 三、窗口工作动态."""
        return self.number + self.title


def numbered_sections(where: Any) -> list[SectionInfo]:  # noqa: ANN401 - a peewee expression
    """The sections ``where`` selects (one issue's), numbered in print order: one query."""
    rows = tuples(Section.select(Section.id, Section.issue, Section.parent, Section.title,
                                 Section.kind)
                  .where(where).order_by(Section.position, Section.id))
    children: dict[int | None, list[Row]] = {}
    for row in rows:
        children.setdefault(row[2], []).append(row)
    found: list[SectionInfo] = []
    for index, (top_id, issue_id, _parent, title, kind) in enumerate(children.get(None, [])):
        subs = children.get(top_id, [])
        place = section_words(index, title)
        found.append(SectionInfo(top_id, issue_id, None, title, kind,
                                 wording.section_label(index + 1), section_anchor(index),
                                 len(subs), place))
        found.extend(SectionInfo(sub_id, issue_id, top_id, sub_title, sub_kind,
                                 wording.subsection_label(sub_index + 1),
                                 section_anchor(index, sub_index), 0,
                                 f"{place} / {subsection_words(index, sub_index, sub_title)}")
                     for sub_index, (sub_id, _issue, _top, sub_title, sub_kind)
                     in enumerate(subs))
    return found
