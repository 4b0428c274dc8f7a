"""Rolling backups, a damaged database named with its newest good backup, and restore."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.builders import cli_env, make_issue, write_json

from zwdesk import cli
from zwdesk.store import backups
from zwdesk.store.database import open_database


def run(db: Path, *argv: str) -> int:
    return cli.main(["--db", str(db), *argv])


@pytest.fixture
def archive_db(tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A database with three issues, made through the command line."""
    db = tmp_path / "zw.sqlite3"
    for number in (7, 8, 9):
        issue = make_issue(year=2023, number=number, serial=420 + number)
        assert run(db, "import", str(write_json(tmp_path / f"{number}.json", issue))) == 0
    capsys.readouterr()
    return db


def listing(db: Path, capsys: pytest.CaptureFixture) -> str:
    assert run(db, "list") == 0
    return capsys.readouterr().out


def test_backup_goes_into_the_folder_beside_the_database_and_is_listed(archive_db, capsys):
    assert run(archive_db, "backup") == 0
    said = capsys.readouterr().out
    files = list((archive_db.parent / "backups").iterdir())
    assert len(files) == 1 and files[0].name.startswith("zwdesk-")
    assert "3 期" in said and str(files[0].name) in said
    assert backups.integrity_problem(files[0]) == ""
    assert run(archive_db, "backups") == 0
    line = capsys.readouterr().out.strip()
    name, when, issues, items, size = line.split("\t")
    assert Path(name).name == files[0].name and issues == "3" and items == "0"
    assert dt.datetime.strptime(when, "%Y-%m-%d %H:%M:%S")


def test_backup_to_a_named_file(archive_db, tmp_path, capsys):
    target = tmp_path / "by-hand.sqlite3"
    assert run(archive_db, "backup", "-o", str(target)) == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM issue").fetchone()[0] == 3
    connection.close()
    assert not (archive_db.parent / "backups").exists()  # not pruned, not in the folder


def test_pruning_keeps_the_rule_and_a_failed_backup_never_pushes_one_out(
        archive_db, monkeypatch, capsys):
    open_database(archive_db)
    folder = backups.backup_folder(archive_db)
    start = dt.datetime(2026, 12, 6, 9, 0)
    for n in range(12):
        backups.make_backup(now=start + dt.timedelta(minutes=n))
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 10 and kept[0] == "zwdesk-20261206-090200.sqlite3"

    monkeypatch.setattr(backups, "integrity_problem", lambda path, quick=False: "page 3: bad")
    with pytest.raises(backups.BackupError, match="完整性检查"):
        backups.make_backup(now=start + dt.timedelta(hours=1))
    assert sorted(p.name for p in folder.iterdir()) == kept


def test_the_count_and_folder_come_from_the_settings(archive_db, tmp_path):
    open_database(archive_db)
    elsewhere = tmp_path / "usb" / "备份"
    backups.set_backup_settings(folder=str(elsewhere), count=3)
    for n in range(5):
        backups.make_backup(now=dt.datetime(2026, 12, 6, 9, n))
    assert len(list(elsewhere.iterdir())) == 3
    assert not (archive_db.parent / "backups").exists()
    with pytest.raises(backups.BackupError):
        backups.set_backup_settings(count=0)


def _damage(path: Path, where: str) -> None:
    size = path.stat().st_size
    offset = 0 if where == "first page" else (size // 4096 // 2) * 4096
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(random.Random(7).randbytes(4096))


@pytest.mark.parametrize("where", ["first page", "a page in the middle"])
def test_a_damaged_database_names_its_newest_good_backup_and_restore_brings_it_back(
        archive_db, capsys, where):
    before = listing(archive_db, capsys)
    assert run(archive_db, "backup") == 0
    capsys.readouterr()
    _damage(archive_db, where)

    status = run(archive_db, "list")
    err = capsys.readouterr().err
    if where == "a page in the middle" and status == 0:
        # the page hit holds nothing `list` reads: the check before a backup names it
        status = run(archive_db, "backup")
        err = capsys.readouterr().err
    assert status == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "已损坏" in err and "zwdesk restore" in err
    newest = backups.backup_files(archive_db.parent / "backups")[0]
    assert newest.name in err

    assert run(archive_db, "restore", str(newest)) == 0
    said = capsys.readouterr().out
    damaged = [p for p in archive_db.parent.iterdir() if ".damaged-" in p.name]
    assert listing(archive_db, capsys) == before
    if backups.integrity_problem(damaged[0] if damaged else archive_db, quick=True):
        assert damaged and "原来的数据库保留在" in said  # renamed, never deleted


def test_restore_refuses_a_damaged_or_foreign_backup_and_a_window_holding_the_file(
        archive_db, tmp_path, capsys):
    foreign = tmp_path / "other.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    assert run(archive_db, "restore", str(foreign)) == 1
    assert "不是 zwdesk 数据库" in capsys.readouterr().err

    assert run(archive_db, "backup", "-o", str(tmp_path / "b.sqlite3")) == 0
    _damage(tmp_path / "b.sqlite3", "first page")
    assert run(archive_db, "restore", str(tmp_path / "b.sqlite3")) == 1
    assert "已损坏，不能用来恢复" in capsys.readouterr().err

    assert run(archive_db, "backup", "-o", str(tmp_path / "c.sqlite3")) == 0
    holder = subprocess.Popen(["sleep", "30"])
    try:
        Path(str(archive_db) + ".lock").write_text(f"{holder.pid}\nzwdesk\nhost\n")
        assert run(archive_db, "restore", str(tmp_path / "c.sqlite3")) == 1
        assert "另一个 zwdesk 窗口正在使用" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert run(archive_db, "restore", str(tmp_path / "c.sqlite3")) == 0  # its holder is gone


def test_kill_during_a_backup_leaves_the_earlier_backups_and_no_partial_file(
        archive_db, tmp_path, capsys):
    connection = sqlite3.connect(archive_db)  # some bulk, so a backup takes a while
    connection.execute("CREATE TABLE padding (b BLOB)")
    connection.executemany("INSERT INTO padding VALUES (randomblob(4000))", [()] * 6000)
    # A fast machine finishes some of the killed runs: the rotation must not prune the first.
    connection.execute("INSERT INTO setting (key, value) VALUES ('backup_count', '100')")
    connection.commit()
    connection.close()
    assert run(archive_db, "backup") == 0
    folder = archive_db.parent / "backups"
    earlier = {p.name: p.read_bytes() for p in folder.iterdir()}
    env = cli_env(tmp_path)
    rng = random.Random(1)
    for _ in range(12):
        process = subprocess.Popen([sys.executable, "-m", "zwdesk", "--db", str(archive_db),
                                    "backup"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in earlier.items():
            assert (folder / name).read_bytes() == data
        for path in backups.backup_files(folder):  # whatever has a final name is whole
            assert backups.integrity_problem(path) == ""
    assert run(archive_db, "backup") == 0  # the next one clears what a killed one left
    assert not [p for p in folder.iterdir() if p.name.startswith(".zwdesk-backup-")]
    assert os.listdir(folder)


@pytest.mark.parametrize("argv", [["backup"], ["backup", "-o", "x.sqlite3"], ["backups"],
                                  ["restore", "x.sqlite3"]])
def test_a_server_database_is_backed_up_by_archive_said_in_one_line(  # noqa: ANN001
        server, capsys, argv, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(server, *argv) == cli.EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert f"{server} 是服务器上的数据库" in err
    assert "zwdesk archive -o FILE.zip" in err and "pg_dump" in err
    assert list(tmp_path.iterdir()) == []  # nothing written
