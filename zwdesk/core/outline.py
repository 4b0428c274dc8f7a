"""Places in an issue's outline: the anchors of its nodes, its blocks in printed order, and its
sections and subsections as the checks and the search name them (``outline_nodes``).

An anchor names an outline node: ``masthead``, ``s0`` (the first section), ``s0.2`` (its third
subsection), ``distribution``. The bulletin's paragraphs, the checks' problems and the app's
outline all use them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zwdesk.core.wording import chinese_numeral

MASTHEAD_ANCHOR = "masthead"
DISTRIBUTION_ANCHOR = "distribution"


def section_anchor(index: int, sub: int | None = None) -> str:
    """``s0`` for the first section, ``s0.2`` for its third subsection."""
    return f"s{index}" if sub is None else f"s{index}.{sub}"


def corresponding_block(issue: dict[str, Any] | None, kind: str, anchor: str, *,
                        only: bool = False) -> dict[str, Any] | None:
    """The block of ``kind`` in ``issue`` (the previous one) that corresponds to the one at
    ``anchor`` in this issue: the one at the same anchor, else the first of that kind — or,
    with ``only``, the only one (None where several make it ambiguous)."""
    if issue is None:
        return None
    blocks = [(a, b) for a, b in iter_blocks(issue) if b["kind"] == kind]
    for block_anchor, block in blocks:
        if block_anchor == anchor:
            return block
    if not blocks or (only and len(blocks) > 1):
        return None
    return blocks[0][1]


def iter_blocks(issue: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every block of the issue with its anchor (``s1`` or ``s0.2``), in printed order."""
    for index, section in enumerate(issue["sections"]):
        if "block" in section:
            yield section_anchor(index), section["block"]
        for sub_index, sub in enumerate(section.get("subsections", [])):
            yield section_anchor(index, sub_index), sub["block"]


@dataclass(frozen=True)
class Node:
    """A section or subsection, with its label and place in words."""

    anchor: str
    label: str  # 一、综窗改革攻坚行动 / （一）省本级综窗办件情况, for messages
    place: str  # the label, after its section's for a subsection (problem_place)
    number: str  # 一、 / （一）, as printed before the title
    title: str
    block: dict[str, Any] | None  # None for a section made of subsections


def section_words(index: int, title: str) -> str:
    """The section ``index`` (0 for the first) in words: 三、窗口工作动态, or 第三部分 untitled."""
    number = chinese_numeral(index + 1)
    return f"{number}、{title}" if title.strip() else f"第{number}部分"


def subsection_words(index: int, sub_index: int, title: str) -> str:
    """A subsection in words: （二）厅（局）长进大厅, or 第三部分（二） untitled."""
    sub_number = f"（{chinese_numeral(sub_index + 1)}）"
    if title.strip():
        return sub_number + title
    return f"第{chinese_numeral(index + 1)}部分{sub_number}"


def outline_nodes(issue: dict[str, Any]) -> Iterator[Node]:
    """The sections and subsections of ``issue`` in outline order, as the checks walk them."""
    for index, section in enumerate(issue["sections"]):
        label = section_words(index, section["title"])
        yield Node(section_anchor(index), label, label, f"{chinese_numeral(index + 1)}、",
                   section["title"], section.get("block"))
        for sub_index, sub in enumerate(section.get("subsections", [])):
            sub_label = subsection_words(index, sub_index, sub["title"])
            yield Node(section_anchor(index, sub_index), sub_label, f"{label} / {sub_label}",
                       f"（{chinese_numeral(sub_index + 1)}）", sub["title"], sub["block"])
