"""条目（1. 2. 3.）: numbered items, each a paragraph; emptied for a new week."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zwdesk.core.fieldkeys import ITEMS, item_field
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Issue, Others
from zwdesk.core.kinds.reading import SPACE, Line, Report, count
from zwdesk.core.para import ITEM, Para, para
from zwdesk.core.problems import list_problems
from zwdesk.core.wording import item_label

if TYPE_CHECKING:
    from zwdesk.core.outline import Node
    from zwdesk.core.problems import Problem

# 3. text, 3．text, 3、text, full-width digits.
_NUMBERED = re.compile(rf"([0-9０-９]{{1,3}}){SPACE}[.．、]{SPACE}(.*)", re.DOTALL)


def _number(line: Line, expected: int) -> tuple[int, str] | None:
    """(its number, its text) if the paragraph is a numbered item."""
    label = item_label(expected)
    if line.role == ITEM and line.text.startswith(label):
        return expected, line.text[len(label):]
    match = _NUMBERED.fullmatch(line.text) if line.role in (None, ITEM) else None
    return None if match is None else (count(match[1]), match[2].strip())


def _texts(lines: list[Line], report: Report, title: str, others: Others) -> list[str] | None:
    """The items' texts if the paragraphs are numbered items 1. 2. 3. …

    A number out of sequence (an item inserted or deleted without renumbering) is still an
    item, reported. A paragraph without a number directly after an item continues it (a hard
    return inside the item, or a note after the last one) and is joined to it, reported — in
    a list of two or more numbered items or in zwdesk's item style, so that one paragraph
    that happens to start 1.5万… does not make the paragraphs after it an item."""
    if _number(lines[0], 1) is None:
        return None
    listed = sum(1 for line in lines if _number(line, 0) is not None) >= 2
    items: list[str] = []
    numbers: list[int] = []
    for line in lines:
        found = _number(line, len(numbers) + 1)
        if found is not None:
            numbers.append(found[0])
            items.append(found[1])
            continue
        if not (line.role == ITEM or (line.role is None and listed)) or others(line):
            return None
        items[-1] += line.text
        report.warnings.append(f"“{title}”下第{len(items)}条之后的段落没有编号，"
                               f"已作为该条的续段合并（“{line.text}”）。")
    if numbers != list(range(1, len(numbers) + 1)):
        shown = "、".join(map(str, numbers))
        report.warnings.append(f"“{title}”下条目的编号（{shown}）不连续，已按顺序重新编号。")
    return items


class Items(BlockKind):
    name = "items"
    label = "条目（1. 2. 3.）"
    fields = {"items": spec.ListOf(spec.TEXT)}
    list_key, new_each_week = "items", True

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(ITEM, item_label(n) + text, anchor, f"items[{n - 1}]")
                for n, text in enumerate(block["items"], start=1)]

    def recognise(self, lines: list[Line], report: Report, title: str,
                  others: Others) -> Block | None:
        attempt = Report()
        items = _texts(lines, attempt, title, others) if lines else None
        if items is None:
            return None
        report.warnings += attempt.warnings
        return {"kind": self.name, "items": items}

    def resembles(self, line: Line) -> bool:
        return line.role == ITEM or (line.role is None and bool(_NUMBERED.fullmatch(line.text)))

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        return list_problems(node, block["items"], ITEMS, item_field, item_label)

    def entries(self, block: Block) -> list[tuple[str, str]]:
        return [(item_field(i), text) for i, text in enumerate(block["items"])]


KIND = Items()
