"""What the outline lists and a form shows: the 报头, a section or subsection, the 版记.

Below the forms, the fields and the session, which all name nodes (a refused entry hangs off
the node it was typed in)."""

from __future__ import annotations

from dataclasses import dataclass

MASTHEAD = "masthead"
SECTION = "section"
DISTRIBUTION = "distribution"


@dataclass(frozen=True)
class Node:
    """An outline node: the 报头, one section or subsection (by row id), or the 版记."""

    kind: str
    section_id: int | None = None


def part_of(node: Node | None) -> str:
    """The part of the issue a node's edits change, as zwdesk.store.versions names it: each
    is checked against its own version (no node: the whole issue)."""
    from zwdesk.store import versions

    if node is None:
        return versions.ISSUE
    if node.kind == SECTION and node.section_id is not None:
        return versions.section_part(node.section_id)
    return {MASTHEAD: versions.MASTHEAD, DISTRIBUTION: versions.DISTRIBUTION}.get(
        node.kind, versions.ISSUE)
