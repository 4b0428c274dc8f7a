"""Schema versions and the steps between them.

The schema version is kept in the ``setting`` table. A new database is created at the current
version in one go; an older one is upgraded step by step, each step in its own transaction,
after a backup copy of the file has been taken (see ``database.open_database``). Every step must
be idempotent: it checks what is already there before it changes anything, so a step that was
interrupted can simply run again. On SQLite the steps run with foreign-key enforcement off, so
that rebuilding a table (how SQLite alters a column) does not cascade-delete the rows pointing
at it; a step therefore gets no ON DELETE CASCADE, and one that leaves a dangling reference is
rolled back.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import BooleanField, Database

from zwdesk.core.errors import ZwdeskError
from zwdesk.store.models import ALL_MODELS, Department, Distribution, Setting

SCHEMA_VERSION_KEY = "schema_version"


def _add_department_registry(db: Database) -> None:
    """1 → 2: the registry of provincial departments, seeded with the usual ones."""
    from zwdesk.store.departments import seed_registry

    db.create_tables([Department], safe=True)
    seed_registry()


def _add_copies_auto(db: Database) -> None:
    """2 → 3: whether 共印N份 follows the sum of the recipients' copies.

    Existing issues keep the number they had (the flag starts off): nothing printed changes.
    """
    table = Distribution._meta.table_name
    if "copies_auto" in {column.name for column in db.get_columns(table)}:
        return
    # only when upgrading; peewee's type stubs leave playhouse out
    from playhouse.migrate import SchemaMigrator, migrate  # type: ignore[import-untyped]

    migrator = SchemaMigrator.from_database(db)
    migrate(migrator.add_column(table, "copies_auto", BooleanField(default=False)))


def _add_search_index(db: Database) -> None:
    """3 → 4: the full-text search index (zwdesk.store.search), its tables only: it is filled
    by the step that gives it its present shape (5 → 6), once the issues' tables are final."""
    from zwdesk.store import search

    search.create_index(db)


def _add_inbox(db: Database) -> None:
    """4 → 5: the inbox (来稿): units, submissions, their items, and the link from an issue's
    entry to the 来稿 it was adopted from (nullable: every existing entry has none)."""
    from playhouse.migrate import SchemaMigrator, migrate  # only when upgrading

    from zwdesk.store.models import Submission, SubmittedItem, TextEntry, Unit

    db.create_tables([Unit, Submission, SubmittedItem], safe=True)
    table, field = TextEntry._meta.table_name, TextEntry.submitted_item
    if field.column_name in {column.name for column in db.get_columns(table)}:
        return
    migrate(SchemaMigrator.from_database(db).add_column(table, field.column_name, field))


def _search_index_fields(db: Database) -> None:
    """5 → 6: the search index knows the form field of each text (the app's search puts the
    cursor there), holds the 报头's lines and is ordered newest first: built anew from every
    issue, here, after the steps that change the issues' tables (the index reads issues
    through the current models)."""
    from zwdesk.store import search

    search.rebuild()


def _fold_unit_names(db: Database) -> None:
    """6 → 7: one unit, one name: units whose names differ only by invisible characters,
    kinds of space or compatibility forms (zwdesk.core.unitnames.unit_name) merged."""
    from zwdesk.store.inbox import fold_unit_names

    fold_unit_names()


def _add_history(db: Database) -> None:
    """7 → 8: the revision history of each issue (zwdesk.store.history), empty: what was
    written before it existed was not recorded."""
    from zwdesk.store.models import HistoryLine

    db.create_tables([HistoryLine], safe=True)


def _add_part_versions(db: Database) -> None:
    """8 → 9: the versions of each issue's parts, so that a write made against a version no
    longer current is refused (zwdesk.store.versions). Empty: every part starts at 0."""
    from zwdesk.store.models import PartVersion

    db.create_tables([PartVersion], safe=True)


# MIGRATIONS[n] upgrades a database from version n to n + 1. Version 1 is the first schema.
MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: _add_department_registry,
    2: _add_copies_auto,
    3: _add_search_index,
    4: _add_inbox,
    5: _search_index_fields,
    6: _fold_unit_names,
    7: _add_history,
    8: _add_part_versions,
}


class NewerDatabaseError(ZwdeskError):
    pass


class NotZwdeskDatabaseError(ZwdeskError):
    pass


def current_version() -> int:
    return 1 + len(MIGRATIONS)


def stored_version(db: Database) -> int | None:
    """The schema version of an open database; None when it has no tables at all."""
    tables = set(db.get_tables())
    if not tables:
        return None
    if Setting._meta.table_name not in tables:
        raise NotZwdeskDatabaseError("这不是 zwdesk 数据库 (not a zwdesk database)")
    row = Setting.get_or_none(Setting.key == SCHEMA_VERSION_KEY)
    if row is None or not row.value.isdigit():
        raise NotZwdeskDatabaseError("数据库缺少版本信息 (database has no schema version)")
    return int(row.value)


def refuse_newer(version: int | None, where: str) -> None:
    if version is not None and version > current_version():
        raise NewerDatabaseError(
            f"数据库 {where} 由更新版本的 zwdesk 创建（数据库版本 {version}，本程序支持 "
            f"{current_version()}），请升级 zwdesk。数据库未作任何修改。"
            f" (database schema {version} is newer than this program's {current_version()})"
        )


def create_schema(db: Database) -> None:
    from zwdesk.store.departments import seed_registry

    with db.atomic():
        db.create_tables(ALL_MODELS, safe=True)
        from zwdesk.store.search import create_index

        create_index(db)
        seed_registry()
        _set_version(current_version())


def upgrade(db: Database, version: int,
            verify: Callable[[Database], None] | None = None) -> None:
    """Run the steps from ``version`` to the current one, each atomically.

    ``verify`` runs at the end of each step's transaction, before it commits; raising there
    rolls the step back (the SQLite opener checks the foreign keys with it).
    """
    while version < current_version():
        with db.atomic():
            MIGRATIONS[version](db)
            if verify is not None:
                verify(db)
            version += 1
            _set_version(version)


def _set_version(version: int) -> None:
    # Update-then-insert rather than an upsert: portable to PostgreSQL as it is.
    updated = Setting.update(value=str(version)).where(Setting.key == SCHEMA_VERSION_KEY).execute()
    if not updated:
        Setting.create(key=SCHEMA_VERSION_KEY, value=str(version))
