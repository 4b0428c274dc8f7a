"""段落文字: plain paragraphs, not numbered; emptied for a new week. Reading a Word file, the
paragraphs that no other kind recognises are kept as text (and reported when some of them
look like another kind's content)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zwdesk.core.fieldkeys import PARAGRAPHS, paragraph_field
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Issue, Others
from zwdesk.core.para import BODY, Para, para
from zwdesk.core.problems import list_problems

if TYPE_CHECKING:
    from zwdesk.core.kinds.reading import Line, Report
    from zwdesk.core.outline import Node
    from zwdesk.core.problems import Problem


class Text(BlockKind):
    name = "text"
    label = "段落文字"
    fields = {"paragraphs": spec.ListOf(spec.TEXT)}
    list_key, new_each_week = "paragraphs", True

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(BODY, text, anchor, f"paragraphs[{n}]")
                for n, text in enumerate(block["paragraphs"])]

    def recognise(self, lines: list[Line], report: Report, title: str,
                  others: Others) -> Block:
        """Any paragraphs (the registry tries this kind last)."""
        if any(others(line) for line in lines):
            report.kept_as_text += [line.text for line in lines]
            report.warnings.append(f"“{title}”下的段落类型混杂，无法作为一种内容读入，"
                                   "已全部作为文字段落保留。")
        return {"kind": self.name, "paragraphs": [line.text for line in lines]}

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        return list_problems(node, block["paragraphs"], PARAGRAPHS, paragraph_field)

    def entries(self, block: Block) -> list[tuple[str, str]]:
        return [(paragraph_field(i), text) for i, text in enumerate(block["paragraphs"])]


KIND = Text()
