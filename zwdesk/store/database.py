"""Opening the database: where it lives, the SQLite connection settings, migrations on open.

This is the one module that knows the database is SQLite; the models only speak peewee.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import appdirs
from peewee import DatabaseError, SqliteDatabase

from zwdesk.core.errors import ZwdeskError
from zwdesk.store import migrations
from zwdesk.store.models import database

DB_ENV = "ZWDESK_DB"
DB_FILENAME = "zwdesk.sqlite3"
PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


class DatabaseOpenError(ZwdeskError):
    pass


def default_db_path() -> Path:
    """$ZWDESK_DB, else zwdesk.sqlite3 in the user's data folder (appdirs)."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    return Path(appdirs.user_data_dir("zwdesk", appauthor=False)) / DB_FILENAME


def open_database(path: Path | str | None = None) -> SqliteDatabase:
    """Open (creating or upgrading as needed) the database and bind the models to it.

    A database made by a newer zwdesk is refused before anything is written to it.
    """
    path = Path(path) if path is not None else default_db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseOpenError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}") from exc
    _check_not_newer(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _migrate(db, path)
    except DatabaseError as exc:
        db.close()
        raise DatabaseOpenError(f"无法打开数据库 {path}：{exc}") from exc
    except BaseException:
        db.close()  # e.g. a failed migration step: leave no connection on the file behind
        raise
    return db


def _check_not_newer(path: Path) -> None:
    """Read the schema version without pragmas, so a newer database is not even switched to WAL."""
    if not path.exists() or path.stat().st_size == 0:
        return
    probe = SqliteDatabase(str(path))
    database.initialize(probe)
    try:
        migrations.refuse_newer(migrations.stored_version(probe), str(path))
    except migrations.NotZwdeskDatabaseError as exc:
        raise DatabaseOpenError(f"无法打开数据库 {path}：{exc}") from exc
    except DatabaseError as exc:
        raise DatabaseOpenError(f"无法打开数据库 {path}：文件已损坏或不是数据库 ({exc})") from exc
    finally:
        probe.close()


def _migrate(db: SqliteDatabase, path: Path) -> None:
    version = migrations.stored_version(db)
    if version is None:
        migrations.create_schema(db)
    elif version < migrations.current_version():
        backup = backup_database(db, path, version)
        # SQLite alters most columns by rebuilding the table (what playhouse.migrate's
        # SqliteMigrator does): with foreign keys enforced, dropping the old table would
        # cascade-delete every row that points at it. So steps run with enforcement off, as
        # SQLite's documentation prescribes, and each commits only if no reference dangles.
        # The pragma takes effect only outside a transaction, hence here around the steps.
        db.pragma("foreign_keys", 0)
        try:
            migrations.upgrade(db, version, verify=_check_foreign_keys)
        except Exception as exc:
            reached = migrations.stored_version(db)
            raise DatabaseOpenError(
                f"升级数据库 {path} 失败，数据库停在版本 {reached}，下次打开时重试；"
                f"升级前的备份：{backup} (upgrade from schema {version} failed: {exc})"
            ) from exc
        finally:
            db.pragma("foreign_keys", 1)


def _check_foreign_keys(db: SqliteDatabase) -> None:
    dangling = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise DatabaseError(f"{len(dangling)} rows of table {dangling[0][0]} "
                            "refer to rows that do not exist")


def backup_database(db: SqliteDatabase, path: Path, version: int) -> Path:
    """Copy the whole database (WAL included, through SQLite's backup API) beside it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    with sqlite3.connect(str(target)) as copy:
        db.connection().backup(copy)
    copy.close()
    return target
