"""Moving an archive: everything of one database (issues, inbox and units, settings, the
registries — every table of the models) copied into another, a SQLite file to a server
database or back (``zwdesk db copy``).

The target is written in one transaction: its rows are replaced by the source's, with their
ids, and its search index is rebuilt from the copied issues; interrupted or failed, it is left
as it was (a target file made for the copy is removed). A target that already holds issues or
来稿 is refused unless asked to replace them; a target file replaced is backed up first (a
rolling backup, zwdesk.store.backups). The source is only read, in one transaction, so the copy
is one consistent state of it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import AutoField, Database, chunked

from zwdesk.core.errors import ZwdeskError
from zwdesk.store.location import Location, ServerLocation, parse_location
from zwdesk.store.migrations import SCHEMA_VERSION_KEY
from zwdesk.store.models import (
    ALL_MODELS,
    Department,
    HistoryLine,
    InspectionCheck,
    Issue,
    Recipient,
    Section,
    Setting,
    Submission,
    SubmittedItem,
    TextEntry,
    Unit,
)
from zwdesk.store.textindex import SearchText

# What ``db copy`` reports, in this order: (model, what a row of it is called, its measure).
REPORTED = ((Issue, "期刊", "期"), (Section, "栏目", "个"), (TextEntry, "条目和段落", "条"),
            (InspectionCheck, "巡查项", "项"), (Recipient, "分发单位", "个"),
            (Unit, "报送单位", "个"), (Submission, "报送", "份"), (SubmittedItem, "来稿", "条"),
            (Department, "部门名录", "个"), (Setting, "设置", "项"),
            (HistoryLine, "修订记录", "条"))
# Rows bound per INSERT: below SQLite's oldest limit of 999 bound values.
_VALUES_PER_INSERT = 999


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    rows: dict[str, int]  # table name → rows copied
    index_rows: int  # rows of the target's rebuilt search index
    backup: Path | None = None  # the backup of the target file's data the copy replaced

    def lines(self) -> list[str]:
        """What was copied, one table a line (``期刊<TAB>5``), then the index."""
        counts = [f"{label}\t{self.rows.get(model._meta.table_name, 0)}"
                  for model, label, _ in REPORTED]
        kept = [f"原有数据已备份：{self.backup}"] if self.backup is not None else []
        return [*kept, f"已复制 {self.source} → {self.target}", *counts,
                f"搜索索引\t{self.index_rows}"]


def same_archive(source: Location, target: Location) -> bool:
    if isinstance(source, ServerLocation) or isinstance(target, ServerLocation):
        return str(source) == str(target)
    try:
        return source.exists() and target.exists() and os.path.samefile(source, target)
    except OSError:
        return False


def copy_archive(source: Location | str, target: Location | str,
                 replace: bool = False) -> CopyReport:
    """Copy every row of ``source`` into ``target`` (both opened, created or upgraded as
    zwdesk opens any archive); see the module's description. The models stay bound to the
    target afterwards."""
    from zwdesk.store.database import open_database

    source, target = parse_location(source), parse_location(target)
    if same_archive(source, target):
        raise ZwdeskError(f"源数据库和目标数据库是同一个：{target} (source and target are the "
                          "same)")
    if isinstance(source, Path) and not source.is_file():
        raise ZwdeskError(f"源数据库 {source} 不存在 (no such database file)")
    new_file = isinstance(target, Path) and not target.exists()
    source_db = open_database(source)
    try:
        rows = _read_all(source_db)
    finally:
        source_db.close()
    try:
        target_db = open_database(target)
        try:
            backup = _backup_replaced(replace)
            with target_db.atomic():
                _refuse_data(target, replace)
                index_rows = _write_all(target_db, rows)
        finally:
            target_db.close()
    except BaseException:
        if new_file and isinstance(target, Path):
            _remove_file(target)
        raise
    copied = {model._meta.table_name: len(rows[model]) for model in rows}
    return CopyReport(str(source), str(target), copied, index_rows, backup)


def _backup_replaced(replace: bool) -> Path | None:
    """Before a copy may replace what the open target holds: a rolling backup of it when it
    is a file with data (none for a server's, or an empty file)."""
    if not replace:
        return None  # a target with data is refused
    from zwdesk.store.backups import backup_if_file

    made = backup_if_file()
    return None if made is None else made.path


def _ordered_models() -> list[Any]:
    """The models, each after the ones it refers to."""
    from peewee import sort_models  # type: ignore[attr-defined]  # not in peewee's stubs

    return list(sort_models(ALL_MODELS))


def _read_all(db: Database) -> dict[Any, list[tuple[Any, ...]]]:
    """Every row of every model's table, as Python values (dates as dates on both kinds of
    database), in one read transaction."""
    rows: dict[Any, list[tuple[Any, ...]]] = {}
    with _reading(db):
        for model in _ordered_models():
            query = model.select().order_by(*_insert_order(model)).tuples()
            rows[model] = [row for row in query.execute(db) if not _version_row(model, row)]
    return rows


def _reading(db: Any) -> Any:  # noqa: ANN401 - a peewee Database and transaction
    """One consistent view of the source, without holding its write lock."""
    if getattr(db, "server", False):
        return db.read_transaction()
    return db.atomic(lock_type="DEFERRED")


def _insert_order(model: Any) -> tuple[Any, ...]:  # noqa: ANN401 - a peewee model
    """Primary key order; a section's parent before the section (a parent restored by undo
    may have a larger id than its subsections)."""
    if model is Section:
        return (Section.parent.is_null(False), Section.id)
    return (model._meta.primary_key,)


def _version_row(model: Any, row: tuple[Any, ...]) -> bool:  # noqa: ANN401
    """The target keeps its own schema version (both are current once opened)."""
    return model is Setting and row[0] == SCHEMA_VERSION_KEY


def _refuse_data(target: Location, replace: bool) -> None:
    """A target holding issues or 来稿 is replaced only when asked to."""
    issues, items = Issue.select().count(), SubmittedItem.select().count()
    units = Unit.select().count()
    if (issues or items or units) and not replace:
        raise ZwdeskError(f"目标数据库 {target} 已有数据（{issues} 期，{items} 条来稿，"
                          f"{units} 个报送单位），如需覆盖请用 --replace "
                          "(target holds data; use --replace)")


def _write_all(db: Any, rows: dict[Any, list[tuple[Any, ...]]]) -> int:  # noqa: ANN401
    """Replace the target's rows by ``rows``, ids included; rebuild its search index."""
    from zwdesk.store import search

    for model in reversed(_ordered_models()):
        query = model.delete()
        if model is Setting:
            query = query.where(Setting.key != SCHEMA_VERSION_KEY)
        query.execute(db)
    for model in _ordered_models():
        fields = model._meta.sorted_fields
        for chunk in chunked(rows[model], max(1, _VALUES_PER_INSERT // len(fields))):
            model.insert_many(chunk, fields=fields).execute(db)
        if isinstance(model._meta.primary_key, AutoField):
            db.advance_ids(model)
    search.rebuild()
    return SearchText.select().count()


def _remove_file(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink()
