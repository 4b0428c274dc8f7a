"""The whole archive in one file: archive → import gives back what the source printed."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from support.backends import sqlite_only
from support.builders import db_execute, make_issue, write_json

from zwdesk import cli

ISSUES = 30
UNITS = ("省公安厅窗口", "省市场监管局窗口", "省医保局窗口")


def run(db: object, capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    """A command on the database ``db`` (a file, or a server's: its Location)."""
    status = cli.main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def weekly_issue(number: int) -> dict:
    friday = dt.date(2023, 1, 6) + dt.timedelta(weeks=number - 1)
    return make_issue(year=2023, number=number, serial=420 + number,
                      issue_date=(friday + dt.timedelta(days=3)).isoformat(),
                      period=((friday - dt.timedelta(days=4)).isoformat(), friday.isoformat()))


@pytest.fixture
def source(db_location, tmp_path: Path, capsys: pytest.CaptureFixture):  # noqa: ANN001, ANN201
    """30 issues, 来稿 from three units: adopted, declined, returned and still pending, one
    issue final, one setting changed; in a file or on the server (the backend fixture)."""
    db = db_location
    folder = tmp_path / "issues"
    folder.mkdir()
    for number in range(1, ISSUES + 1):
        write_json(folder / f"{number}.json", weekly_issue(number))
    assert run(db, capsys, "import", str(folder))[0] == 0
    for n, unit in enumerate(UNITS):
        sub = write_json(tmp_path / f"sub{n}.json", {
            "format": "zwdesk-submission", "version": 1, "unit": unit,
            "date": f"2023-03-{10 + n}", "items": [{"text": f"{unit}第{k}条动态，巡查窗口。"}
                                                    for k in range(1, 5)]})
        assert run(db, capsys, "inbox", "add", str(sub))[0] == 0
    ids = [line.split("\t")[0] for line in run(db, capsys, "inbox", "list")[1].splitlines()]
    assert len(ids) == 12
    for item, issue in zip(ids[:3], ("2023-10", "2023-10", "2023-11"), strict=True):
        assert run(db, capsys, "inbox", "adopt", item, issue, "1.2")[0] == 0
    assert run(db, capsys, "inbox", "decline", ids[3], "--reason", "与上期重复")[0] == 0
    assert run(db, capsys, "inbox", "return", ids[4], "--reason", "请补充数字")[0] == 0
    assert run(db, capsys, "settings", "--even-page", "off")[0] == 0
    db_execute(db, "UPDATE issue SET status = 'final' WHERE year = 2023 AND number = 5")
    return db


def printed(db: object, capsys: pytest.CaptureFixture, tmp_path: Path) -> dict[str, str]:
    """What the commands print of an archive (and every issue's dump)."""
    seen = {}
    for argv in (["list"], ["inbox", "list"], ["search", "巡查"], ["search", "窗口", "--limit",
                 "500"], ["tally", "--from", "2023-01-01", "--to", "2023-12-31"],
                 ["check", "2023"], ["settings"]):
        status, out, _ = run(db, capsys, *argv)
        seen[" ".join(argv)] = f"{status}\n{out}"
    for number in range(1, ISSUES + 1):
        target = tmp_path / f"dump-{number}.json"
        assert run(db, capsys, "dump", f"2023-{number}", "-o", str(target))[0] == 0
        seen[f"dump {number}"] = target.read_text("utf-8")
    return seen


def test_archive_into_an_empty_database_brings_everything_back(source, new_location, tmp_path,
                                                                capsys):
    before = printed(source, capsys, tmp_path)
    zipped = tmp_path / "全部.zip"
    status, out, _ = run(source, capsys, "archive", "-o", str(zipped))
    assert status == 0 and "30 期" in out and "12 条来稿" in out

    manifest = json.loads(zipfile.ZipFile(zipped).read("manifest.json"))
    # history: each issue's import, and the three 来稿 adopted (tests/cli/test_history_cli.py)
    assert manifest["counts"] == {"issues": 30, "units": 3, "submissions": 3, "items": 12,
                                  "history": 30 + 3}
    assert manifest["program_version"] and len(manifest["sha256"]) == 30 + 30 + 3

    target = new_location("target")
    status, out, err = run(target, capsys, "import", str(zipped))
    assert status == 0, err
    assert "30 期" in out and "12 条来稿" in out
    after = printed(target, capsys, tmp_path)
    assert after == before
    assert "采用\t" in before["inbox list"] and "未采用" in before["inbox list"]
    assert "定稿" in before["list"] and "even-page\toff" in before["settings"]


@sqlite_only  # the source a file; through a server and back
def test_an_archive_moves_a_file_to_a_server_and_back(source, server, tmp_path, capsys):  # noqa: ANN001
    before = printed(source, capsys, tmp_path)
    zipped, again = tmp_path / "本机.zip", tmp_path / "服务器.zip"
    assert run(source, capsys, "archive", "-o", str(zipped))[0] == 0
    assert run(server, capsys, "import", str(zipped))[0] == 0
    assert printed(server, capsys, tmp_path) == before
    assert run(server, capsys, "archive", "-o", str(again))[0] == 0
    back = tmp_path / "back.sqlite3"
    assert run(back, capsys, "import", str(again))[0] == 0
    assert printed(back, capsys, tmp_path) == before
    # the history came along, and each import wrote its own line after it
    history = run(source, capsys, "history", "2023-10")[1].splitlines()
    moved = run(back, capsys, "history", "2023-10")[1].splitlines()
    assert moved[:len(history)] == history and len(history) == 3
    imports = [line.split("\t")[-1].split(" ← ")[-1] for line in moved[len(history):]]
    assert imports == ["本机.zip", "服务器.zip"]


def test_into_a_database_with_data_only_what_is_new_and_conflicts_refused(
        source, new_location, tmp_path, capsys):
    zipped = tmp_path / "a.zip"
    assert run(source, capsys, "archive", "-o", str(zipped))[0] == 0
    status, out, _ = run(source, capsys, "import", str(zipped))  # the same data: nothing new
    assert status == 0 and "0 期" in out and "0 条来稿" in out

    other = new_location("other")
    changed = weekly_issue(7)
    changed["distribution"]["copies"] = 12
    assert run(other, capsys, "import", str(write_json(tmp_path / "7.json", changed)))[0] == 0
    status, _, err = run(other, capsys, "import", str(zipped))
    assert status == 1 and "2023年第7期已存在" in err
    assert run(other, capsys, "list")[1].count("\n") == 1  # one transaction: nothing added
    status, out, _ = run(other, capsys, "import", str(zipped), "--replace")
    assert status == 0 and "30 期" in out
    assert printed(other, capsys, tmp_path)["list"] == printed(source, capsys, tmp_path)["list"]


def _rewrite(zipped: Path, target: Path, change) -> Path:  # noqa: ANN001
    with zipfile.ZipFile(zipped) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def test_a_tampered_archive_is_refused_naming_the_member(source, new_location, tmp_path,
                                                         capsys):
    zipped = tmp_path / "a.zip"
    assert run(source, capsys, "archive", "-o", str(zipped))[0] == 0
    target = new_location("empty")
    cases = {
        "changed": (lambda name, data: data.replace("巡查".encode(), "检查".encode())
                    if name == "issues/2023-003.json" else data, "issues/2023-003.json"),
        "removed": (lambda name, data: None if name == "inbox.json" else data, "inbox.json"),
        "added": (lambda name, data: data, "extra.json"),
    }
    for case, (change, member) in cases.items():
        bad = _rewrite(zipped, tmp_path / f"{case}.zip", change)
        if case == "added":
            with zipfile.ZipFile(bad, "a") as extra:
                extra.writestr("extra.json", "{}")
        status, _, err = run(target, capsys, "import", str(bad))
        assert status == 1 and member in err and "Traceback" not in err, (case, err)
        assert run(target, capsys, "list")[1] == ""


def test_a_zip_bomb_member_is_refused_before_it_is_read(tmp_path, capsys):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b" " * (300 * 2**20))
    status, _, err = run(tmp_path / "db.sqlite3", capsys, "import", str(bomb))
    assert status == 1 and "过大" in err
