"""Row-level snapshots of one issue, for undo: every row with its id, restorable in place.

Restoring keeps the ids, so anything that holds a row id (a form, an older undo step) stays
valid; only a row whose id another program's row has taken meanwhile gets a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from peewee import fn

from zwdesk.store import history, versions
from zwdesk.store.changes import touch
from zwdesk.store.database import advance_ids
from zwdesk.store.issues import load_issue
from zwdesk.store.links import claimable
from zwdesk.store.models import (
    Distribution,
    InspectionCheck,
    Issue,
    PlatformStats,
    Recipient,
    Section,
    TextEntry,
    WindowStats,
    database,
)
from zwdesk.store.transaction import reads, writes

# Block tables hang off sections; the others off the issue. Insert order respects foreign keys.
_BLOCK_MODELS = (WindowStats, PlatformStats, TextEntry, InspectionCheck)
_ISSUE_MODELS = (Distribution, Recipient)


@dataclass(frozen=True)
class IssueSnapshot:
    issue_id: int
    issue_row: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]  # table name → rows


@reads
def take_snapshot(issue_id: int) -> IssueSnapshot:
    issue_row = Issue.select().where(Issue.id == issue_id).dicts().get()
    sections = list(Section.select().where(Section.issue == issue_id).dicts())
    section_ids = [s["id"] for s in sections]
    rows: dict[str, list[dict[str, Any]]] = {Section._meta.table_name: sections}
    for model in _BLOCK_MODELS:
        rows[model._meta.table_name] = list(
            model.select().where(model.section.in_(section_ids)).dicts())
    for model in _ISSUE_MODELS:
        rows[model._meta.table_name] = list(model.select().where(model.issue == issue_id).dicts())
    return IssueSnapshot(issue_id, issue_row, rows)


@writes
def apply_edit(issue_id: int, apply: Callable[[], object],
               snapshot: bool = True) -> IssueSnapshot | None:
    """Run ``apply`` (the store's writes of one edit of the issue) in one transaction, and
    return the issue as it was before, taken in the same transaction (the undo step), or None
    when ``snapshot`` is False (an edit continuing the last step)."""
    before = take_snapshot(issue_id) if snapshot else None
    apply()
    return before


def checked_edit(issue_id: int, expected: Mapping[str, int], apply: Callable[[], object],
                 snapshot: bool = True) -> tuple[IssueSnapshot | None, int]:
    """``apply_edit`` made against the versions ``expected`` (zwdesk.store.versions.checked):
    refused with StaleWriteError, nothing stored, when another writer changed those parts
    meanwhile. The snapshot before, and the version the parts now have."""
    with versions.checked(issue_id, expected) as made:
        before = apply_edit(issue_id, apply, snapshot)
    return before, made


def checked_restore(snap: IssueSnapshot, expected: Mapping[str, int],
                    place: str = history.UNDONE) -> int:
    """``restore_snapshot`` (an undo or redo) made against the versions ``expected``: never
    over another writer's change. The version the issue now has."""
    with versions.checked(snap.issue_id, expected) as made:
        restore_snapshot(snap, place)
    return made


@reads
def issue_fingerprint(issue_id: int) -> str:
    """A digest of every row of the issue: equal digests, equal issue; "" once it is gone."""
    try:
        snapshot = take_snapshot(issue_id)
    except Issue.DoesNotExist:
        return ""
    return hashlib.sha1(repr((snapshot.issue_row, snapshot.rows)).encode()).hexdigest()


def restore_snapshot(snap: IssueSnapshot, place: str = history.UNDONE) -> None:
    """Put the issue back as ``snap`` has it: undo, or redo (``place`` history.REDONE) — one
    line in the issue's history saying what it changed."""
    with database.atomic(), history.action(place) as line:
        before = _loaded(snap.issue_id)
        _restore(snap)
        after = _loaded(snap.issue_id)
        if before is not None and after is not None:
            line.issue_id, line.new = snap.issue_id, history.summary(before, after)


def _loaded(issue_id: int) -> dict[str, Any] | None:
    issue = Issue.get_or_none(Issue.id == issue_id)
    return None if issue is None else load_issue(issue)


def _restore(snap: IssueSnapshot) -> None:
    Issue.update(**{k: v for k, v in snap.issue_row.items() if k != "id"}).where(
        Issue.id == snap.issue_id).execute()
    # Sections cascade to their block rows; distribution and recipients go separately.
    Section.delete().where(Section.issue == snap.issue_id).execute()
    for model in _ISSUE_MODELS:
        model.delete().where(model.issue == snap.issue_id).execute()
    sections = sorted(snap.rows[Section._meta.table_name],
                      key=lambda s: s["parent"] is not None)  # parents before children
    moved = _free_ids(Section, sections)
    sections = [{**s, "id": moved.get(s["id"], s["id"]),
                 "parent": moved.get(s["parent"], s["parent"])} for s in sections]
    _insert(Section, sections)
    for model in (*_BLOCK_MODELS, *_ISSUE_MODELS):
        rows = snap.rows[model._meta.table_name]
        if model in _BLOCK_MODELS:
            rows = [{**r, "section": moved.get(r["section"], r["section"])} for r in rows]
        rows = _unclaimed_links(rows) if model is TextEntry else rows
        taken = _free_ids(model, rows)
        _insert(model, [{**r, "id": taken.get(r["id"], r["id"])} for r in rows])
    touch(snap.issue_id)


def _free_ids(model: type, rows: list[dict[str, Any]]) -> dict[int, int]:
    """New ids for the rows whose id another issue's row has taken since the snapshot (SQLite
    gives the largest id again once its row is deleted, so a row this issue deleted may have
    lent its id to one another program added). Usually none: the rows keep their ids."""
    ids = [row["id"] for row in rows]
    taken = sorted(model.select(model.id).where(model.id.in_(ids)).scalars()) if ids else []
    if not taken:
        return {}
    top = max(model.select(fn.MAX(model.id)).scalar() or 0, *ids)  # above the rows' own too
    return {old: top + offset for offset, old in enumerate(taken, start=1)}


def _unclaimed_links(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with their links to 来稿, but not to one adopted elsewhere since the
    snapshot was taken (a 来稿 is adopted once), nor to one that is gone."""
    linked = {e["submitted_item"] for e in entries if e["submitted_item"] is not None}
    free = claimable(linked)
    return [e if e["submitted_item"] in free or e["submitted_item"] is None
            else {**e, "submitted_item": None} for e in entries]


def _insert(model: type, rows: list[dict[str, Any]]) -> None:
    if rows:
        model.insert_many(rows).execute()
        advance_ids(model)  # on a server, new rows get ids after these (given, not drawn)
