"""What a check reports, and the checks every block kind's checks are made of.

A ``Problem`` names the outline node (``anchor``: masthead / s0 / s0.1 / distribution, as in
zwdesk.core.outline) and the field key of the form widget to focus (zwdesk.core.fieldkeys),
with a short message in Chinese for the secretary; its severity is ERROR or WARNING (see
zwdesk.core.checks). The pieces here (a text that must be filled in, a list that must not be
empty, a number typed before a text the bulletin numbers itself) serve zwdesk.core.checks and
each kind's ``problems`` alike. Pure Python: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from zwdesk.core.fieldkeys import entry_words
from zwdesk.core.numbering import split_leading_number
from zwdesk.core.outline import Node
from zwdesk.core.slips import placeholders, text_findings

Issue = dict[str, Any]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    anchor: str  # outline node: masthead, s0, s0.1, distribution
    field: str  # field key (zwdesk.core.fieldkeys); '' for a whole node
    message: str  # Chinese, for the secretary
    words: str = ""  # the words of the field it is about (政务政务), for the app to select


def has_errors(problems: Collection[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def issue_label(issue: Issue) -> str:
    return f"{issue['year']}年第{issue['number']}期"


def entry_place(node: Node, field: str) -> str:
    """（一）推进情况 第2条, for messages."""
    return f"{node.label} {entry_words(field)}"


def list_problems(node: Node, texts: list[str], list_field: str,
                  field_of: Callable[[int], str],
                  label_of: Callable[[int], str] | None = None) -> list[Problem]:
    """A list that must not be empty, of texts that the bulletin numbers with ``label_of``
    (1-based), or leaves unnumbered (None)."""
    if not texts:
        return [Problem(ERROR, node.anchor, list_field, f"{node.label}：没有内容")]
    problems = strings(node, texts, field_of)
    for i, text in enumerate(texts):
        label = label_of(i + 1) if label_of else ""
        problems += leading_number(node.anchor, field_of(i), entry_place(node, field_of(i)), text,
                                    label)
    return problems


def strings(node: Node, texts: list[str], field_of: Callable[[int], str]) -> list[Problem]:
    return [p for i, text in enumerate(texts)
            for p in text_field(node.anchor, field_of(i), entry_place(node, field_of(i)), text)]


def leading_number(anchor: str, field: str, where: str, text: str,
                    label: str) -> list[Problem]:
    """A number typed before a text the bulletin numbers itself with ``label`` (1. / 一、 /
    （一）), or before an unnumbered paragraph (``label`` '')."""
    marker = split_leading_number(text)[0].strip()
    if not marker:
        return []
    result = f"会与自动编号重复，印成“{label}{marker}…”" if label else "正文段落不编号"
    return [Problem(ERROR, anchor, field, f"{where}：开头的编号“{marker}”{result}，请删去")]


def text_field(anchor: str, field: str, where: str, text: str,
                empty: str = "未填写") -> list[Problem]:
    """An empty string is an error; otherwise the typing checks give warnings."""
    if not text.strip():
        return [Problem(ERROR, anchor, field, f"{where}：{empty}")]
    if found := placeholders(text):  # a placeholder is the problem; its brackets are not
        return [Problem(ERROR, anchor, field, f"{where}：含有待填写的占位文字“{p}”")
                for p in found]
    return [Problem(WARNING, anchor, field, f"{where}：{what}", words)
            for what, words in text_findings(text)]
