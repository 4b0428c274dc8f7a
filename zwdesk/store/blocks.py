"""The rows of each block kind ↔ its exchange-format dict (zwdesk.core.kinds), one mapping per
kind: a kind's typed table, its checks, or its strings in TextEntry rows.

Blocks are loaded many sections at a time (``load_blocks``: one query per kind, not per
section), so that loading a whole issue, or every issue for the search index, stays a few
queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from zwdesk.store.models import InspectionCheck, PlatformStats, Section, TextEntry, WindowStats

Block = dict[str, Any]

# Exchange-format key ↔ column of the typed block tables.
WINDOW_COLUMNS = {
    ("week", "consult"): "week_consult", ("week", "accept"): "week_accept",
    ("week", "issue"): "week_issue", ("week", "transfer"): "week_transfer",
    ("year_to_date", "consult"): "ytd_consult", ("year_to_date", "accept"): "ytd_accept",
    ("year_to_date", "issue"): "ytd_issue", ("year_to_date", "transfer"): "ytd_transfer",
}
PLATFORM_COLUMNS = {
    ("licensing", "accepted"): "licensing_accepted",
    ("licensing", "completed"): "licensing_completed",
    ("public_service", "accepted"): "public_accepted",
    ("public_service", "completed"): "public_completed",
    ("other", "categories"): "other_categories",
    ("other", "accepted"): "other_accepted",
    ("other", "completed"): "other_completed",
}


class _Table:
    """One row of a typed table: plain keys (key → column), then counts in groups
    ((group, key) → column, e.g. week.consult → week_consult)."""

    def __init__(self, model: Any, counts: dict[tuple[str, str], str],
                 plain: dict[str, str] | None = None) -> None:
        self.model, self.counts, self.plain = model, counts, plain or {}

    def insert(self, section: Section, block: Block) -> None:
        self.model.create(section=section,
                          **{column: block[key] for key, column in self.plain.items()},
                          **{column: block[group][key]
                             for (group, key), column in self.counts.items()})

    def load_many(self, sections: Sequence[Section]) -> dict[int, Block]:
        kinds = {s.id: s.kind for s in sections}
        return {row.section_id: self._block(kinds[row.section_id], row)
                for row in _rows_of(self.model, sections)}

    def _block(self, kind: str, row: Any) -> Block:
        groups: dict[str, dict[str, int]] = {}
        for (group, key), column in self.counts.items():
            groups.setdefault(group, {})[key] = getattr(row, column)
        return {"kind": kind, **{key: getattr(row, column) for key, column in self.plain.items()},
                **groups}


class _Checks:
    """The checks of an inspection, a row each."""

    def insert(self, section: Section, block: Block) -> None:
        for position, check in enumerate(block["checks"]):
            InspectionCheck.create(section=section, position=position, title=check["title"],
                                   finding=check["finding"])

    def load_many(self, sections: Sequence[Section]) -> dict[int, Block]:
        blocks: dict[int, Block] = {s.id: {"kind": s.kind, "checks": []} for s in sections}
        for check in _rows_of(InspectionCheck, sections, InspectionCheck.position):
            blocks[check.section_id]["checks"].append({"title": check.title,
                                                       "finding": check.finding})
        return blocks


class _Entries:
    """A list of strings under ``key`` (items, paragraphs, departments), a TextEntry each."""

    def __init__(self, key: str) -> None:
        self.key = key

    def insert(self, section: Section, block: Block) -> None:
        for position, text in enumerate(block[self.key]):
            TextEntry.create(section=section, position=position, text=text)

    def load_many(self, sections: Sequence[Section]) -> dict[int, Block]:
        blocks: dict[int, Block] = {s.id: {"kind": s.kind, self.key: []} for s in sections}
        for entry in _rows_of(TextEntry, sections, TextEntry.position):
            blocks[entry.section_id][self.key].append(entry.text)
        return blocks


# Ids bound in one query: below SQLite's oldest limit of bound parameters (999).
IDS_PER_QUERY = 900


def _rows_of(model: Any, sections: Sequence[Section], *order: Any) -> Iterator[Any]:
    """The rows of ``model`` belonging to ``sections``, in section then ``order`` order."""
    ids = [s.id for s in sections]
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield from model.select().where(model.section.in_(ids[start:start + IDS_PER_QUERY])) \
            .order_by(model.section, *order)


ROWS = {
    "window_stats": _Table(WindowStats, WINDOW_COLUMNS),
    "department_list": _Entries("departments"),
    "items": _Entries("items"),
    "platform_stats": _Table(PlatformStats, PLATFORM_COLUMNS,
                             {"source": "source", "from": "date_from", "to": "date_to"}),
    "inspection": _Checks(),
    "text": _Entries("paragraphs"),
}


def insert_block(section: Section, block: Block) -> None:
    """Create the content rows of a block for a leaf section."""
    ROWS[block["kind"]].insert(section, block)


def load_blocks(sections: Sequence[Section]) -> dict[int, Block]:
    """The blocks of leaf sections by section id, one query per kind."""
    by_kind: dict[str, list[Section]] = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).append(section)
    blocks: dict[int, Block] = {}
    for kind, of_kind in by_kind.items():
        blocks.update(ROWS[kind].load_many(of_kind))
    return blocks
