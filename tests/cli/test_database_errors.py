"""Failures of the database file: each is one clear Chinese message, and the data is unchanged.

Disk full and read-only file systems are real: a small tmpfs is mounted for the test (root on
Linux, as on CI); where mounting is not allowed those tests are skipped.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.builders import cli_env, db_snapshot, make_issue, write_json

from zwdesk import cli
from zwdesk.store import database as store_database
from zwdesk.store.database import DatabaseWriteError, database_errors, open_database
from zwdesk.store.models import Issue, database


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True)
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root on Linux)")


@pytest.fixture
def small_fs(tmp_path: Path):  # noqa: ANN201
    """A 2 MB file system of its own, unmounted after the test."""
    if not sys.platform.startswith("linux"):
        pytest.skip("tmpfs is Linux")
    folder = tmp_path / "small"
    _mount_tmpfs(folder, "2m")
    yield folder
    database.obj and database.obj.close()
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave: int = 0) -> None:
    """Use up the file system's free space, all but about ``leave`` bytes."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    if leave:
        with open(filler, "r+b") as out:
            out.truncate(max(0, filler.stat().st_size - leave))


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def _cli(capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _issue_file(tmp_path: Path, number: int, serial: int) -> Path:
    return write_json(tmp_path / f"issue-{number}.json", make_issue(2024, number, serial))


# --- the database held by another program ---


def test_locked_database_is_named_as_busy_not_damaged(tmp_path, capsys, monkeypatch):
    db = tmp_path / "z.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    capsys.readouterr()
    before = db_snapshot(db)
    monkeypatch.setitem(store_database.PRAGMAS, "busy_timeout", 200)
    other = sqlite3.connect(str(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing and does not let go
    try:
        code, out, err = _cli(capsys, "--db", str(db), "import",
                              str(_issue_file(tmp_path, 1, 470)))
    finally:
        other.execute("ROLLBACK")
        other.close()
    line = _one_clear_line(err)
    assert code == 1 and out == ""
    assert str(db) in line and "正被另一个程序占用" in line
    assert "损坏" not in line
    assert db_snapshot(db) == before


def test_exclusively_locked_file_at_open_is_not_called_damaged(tmp_path, capsys, monkeypatch):
    db = tmp_path / "z.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    monkeypatch.setitem(store_database.PRAGMAS, "busy_timeout", 200)
    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(str(db), isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _out, err = _cli(capsys, "--db", str(db), "list")
    finally:
        other.execute("ROLLBACK")
        other.close()
    line = _one_clear_line(err)
    assert code == 1
    assert "正被另一个程序占用" in line and "损坏" not in line


def test_damaged_file_is_called_damaged(tmp_path, capsys):
    db = tmp_path / "z.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    code, _out, err = _cli(capsys, "--db", str(db), "list")
    assert code == 1
    assert "已损坏或不是数据库文件" in _one_clear_line(err)


# --- the disk full ---


def test_disk_full_at_commit_names_the_real_cause(small_fs, tmp_path, capsys):
    db = small_fs / "z.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    before = db_snapshot(db)
    big = make_issue(2024, 1, 470)
    big["sections"][0]["subsections"][1]["block"]["items"] = ["政务服务" * 200] * 400
    source = write_json(tmp_path / "big.json", big)
    _fill(small_fs)
    code, _out, err = _cli(capsys, "--db", str(db), "import", str(source))
    line = _one_clear_line(err)
    assert code == 1
    assert "磁盘已满" in line and str(db) in line
    assert "rollback" not in line
    (small_fs / "filler").unlink()
    assert db_snapshot(db) == before


def test_failed_commit_raises_its_own_error_not_peewees_rollback(store, monkeypatch):
    """SQLite rolls back by itself when COMMIT fails; peewee's ROLLBACK must not hide why."""
    real_commit = store.commit

    def full_disk_commit() -> None:
        store.execute_sql("ROLLBACK")  # what SQLite does when COMMIT hits a full disk
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "commit", full_disk_commit)
    with pytest.raises(DatabaseWriteError) as info, database_errors(), store.atomic():
        Issue.select().count()
    assert "磁盘已满" in str(info.value)
    monkeypatch.setattr(store, "commit", real_commit)


def test_backup_that_cannot_be_written_leaves_no_partial_file(small_fs, capsys):
    db = small_fs / "old.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    connection = sqlite3.connect(str(db))
    connection.execute("UPDATE setting SET value = '2' WHERE key = 'schema_version'")
    connection.execute("ALTER TABLE distribution DROP COLUMN copies_auto")
    connection.commit()
    connection.close()
    before = db_snapshot(db)
    _fill(small_fs, leave=db.stat().st_size // 2)  # room for the WAL index, not for a copy
    code, _out, err = _cli(capsys, "--db", str(db), "list")
    line = _one_clear_line(err)
    assert code == 1
    assert "备份" in line and "数据库未作任何修改" in line
    leftovers = [p.name for p in small_fs.iterdir() if ".bak" in p.name]
    assert leftovers == []
    (small_fs / "filler").unlink()
    assert db_snapshot(db) == before


# --- read-only files and folders ---


def test_read_only_database_can_be_read_and_refuses_writes_clearly(small_fs, tmp_path, capsys):
    db = small_fs / "z.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    capsys.readouterr()
    _remount_read_only(small_fs)
    code, out, err = _cli(capsys, "--db", str(db), "list")
    assert code == 0 and out.startswith("2023-9\t"), err
    target = tmp_path / "out.json"
    assert _cli(capsys, "--db", str(db), "dump", "2023-9", "-o", str(target))[0] == 0
    assert target.exists()
    code, _out, err = _cli(capsys, "--db", str(db), "import", str(_issue_file(tmp_path, 1, 470)))
    line = _one_clear_line(err)
    assert code == 1
    assert "只读" in line and str(db) in line


def test_new_database_in_a_read_only_folder(small_fs, capsys):
    _remount_read_only(small_fs)
    code, _out, err = _cli(capsys, "--db", str(small_fs / "new" / "z.sqlite3"), "list")
    assert code == 1
    assert "无法创建数据文件夹" in _one_clear_line(err)
    code, _out, err = _cli(capsys, "--db", str(small_fs / "z.sqlite3"), "list")
    assert code == 1
    line = _one_clear_line(err)
    assert str(small_fs) in line and ("只读" in line or "无法打开" in line)


def test_folder_path_through_a_file(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _out, err = _cli(capsys, "--db", str(blocker / "z.sqlite3"), "list")
    assert code == 1
    assert "无法创建数据文件夹" in _one_clear_line(err)


# --- two writers ---


def test_two_import_processes_wait_their_turn(tmp_path):
    """Two `zwdesk import` at once: the second waits for the first (BEGIN IMMEDIATE) instead of
    failing with 'database is locked' (a deferred transaction that read first cannot wait)."""
    db = tmp_path / "z.sqlite3"
    open_database(db).close()
    env = cli_env(tmp_path)
    failures = []
    for trial in range(6):
        files = [_issue_file(tmp_path, 2 * trial + k + 1, 1000 + 2 * trial + k) for k in (0, 1)]
        runs = [subprocess.Popen([sys.executable, "-m", "zwdesk", "--db", str(db), "import",
                                  str(f)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8")
                for f in files]
        for run in runs:
            out, err = run.communicate(timeout=60)
            if run.returncode != 0:
                failures.append(err)
    assert failures == []
    connection = sqlite3.connect(str(db))
    assert connection.execute("SELECT count(*) FROM issue").fetchone()[0] == 12
    connection.close()
