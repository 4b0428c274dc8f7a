"""Rolling backups of a SQLite archive, and bringing one back.

A backup is a consistent copy made with SQLite's backup API (never a file copy of a live
database), written under a temporary name in the backups folder, checked with
``PRAGMA integrity_check`` and only then renamed to ``zwdesk-YYYYMMDD-HHMMSS.sqlite3``: kill -9
during a backup leaves at most a ``.zwdesk-backup-*.tmp`` (removed by the next backup) and the
earlier backups as they were. A copy that fails its check is deleted and never pushes a good
backup out. Old ones are pruned by ``core.retention``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from zwdesk.core import atomic
from zwdesk.core.errors import ZwdeskError, quote_path
from zwdesk.core.retention import NEWEST_KEPT, backups_to_keep
from zwdesk.store import migrations
from zwdesk.store.models import Setting, SubmittedItem, database

FOLDER_NAME = "backups"
FOLDER_KEY = "backup_folder"  # settings: where the rolling backups go ("" = beside the database)
COUNT_KEY = "backup_count"  # settings: how many of the newest are all kept
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"zwdesk-(\d{8}-\d{6})(?:-\d+)?\.sqlite3")
_PARTIAL = ".zwdesk-backup-"
_COUNTED = {"issue": "issue", "items": "submitteditem"}  # what a listing counts, by table


class BackupError(ZwdeskError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    time: dt.datetime
    issues: int
    items: int  # 来稿
    size: int


# --- settings ---


def backup_folder(db_path: Path) -> Path:
    """The folder of the rolling backups: as set in 设置, else ``backups`` beside the database."""
    chosen = _setting(FOLDER_KEY)
    return Path(chosen) if chosen else Path(db_path).parent / FOLDER_NAME


def kept_count() -> int:
    value = _setting(COUNT_KEY)
    return int(value) if value and value.isdigit() and int(value) > 0 else NEWEST_KEPT


def set_backup_settings(folder: str | None = None, count: int | None = None) -> None:
    """Change the backups folder ("" for the default) and/or the number of newest kept."""
    if count is not None and not 1 <= count <= 1000:
        raise BackupError("保留的备份数应为 1 到 1000 (backup count out of range)")
    with database.atomic():
        if folder is not None:
            Setting.insert(key=FOLDER_KEY, value=folder.strip()).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: folder.strip()}).execute()
        if count is not None:
            Setting.insert(key=COUNT_KEY, value=str(count)).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: str(count)}).execute()


def _setting(key: str) -> str:
    try:
        row = Setting.get_or_none(Setting.key == key)
    except Exception:  # noqa: BLE001 - a damaged or closed database: the defaults serve
        return ""
    return row.value if row is not None else ""


# --- making one ---


def open_database_file() -> Path:
    """The file of the open (SQLite) database."""
    return open_sqlite()[1]


def local_changes() -> int:
    """How many rows this process has changed in the open database (SQLite's total_changes):
    a window backs up on close and every 30 minutes only when this has moved. 0 on a server."""
    db = database.obj
    if not isinstance(db, SqliteDatabase) or db.is_closed():
        return 0
    return db.connection().total_changes


def server_backup_message(where: str) -> str:
    """What backup, backups and restore say of a database on a server: it has no backup
    files; the whole archive in one file is its backup."""
    return (f"{where} 是服务器上的数据库，没有备份文件：请用 zwdesk archive -o FILE.zip 导出全部"
            "作为备份（zwdesk import FILE.zip 导回），或由管理员用 pg_dump 备份服务器 (backups are "
            "for a database file; archive a server database, or pg_dump it)")


def open_sqlite() -> tuple[SqliteDatabase, Path]:
    """The open database, which must be a SQLite file, and its path."""
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise BackupError(server_backup_message(getattr(db, "display_path", "")))
    return db, Path(db.display_path)


def make_backup(target: Path | None = None, now: dt.datetime | None = None) -> BackupInfo:
    """Back up the open database: into the backups folder (then prune it), or into ``target``."""
    db, path = open_sqlite()
    now = now or dt.datetime.now()
    folder = Path(target).parent if target is not None else backup_folder(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹 {quote_path(folder)}：{exc.strerror}") from exc
    final = Path(target) if target is not None else _free_name(folder, now)
    _refuse_damaged(db, path)
    info = _write_checked(db, final)
    if target is None:
        prune(folder, now, kept_count())
    return info


def backup_if_file() -> BackupInfo | None:
    """A rolling backup before a whole-archive operation; none for a server database or an
    empty one (nothing to lose)."""
    if not isinstance(database.obj, SqliteDatabase):
        return None
    from zwdesk.store.issues import count_issues

    if count_issues() == 0 and not SubmittedItem.select().exists():
        return None
    return make_backup()


def _refuse_damaged(db: SqliteDatabase, path: Path) -> None:
    """Before each backup the live database is checked: a damaged one is named, with the
    newest good backup, and never copied over a good one's place in the rotation."""
    first = db.execute_sql("PRAGMA quick_check").fetchone()
    if not first or first[0] != "ok":
        raise BackupError(f"数据库 {path} 已损坏（{_one_line(first[0] if first else '')}），"
                          f"未备份。{damage_hint(path)}")


def _free_name(folder: Path, now: dt.datetime) -> Path:
    base = f"zwdesk-{now.strftime(STAMP)}"
    candidate, n = folder / f"{base}.sqlite3", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}-{n}.sqlite3"
    return candidate


def _write_checked(db: SqliteDatabase, final: Path) -> BackupInfo:
    _remove_partials(final.parent)
    _copy_checked(db.connection(), final)
    return describe_backup(final)


def _copy_checked(source: sqlite3.Connection, final: Path) -> None:
    """Copy a database through the backup API to a temporary file beside ``final``, check it,
    and rename it into place; on any failure nothing is left under either name."""
    partial = final.with_name(f"{_PARTIAL}{uuid.uuid4().hex}.tmp")
    try:
        copy = sqlite3.connect(str(partial))
        try:
            source.backup(copy)
            # A copy of a WAL database is marked WAL too: reading it would leave -wal/-shm
            # files beside every backup. A backup is one self-contained file.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        problem = integrity_problem(partial)
        if problem:
            raise BackupError(f"备份未通过完整性检查，未保存：{problem} (backup failed its check)")
        atomic.fsync_file(partial)
        os.replace(partial, final)
        atomic.fsync_folder(final.parent)
    except (OSError, sqlite3.Error) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"无法写入 {quote_path(final)}：{why} (not written)") from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def _remove_partials(folder: Path) -> None:
    """What a backup killed half-way left behind."""
    for leftover in folder.glob(f"{_PARTIAL}*.tmp*"):  # with its -journal
        with contextlib.suppress(OSError):
            leftover.unlink()


# --- reading them ---


def _read_only(path: Path) -> sqlite3.Connection:
    uri = f"{Path(path).resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"
    return sqlite3.connect(uri, uri=True)


def integrity_problem(path: Path, quick: bool = False) -> str:
    """'' when SQLite finds the file sound; else its first complaint (or why it cannot read it)."""
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute(f"PRAGMA {'quick_check' if quick else 'integrity_check'}")
            first = rows.fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "" if first and first[0] == "ok" else _one_line(first[0] if first else "no answer")


def _one_line(complaint: object) -> str:
    """SQLite's first complaint, on one line and short (its reports span several lines)."""
    return " ".join(str(complaint).split())[:160]


def describe_backup(path: Path) -> BackupInfo:
    """A backup's time (from its name, else the file's), its issues and 来稿, and size."""
    counts = dict.fromkeys(_COUNTED, 0)
    try:
        connection = _read_only(path)
        try:
            for what, table in _COUNTED.items():
                with contextlib.suppress(sqlite3.Error):  # an old schema may lack the table
                    counts[what] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        pass
    return BackupInfo(Path(path), _time_of(Path(path)), counts["issue"], counts["items"],
                      Path(path).stat().st_size)


def _time_of(path: Path) -> dt.datetime:
    match = _NAME.fullmatch(path.name)
    if match:
        return dt.datetime.strptime(match[1], STAMP)
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def backup_files(folder: Path) -> list[Path]:
    """The backups in a folder (by name), newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _NAME.fullmatch(p.name) and p.is_file()]
    return sorted(found, key=lambda p: (_time_of(p), p.name), reverse=True)


def list_backups(folder: Path) -> list[BackupInfo]:
    return [describe_backup(path) for path in backup_files(folder)]


def prune(folder: Path, now: dt.datetime, newest: int = NEWEST_KEPT) -> list[Path]:
    """Delete the backups the retention rule no longer keeps; the deleted ones are returned."""
    files = backup_files(folder)
    keep = backups_to_keep([_time_of(p) for p in files], now, newest=newest)
    gone = [path for index, path in enumerate(files) if index not in keep]
    for path in gone:
        with contextlib.suppress(OSError):
            path.unlink()
    return gone


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside a (damaged) database that passes its quick check."""
    folder = backup_folder_of(Path(db_path))
    for path in backup_files(folder):
        if not integrity_problem(path, quick=True):
            return path
    return None


def backup_folder_of(db_path: Path) -> Path:
    """The backups folder of a database that may be unreadable: its setting read directly."""
    try:
        connection = _read_only(db_path)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = ?",
                                     (FOLDER_KEY,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        row = None
    return Path(row[0]) if row and row[0] else db_path.parent / FOLDER_NAME


def damage_hint(db_path: Path) -> str:
    """What to do about a damaged database: the newest good backup and the command."""
    newest = newest_good_backup(db_path)
    if newest is None:
        return "没有找到可用的备份。"
    return (f"最近的完好备份：{newest}（{_time_of(newest):%Y-%m-%d %H:%M}），"
            f"可用 zwdesk restore \"{newest}\" 恢复，或在程序中用 文件 → 备份与恢复…。")


# --- bringing one back ---


def check_restorable(backup: Path) -> BackupInfo:
    """A backup may come back if SQLite finds it sound and it is a zwdesk database this program
    can open (any schema version it can upgrade)."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"{quote_path(backup)}：找不到备份文件 (no such file)")
    problem = integrity_problem(backup)
    if problem:
        raise BackupError(f"{quote_path(backup)} 已损坏，不能用来恢复：{problem} "
                          "(backup failed its integrity check)")
    probe = SqliteDatabase(_read_only_uri(backup), uri=True)
    previous = database.obj
    database.initialize(probe)
    try:
        version = migrations.stored_version(probe)
        if version is None:
            raise BackupError(f"{quote_path(backup)} 是空文件，不是 zwdesk 数据库 (empty)")
        migrations.refuse_newer(version, str(backup))
    except migrations.NotZwdeskDatabaseError as exc:
        raise BackupError(f"{quote_path(backup)}：{exc}") from exc
    finally:
        probe.close()
        database.initialize(previous)
    return describe_backup(backup)


def _read_only_uri(path: Path) -> str:
    return f"{Path(path).resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"


def window_holds(db_path: Path) -> bool:
    """True while a zwdesk window has the database open: its ``.lock`` (Qt's QLockFile, first
    line the process id) names a process that is alive on this machine."""
    lock = Path(str(db_path) + ".lock")
    try:
        pid = int(lock.read_text("utf-8", errors="replace").splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by another user
    return True


def left_by_a_crash(db_path: Path) -> bool:
    """A window's lock is still there but its process is gone: the last session did not end
    cleanly (a crash, a power cut), so the file deserves a check."""
    return Path(str(db_path) + ".lock").exists() and not window_holds(db_path)


def good_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of a database that pass their quick check, newest first."""
    folder = backup_folder_of(Path(db_path))
    return [describe_backup(p) for p in backup_files(folder) if not integrity_problem(p, True)]


def restore(db_path: Path, backup: Path, now: dt.datetime | None = None) -> tuple[BackupInfo, Path]:
    """Put ``backup`` in place of the (closed) database at ``db_path``.

    The current file is kept first: a sound one as a new backup, a damaged one renamed to
    ``<name>.damaged-STAMP`` (never deleted). Returns the backup's description and where the
    earlier file went.
    """
    db_path, now = Path(db_path), now or dt.datetime.now()
    if window_holds(db_path):
        raise BackupError(f"另一个 zwdesk 窗口正在使用数据库 {quote_path(db_path)}，"
                          "请先关闭它再恢复 (the database is open in a window)")
    info = check_restorable(backup)
    kept = _keep_current(db_path, now)
    for tail in ("-wal", "-shm", "-journal"):  # the old file's, which would not match
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + tail).unlink()
    source = sqlite3.connect(_read_only_uri(Path(backup)), uri=True)
    try:
        _copy_checked(source, db_path)
    finally:
        source.close()
    return info, kept


def _keep_current(db_path: Path, now: dt.datetime) -> Path:
    if not db_path.exists():
        return db_path
    if not integrity_problem(db_path, quick=True):
        folder = backup_folder_of(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, now)
        connection = sqlite3.connect(_read_only_uri(db_path), uri=True)
        try:
            _copy_checked(connection, target)
        finally:
            connection.close()
        return target
    damaged = db_path.with_name(f"{db_path.name}.damaged-{now.strftime(STAMP)}")
    os.replace(db_path, damaged)
    for tail in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(str(db_path) + tail, str(damaged) + tail)
    return damaged
