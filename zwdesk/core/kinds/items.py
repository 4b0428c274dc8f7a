"""条目（1. 2. 3.）: numbered items, each a paragraph; emptied for a new week."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Issue
from zwdesk.core.kinds.reading import SPACE, count
from zwdesk.core.para import ITEM, Para, para
from zwdesk.core.wording import item_label

if TYPE_CHECKING:
    from zwdesk.core.checks import Node, Problem
    from zwdesk.core.kinds.reading import Report
    from zwdesk.core.reader.paragraphs import Line

# 3. text, 3．text, 3、text, full-width digits.
_NUMBERED = re.compile(rf"([0-9０-９]{{1,3}}){SPACE}[.．、]{SPACE}(.*)", re.DOTALL)


def _texts(lines: list[Line]) -> list[str] | None:
    """The items' texts if every paragraph is the next numbered item 1. 2. 3. …"""
    items = []
    for number, line in enumerate(lines, start=1):
        label = item_label(number)
        if line.role == ITEM and line.text.startswith(label):
            items.append(line.text[len(label):])
            continue
        match = _NUMBERED.fullmatch(line.text) if line.role in (None, ITEM) else None
        if match is None or count(match[1]) != number:
            return None
        items.append(match[2].strip())
    return items


class Items(BlockKind):
    name = "items"
    label = "条目（1. 2. 3.）"
    fields = {"items": spec.ListOf(spec.TEXT)}

    def empty(self, period_end: dt.date) -> Block:
        return {"kind": self.name, "items": []}

    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None:
        block["items"] = []

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(ITEM, item_label(n) + text, anchor, f"items[{n - 1}]")
                for n, text in enumerate(block["items"], start=1)]

    def recognise(self, lines: list[Line], report: Report, title: str) -> Block | None:
        items = _texts(lines) if lines else None
        return None if items is None else {"kind": self.name, "items": items}

    def resembles(self, line: Line) -> bool:
        return line.role == ITEM or (line.role is None and bool(_NUMBERED.fullmatch(line.text)))

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        from zwdesk.core.checks import ITEMS, item_field, list_problems

        return list_problems(node, block["items"], ITEMS, item_field, item_label)

    def entries(self, block: Block) -> list[tuple[str, str]]:
        from zwdesk.core.checks import item_field

        return [(item_field(i), text) for i, text in enumerate(block["items"])]


KIND = Items()
