"""Places in an issue's outline: the anchors of its nodes, and its blocks in printed order.

An anchor names an outline node: ``masthead``, ``s0`` (the first section), ``s0.2`` (its third
subsection), ``distribution``. The bulletin's paragraphs, the checks' problems and the app's
outline all use them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
