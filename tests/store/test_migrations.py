"""Schema migrations on open: backup first, each step atomic and idempotent, newer refused.

A fake step is injected after the program's own ones (MIGRATIONS[current] upgrades the current
version to current + 1), so these tests keep working as real steps are added.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegerField, Model, TextField
from playhouse.migrate import SqliteMigrator, migrate
from support.builders import SAMPLE_JSON, db_snapshot, file_hash, run_cli, sample_data

from zwdesk import cli
from zwdesk.core.errors import ZwdeskError
from zwdesk.operations import import_issue_file
from zwdesk.store import migrations
from zwdesk.store.database import DatabaseOpenError, open_database
from zwdesk.store.migrations import NewerDatabaseError


@pytest.fixture(autouse=True)
def _no_real_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWDESK_DB", str(tmp_path / "env-default.sqlite3"))
    monkeypatch.setattr("appdirs.user_data_dir", lambda *a, **k: str(tmp_path / "appdirs"))


BASE = migrations.current_version()  # the program's own version; the fake step goes past it


@pytest.fixture
def old_db(tmp_path) -> Path:
    """A database at the program's current version holding the sample, closed."""
    path = tmp_path / "zwdesk.sqlite3"
    db = open_database(path)
    import_issue_file(SAMPLE_JSON)
    db.close()
    return path


def _version(path: Path) -> int:
    connection = sqlite3.connect(str(path))
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = 'schema_version'")
        return int(row.fetchone()[0])
    finally:
        connection.close()


def _columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(str(path))
    try:
        return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
    finally:
        connection.close()


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(str(path))
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'table'")}
    finally:
        connection.close()


def _inject(monkeypatch, step) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", {**migrations.MIGRATIONS, BASE: step})
    assert migrations.current_version() == BASE + 1


# --- fake steps, each idempotent as the module asks ---


def add_nullable_column(db) -> None:
    if "note" not in {c.name for c in db.get_columns("issue")}:
        migrate(SqliteMigrator(db).add_column("issue", "note", TextField(null=True)))


def add_not_null_column(db) -> None:
    """NOT NULL with a default: SqliteMigrator rebuilds the whole issue table for this."""
    if "note" not in {c.name for c in db.get_columns("issue")}:
        migrate(SqliteMigrator(db).add_column("issue", "note", TextField(default="")))


def add_table(db) -> None:
    class ArchiveNote(Model):
        issue_id = IntegerField()
        text = TextField()

        class Meta:
            database = db
            table_name = "archive_note"

    db.create_tables([ArchiveNote], safe=True)


STEPS = {"nullable-column": add_nullable_column, "rebuilt-table": add_not_null_column,
         "new-table": add_table}


def _step_done(path: Path, name: str) -> bool:
    if name == "new-table":
        return "archive_note" in _tables(path)
    return "note" in _columns(path, "issue")


@pytest.mark.parametrize("name", STEPS)
def test_opening_an_older_database_backs_up_then_upgrades(tmp_path, old_db, monkeypatch, name):
    original = db_snapshot(old_db)
    _inject(monkeypatch, STEPS[name])

    db = open_database(old_db)
    try:
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1  # enforcement is back
    finally:
        db.close()

    assert _version(old_db) == BASE + 1
    assert _step_done(old_db, name)
    backups = sorted(tmp_path.glob(f"zwdesk.sqlite3.v{BASE}-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    check = sqlite3.connect(str(backup))
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    assert _version(backup) == BASE
    assert not _step_done(backup, name)
    assert db_snapshot(backup) == original

    migrated = db_snapshot(old_db)
    width = len(original["issue"][0])
    assert [row[:width] for row in migrated.pop("issue")] == original.pop("issue")
    assert migrated.pop("setting") != original.pop("setting")
    assert migrated == original  # every section, block and 版记 row survived


@pytest.mark.parametrize("name", STEPS)
def test_the_migrated_issue_dumps_unchanged(tmp_path, old_db, monkeypatch, name):
    _inject(monkeypatch, STEPS[name])
    out = tmp_path / "after.json"
    assert cli.main(["--db", str(old_db), "dump", "2023-9", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == sample_data()
    assert _version(old_db) == BASE + 1


def test_cascade_still_works_after_a_table_rebuild(old_db, monkeypatch):
    _inject(monkeypatch, add_not_null_column)
    db = open_database(old_db)
    try:
        from zwdesk.store.models import Issue

        Issue.get().delete_instance()
        for table in ("section", "textentry", "distribution", "windowstats"):
            assert db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        db.close()


@pytest.mark.parametrize("name", STEPS)
def test_steps_are_idempotent(tmp_path, old_db, monkeypatch, name):
    step = STEPS[name]
    _inject(monkeypatch, step)
    db = open_database(old_db)
    db.close()
    after_first = db_snapshot(old_db)
    columns = _columns(old_db, "issue")

    db = open_database(old_db)  # nothing left to do: no second backup
    try:
        with db.atomic():
            step(db)  # the step itself run again on the migrated database
    finally:
        db.close()

    assert db_snapshot(old_db) == after_first
    assert _columns(old_db, "issue") == columns
    assert len(list(tmp_path.glob("zwdesk.sqlite3.v*.bak"))) == 1
    assert _version(old_db) == BASE + 1


def test_a_step_that_fails_midway_leaves_the_old_version(tmp_path, old_db, monkeypatch, capsys):
    original = db_snapshot(old_db)

    def half_done(db):
        add_not_null_column(db)
        db.execute_sql("DELETE FROM textentry")
        raise RuntimeError("power cut")

    _inject(monkeypatch, half_done)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(old_db)
    message = str(info.value)
    assert str(old_db) in message and "power cut" in message and f"版本 {BASE}" in message
    assert ".bak" in message

    assert _version(old_db) == BASE
    assert "note" not in _columns(old_db, "issue")
    assert db_snapshot(old_db) == original

    # Through the CLI: one clear message, no traceback, still nothing changed.
    assert cli.main(["--db", str(old_db), "list"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "power cut" in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert db_snapshot(old_db) == original

    # The next open, with the step fixed, retries and succeeds.
    _inject(monkeypatch, add_not_null_column)
    open_database(old_db).close()
    assert _version(old_db) == BASE + 1
    assert "note" in _columns(old_db, "issue")


def test_a_step_that_leaves_dangling_references_is_rolled_back(old_db, monkeypatch):
    """Foreign keys are not enforced during steps, so they are checked before each commit."""
    original = db_snapshot(old_db)

    def orphaning(db):
        db.execute_sql("DELETE FROM issue")  # no cascade while enforcement is off

    _inject(monkeypatch, orphaning)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(old_db)
    assert "refer to rows that do not exist" in str(info.value)
    assert _version(old_db) == BASE
    assert db_snapshot(old_db) == original


# --- databases this program must not touch ---


def _newer_db(old_db: Path, *, wal: bool) -> Path:
    connection = sqlite3.connect(str(old_db))
    connection.execute("PRAGMA journal_mode = " + ("wal" if wal else "delete"))
    connection.execute("UPDATE setting SET value = ? WHERE key = 'schema_version'",
                       (str(BASE + 7),))
    connection.commit()
    connection.close()
    return old_db


def _journal_bytes(path: Path) -> bytes:
    """Bytes 18–19 of the SQLite header: 1,1 for a rollback journal, 2,2 for WAL."""
    return path.read_bytes()[18:20]


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_a_newer_database_is_refused_untouched(old_db, wal):
    path = _newer_db(old_db, wal=wal)
    before = file_hash(path)
    assert _journal_bytes(path) == (b"\x02\x02" if wal else b"\x01\x01")

    with pytest.raises(NewerDatabaseError) as info:
        open_database(path)

    message = str(info.value)
    assert str(path) in message
    assert "更新版本的 zwdesk" in message and "请升级" in message
    assert f"{BASE + 7}" in message and f"{BASE}" in message
    assert file_hash(path) == before
    assert not path.with_name(path.name + "-wal").exists()
    assert not list(path.parent.glob("*.bak"))


def test_a_newer_database_is_refused_by_the_cli(tmp_path, old_db, capsys):
    path = _newer_db(old_db, wal=False)
    before = file_hash(path)
    for argv in (["list"], ["sample"], ["import", str(SAMPLE_JSON)]):
        assert cli.main(["--db", str(path), *argv]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "newer than this program" in captured.err and captured.err.count("\n") == 1
    result = run_cli(tmp_path, "--db", str(path), "sample")
    assert result.returncode == 1
    assert "请升级 zwdesk" in result.stderr and "Traceback" not in result.stderr
    assert file_hash(path) == before
    assert _journal_bytes(path) == b"\x01\x01"  # not switched to WAL


def _sqlite_file(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(str(path))
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


FOREIGN_FILES = {
    "other-sqlite-db": (lambda p: _sqlite_file(p, "CREATE TABLE contacts (name TEXT)",
                                               "INSERT INTO contacts VALUES ('张三')"),
                        "不是 zwdesk 数据库"),
    "setting-without-version": (lambda p: _sqlite_file(
        p, "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO setting VALUES ('colour', 'red')"), "缺少版本信息"),
    "garbage": (lambda p: p.write_bytes(random.Random(4).randbytes(8192)), "不是数据库"),
    "text-file": (lambda p: p.write_text("政务服务工作\n" * 50, encoding="utf-8"), "不是数据库"),
    "truncated-sqlite": (lambda p: p.write_bytes(SQLITE_HEADER_ONLY), "不是数据库"),
}
SQLITE_HEADER_ONLY = b"SQLite format 3\x00" + bytes(84)


@pytest.mark.parametrize("kind", FOREIGN_FILES)
def test_a_file_that_is_no_zwdesk_database(tmp_path, capsys, kind):
    make, expected = FOREIGN_FILES[kind]
    path = tmp_path / f"{kind}.sqlite3"
    make(path)
    before = file_hash(path)

    assert cli.main(["--db", str(path), "list"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in captured.err and str(path) in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert file_hash(path) == before
    with pytest.raises(ZwdeskError):
        open_database(path)


def test_foreign_file_through_python_dash_m(tmp_path):
    path = tmp_path / "photo.sqlite3"
    path.write_bytes(b"\xff\xd8\xff\xe0" + random.Random(9).randbytes(4000))
    before = file_hash(path)
    result = run_cli(tmp_path, "--db", str(path), "list")
    assert result.returncode == 1
    assert "不是数据库" in result.stderr and "Traceback" not in result.stderr
    assert file_hash(path) == before


def test_an_empty_file_becomes_a_new_database(tmp_path, capsys):
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    assert cli.main(["--db", str(path), "list"]) == 0
    assert capsys.readouterr().out == ""
    assert _version(path) == BASE
