"""The rows of each block kind ↔ its exchange-format dict (zwdesk.core.kinds), one mapping per
kind: a kind's typed table, its checks, or its strings in TextEntry rows."""

from __future__ import annotations

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

    def load(self, section: Section) -> Block:
        row = self.model.get(self.model.section == section)
        groups: dict[str, dict[str, int]] = {}
        for (group, key), column in self.counts.items():
            groups.setdefault(group, {})[key] = getattr(row, column)
        return {"kind": section.kind,
                **{key: getattr(row, column) for key, column in self.plain.items()}, **groups}


class _Checks:
    """The checks of an inspection, a row each."""

    def insert(self, section: Section, block: Block) -> None:
        for position, check in enumerate(block["checks"]):
            InspectionCheck.create(section=section, position=position, title=check["title"],
                                   finding=check["finding"])

    def load(self, section: Section) -> Block:
        checks = section.checks.order_by(InspectionCheck.position)
        return {"kind": section.kind,
                "checks": [{"title": c.title, "finding": c.finding} for c in checks]}


class _Entries:
    """A list of strings under ``key`` (items, paragraphs, departments), a TextEntry each."""

    def __init__(self, key: str) -> None:
        self.key = key

    def insert(self, section: Section, block: Block) -> None:
        for position, text in enumerate(block[self.key]):
            TextEntry.create(section=section, position=position, text=text)

    def load(self, section: Section) -> Block:
        entries = section.entries.order_by(TextEntry.position)
        return {"kind": section.kind, self.key: [e.text for e in entries]}


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


def load_block(section: Section) -> Block:
    """The block of a leaf section, read from its rows."""
    return ROWS[section.kind].load(section)
