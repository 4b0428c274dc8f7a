"""Opening the database: where it lives, the SQLite connection settings, migrations on open.

The archive is a SQLite file (this module) or a database on a PostgreSQL server
(zwdesk.store.server); ``open_database`` takes either (zwdesk.store.location), and the models
only speak peewee.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import appdirs
from peewee import Database, DatabaseError, InterfaceError, SqliteDatabase

from zwdesk.core.errors import ZwdeskError, quote_path
from zwdesk.store import migrations
from zwdesk.store.backend import StoreDatabase
from zwdesk.store.errors import (
    ConflictError,
    ConnectionLostError,
    DatabaseOpenError,
    DatabaseWriteError,
)
from zwdesk.store.location import Location, ServerLocation, parse_location
from zwdesk.store.models import database

if TYPE_CHECKING:
    from zwdesk.store.server import ZwdeskServerDatabase

__all__ = ["ConflictError", "ConnectionLostError", "DatabaseOpenError", "DatabaseWriteError"]

DB_ENV = "ZWDESK_DB"
DB_FILENAME = "zwdesk.sqlite3"
BUSY_TIMEOUT_MS = 5000
PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS}


class ZwdeskSqliteDatabase(StoreDatabase, SqliteDatabase):
    """SQLite as zwdesk uses it.

    - Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). A deferred
      transaction that reads before it writes cannot be upgraded to a writer in WAL mode once
      another process has committed: it fails at once with "database is locked" instead of
      waiting its turn for the busy timeout.
    - When COMMIT fails (disk full), SQLite has already rolled the transaction back; peewee
      then issues ROLLBACK, whose "no transaction is active" would hide the real cause.
    """

    def begin(self, lock_type: str | None = None) -> None:
        super().begin(lock_type or (None if self.read_only else "IMMEDIATE"))

    def read_transaction(self):  # noqa: ANN201 - peewee's transaction context
        """A transaction that only reads: one consistent view of the database for a store
        function's several queries, without the write lock (BEGIN DEFERRED: in WAL mode a
        reader never waits for a writer, nor a writer for it)."""
        return self.atomic(lock_type="DEFERRED")

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            self.forget_transaction()
            return
        super().rollback()

    def external_changes(self) -> int:
        """SQLite's data_version: a cheap read that changes when another connection commits."""
        return self.execute_sql("PRAGMA data_version").fetchone()[0]

    def advance_ids(self, model: Any) -> None:  # noqa: ANN401 - a peewee model
        """Nothing to do: SQLite gives the next id after the largest there is."""


def describe_database_error(exc: BaseException, path: Path | str) -> str:
    """One Chinese sentence for a failure of the database: what happened to which file or
    server, and that the data was left as it was. Only a database that SQLite says is damaged
    is called 损坏."""
    if _from_server(exc):
        from zwdesk.store.server import describe_server_error

        return f"服务器数据库 {path} {describe_server_error(exc)}。数据未作任何修改。"
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        why = (f"正被另一个程序占用，等待 {BUSY_TIMEOUT_MS // 1000} 秒后仍未释放，请稍后重试"
               " (database is locked)")
    elif "full" in text or "disk i/o" in text:
        why = ("所在的磁盘已满或无法写入，数据库无法使用；请腾出磁盘空间后重试"
               " (disk full or I/O error)")
    elif "readonly" in text or "read-only" in text:
        why = "是只读的，不能保存修改；请检查文件的权限或属性 (read-only database)"
    elif "unable to open" in text:
        why = "无法打开：文件夹不存在，或没有读写该文件夹的权限 (unable to open database file)"
    elif "malformed" in text or "not a database" in text:
        why = "已损坏或不是数据库文件 (damaged or not a database)"
    else:
        why = f"出错 ({exc})"
    if "malformed" in text or "not a database" in text:
        from zwdesk.store.backups import damage_hint  # only when there is damage to name

        return f"数据库 {path} {why}。{damage_hint(Path(path))}"
    return f"数据库 {path} {why}。数据未作任何修改。"


def _from_server(exc: BaseException) -> bool:
    """Whether the error is psycopg's (as it is, or behind peewee's wrapper)."""
    psycopg = sys.modules.get("psycopg")  # not loaded: no server was ever opened
    return psycopg is not None and isinstance(getattr(exc, "orig", None) or exc, psycopg.Error)


def _driver_errors() -> tuple[type[BaseException], ...]:
    psycopg = sys.modules.get("psycopg")
    return (DatabaseError, InterfaceError, sqlite3.Error,
            *((psycopg.Error,) if psycopg is not None else ()))


@contextlib.contextmanager
def database_errors(path: Path | str | None = None) -> Iterator[None]:
    """Turn the database's own errors inside the block into one clear DatabaseWriteError
    (ConflictError for a clash with another user's transaction on a server)."""
    try:
        yield
    except _driver_errors() as exc:
        where = path if path is not None else _bound_path()
        error = DatabaseWriteError
        if _from_server(exc):
            from zwdesk.store.server import is_conflict, is_disconnect

            error = (ConflictError if is_conflict(exc) else
                     ConnectionLostError if is_disconnect(exc) else DatabaseWriteError)
        raise error(describe_database_error(exc, where)) from exc


def _bound_path() -> str:
    return getattr(database.obj, "display_path", "(未打开)")


def open_location() -> Location | None:
    """Where the database open now is (a file, or a server's); None before one is opened."""
    return getattr(database.obj, "location", None) if database.obj is not None else None


def open_database_path() -> Path | None:
    """The file of the database open now; None before one is opened, or for a server's."""
    location = open_location()
    return location if isinstance(location, Path) else None


def data_folder() -> Path:
    """The user's data folder (appdirs): the default database, and the error log of a server
    archive, live there."""
    return Path(appdirs.user_data_dir("zwdesk", appauthor=False))


def default_location() -> Location:
    """$ZWDESK_DB (a file path or a server URL), else zwdesk.sqlite3 in the user's data
    folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return parse_location(override)
    return data_folder() / DB_FILENAME


def close_database() -> Path:
    """Close the open database (its WAL checkpointed into the file) and say which file it was:
    a restore puts another file in its place, then opens it again."""
    path = open_database_path()
    if path is None:
        raise DatabaseOpenError("没有打开的数据库 (no database is open)")
    database.obj.close()
    return path


def default_db_path() -> Path:
    """The default database file: $ZWDESK_DB when it names a file, else zwdesk.sqlite3 in
    the user's data folder."""
    location = default_location()
    return location if isinstance(location, Path) else data_folder() / DB_FILENAME


def open_database(path: Location | str | None = None, read_only: bool = False
                  ) -> SqliteDatabase | ZwdeskServerDatabase:
    """Open (creating or upgrading as needed) the database and bind the models to it: a SQLite
    file, or a database on a server when ``path`` is a server URL (zwdesk.store.location).

    A database made by a newer zwdesk is refused before anything is written to it. A file the
    user may not write is opened read-only: it can be listed and exported, and a write is
    refused with a message saying so. ``read_only`` asks for that explicitly (a second window).
    """
    location = parse_location(path) if path is not None else default_location()
    if isinstance(location, ServerLocation):
        from zwdesk.store.server import open_server

        return open_server(location, read_only)
    return _open_file(location, read_only)


def _open_file(path: Path, read_only: bool) -> SqliteDatabase:
    read_only = read_only or (path.exists() and not os.access(path, os.W_OK))
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}") from exc
    _check_not_newer(path, read_only)
    db = _connection(path, read_only)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if read_only:
            _require_current(db, path)
        else:
            _migrate(db, path)
    except (DatabaseError, sqlite3.Error) as exc:
        db.close()
        raise DatabaseOpenError(describe_database_error(exc, path)) from exc
    except BaseException:
        db.close()  # e.g. a failed migration step: leave no connection on the file behind
        raise
    return db


def _connection(path: Path, read_only: bool) -> ZwdeskSqliteDatabase:
    if not read_only:
        db = ZwdeskSqliteDatabase(str(path), pragmas=PRAGMAS)
    else:
        uri = f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"
        if not os.access(path.parent, os.W_OK) and not _shm(path).exists():
            # Read-only media: SQLite cannot make the WAL index beside the file, and nobody
            # can change the file there either, so it may be read as immutable.
            uri += "&immutable=1"
        db = ZwdeskSqliteDatabase(uri, uri=True, pragmas={"foreign_keys": 1,
                                                          "busy_timeout": BUSY_TIMEOUT_MS})
        db.read_only = True
    db.display_path, db.location = str(path), path
    return db


def refuse_database_file(path: Path) -> None:
    """Raise ZwdeskError when ``path`` is the open database or one of SQLite's files beside it.

    Read as an input file (a file dropped or chosen by mistake), it would be opened and closed
    by this process, and on Linux closing any descriptor of it gives up the locks SQLite holds
    for the process (POSIX advisory locks): another zwdesk could then delete the WAL in use.
    """
    own = open_database_path()
    if own is None:  # none open, or a server's
        return
    for name in (own.name, *(own.name + tail for tail in ("-wal", "-shm", "-journal"))):
        candidate = own.with_name(name)
        try:
            same = candidate.exists() and Path(path).exists() and \
                os.path.samefile(candidate, path)
        except OSError:
            same = False
        if same:
            raise ZwdeskError(f"{quote_path(path)}: 这是 zwdesk 正在使用的数据库文件，不能作为"
                              "文件导入或收稿 (this is zwdesk's own database)")


def _shm(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _require_current(db: SqliteDatabase, path: Path) -> None:
    """A read-only database cannot be created or upgraded: it must already be current."""
    version = migrations.stored_version(db)
    if version is None:
        raise DatabaseOpenError(f"数据库 {path} 是只读的空文件，无法使用 (empty read-only file)")
    if version < migrations.current_version():
        raise DatabaseOpenError(f"数据库 {path} 需要升级，但它是只读的；请检查文件的权限后重试 "
                                "(read-only database needs an upgrade)")


def external_changes(db: Database | None = None) -> Any:  # noqa: ANN401 - a marker
    """A value that changes whenever another connection (another window, another desk, the
    command line) commits to the database (the open one, unless ``db`` is given), and only
    then: SQLite's data_version, or on a server the count of other connections' change
    notifications (LISTEN/NOTIFY)."""
    db = database.obj if db is None else db
    return db.external_changes()


def change_socket(db: Database | None = None) -> int | None:
    """A socket that becomes readable when another user changes a server database (to wait on
    instead of polling ``external_changes``); None for a SQLite file, which is polled."""
    db = database.obj if db is None else db
    return db.change_socket() if getattr(db, "server", False) else None


def advance_ids(model: Any) -> None:  # noqa: ANN401 - a peewee model
    """After rows were inserted with explicit ids: new rows get ids after the largest."""
    database.obj.advance_ids(model)


def _check_not_newer(path: Path, read_only: bool) -> None:
    """Read the schema version without pragmas, so a newer database is not even switched to WAL."""
    if not path.exists() or path.stat().st_size == 0:
        return
    probe = (_connection(path, read_only=True) if read_only
             else SqliteDatabase(str(path), pragmas={"busy_timeout": BUSY_TIMEOUT_MS}))
    database.initialize(probe)
    try:
        migrations.refuse_newer(migrations.stored_version(probe), str(path))
    except migrations.NotZwdeskDatabaseError as exc:
        raise DatabaseOpenError(f"无法打开数据库 {path}：{exc}") from exc
    except DatabaseError as exc:
        raise DatabaseOpenError(describe_database_error(exc, path)) from exc
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
    """Copy the whole database (WAL included, through SQLite's backup API) beside it.

    The copy is made under a temporary name and renamed when complete: a backup that cannot be
    written (disk full, read-only folder) leaves no partial .bak behind, and the upgrade does
    not start.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    partial = target.with_name(target.name + ".part")
    try:
        _copy_database(db, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        why = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseOpenError(
            f"升级数据库前须先备份，但无法写入备份文件 {target}：{why}。数据库未作任何修改，"
            "请腾出磁盘空间或检查文件夹权限后重试。") from exc
    return target


def _copy_database(db: SqliteDatabase, target: Path) -> None:
    copy = sqlite3.connect(str(target))
    try:
        db.connection().backup(copy)
    finally:
        copy.close()


def close_archive() -> None:
    """Close the open database, a file or a server's (its listening connection too): the
    window is switching to another archive."""
    db = database.obj
    if db is None:
        return
    if hasattr(db, "stop_listening"):
        db.stop_listening()
    db.close()


def probe_open_server() -> str:
    """Whether the server of the open archive answers again (a connection of its own, made
    and closed; safe from another thread). Its version; DatabaseOpenError if it does not."""
    from zwdesk.store.location import ServerLocation
    from zwdesk.store.server import probe_server

    location = open_location()
    if not isinstance(location, ServerLocation):
        return ""
    return probe_server(location)
