"""zwdesk db copy: a whole archive from a SQLite file to a server database and back, after which
every command prints the same on both; one transaction on the target."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from support.builders import SAMPLE_JSON, db_snapshot, random_issue, row_counts

from zwdesk import cli
from zwdesk.core.exchange import parse_issue, read_issue
from zwdesk.core.nextissue import next_issue
from zwdesk.core.submission import make_submission
from zwdesk.store import content, inbox, search, user
from zwdesk.store.database import open_database
from zwdesk.store.issues import list_issues, load_issue, save_issue
from zwdesk.store.settings import set_banji_even_page


def _archive(path: Path) -> Path:
    """A SQLite archive with issues over two years, 来稿 adopted, declined and waiting, a
    changed setting and a department added."""
    db = open_database(path)
    sample = save_issue(read_issue(SAMPLE_JSON))
    following = save_issue(next_issue(load_issue(sample)))
    for seed in range(6):
        data = random_issue(seed)
        data.update(year=2022, number=seed + 1, serial=300 + seed, issue_date="2022-06-30",
                    period={"start": "2022-06-20", "end": "2022-06-24"})
        save_issue(parse_issue(json.dumps(data, ensure_ascii=False), "r"))
    for day, unit in ((3, "省市场监管局窗口"), (9, "省公安厅窗口"), (15, "省医保局窗口")):
        items = [(f"{unit}窗口推行“一窗通办”，本周办件{day}件。", "窗口工作动态"),
                 (f"{unit}开展业务培训{day}次。", "")]
        received = make_submission("来稿.json", unit, "王敏", "028-86000000",
                                   dt.date(2023, 3, day), items)
        first, second = inbox.add_submission(received, f"{unit}.json")
        if day == 3:
            inbox.adopt(first, inbox.find_place(following, "3.2").id)
        if day == 9:
            inbox.decline(second, "与上周重复")
    set_banji_even_page(False)
    user.set_user("王敏")  # a line of the history by someone else than the imports' user
    try:
        content.update_distribution(following.id, copies=120)
    finally:
        user.set_user(None)
    db.close()
    return path


def _outputs(location: object, capsys: pytest.CaptureFixture, tmp_path: Path) -> dict:
    """What list, search, inbox list, tally, check YEAR and dump print for the archive."""
    def run(*args: str) -> tuple[int, str]:
        status = cli.main(["--db", str(location), *args])
        return status, capsys.readouterr().out

    found = {"list": run("list"), "inbox": run("inbox", "list"),
             "tally": run("tally", "--from", "2023-01-01", "--to", "2023-12-31"),
             "settings": run("settings")}
    for query in ("大厅", "窗口 培训", "厅", "WPS", "一窗通办", "不存在的文字"):
        found[f"search {query}"] = run("search", query, "--limit", "500")
    for year in ("2022", "2023"):
        found[f"check {year}"] = run("check", year)
    keys = [line.split("\t")[0] for line in found["list"][1].splitlines()]
    for key in keys:
        target = tmp_path / f"{key}-{len(found)}.json"
        run("dump", key, "-o", str(target))
        found[f"dump {key}"] = target.read_text(encoding="utf-8")
        found[f"history {key}"] = run("history", key)
    return found


def test_copy_to_a_server_and_back_prints_the_same(tmp_path, capsys, server) -> None:  # noqa: ANN001
    source = _archive(tmp_path / "本机.sqlite3")
    assert cli.main(["db", "copy", str(source), str(server)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"已复制 {source} → {server}"
    counts = dict(line.split("\t") for line in out[1:])
    assert counts["期刊"] == "8" and counts["来稿"] == "6" and counts["报送单位"] == "3"
    assert counts["设置"] == "1" and int(counts["搜索索引"]) > 100
    assert counts["修订记录"] == "10"  # 8 imports, the 来稿 adopted, 王敏's 共印份数

    on_file = _outputs(source, capsys, tmp_path)
    on_server = _outputs(server, capsys, tmp_path)
    assert on_server == on_file
    assert on_file["list"][1].count("\n") == 8 and "采用" in on_file["inbox"][1]
    assert on_file["search 大厅"][1] and on_file["search 不存在的文字"][0] == 1
    assert "\t王敏\t版记 / 共印份数\t94\t120" in on_file["history 2023-10"][1]

    back = tmp_path / "回到本机.sqlite3"
    assert cli.main(["db", "copy", str(server), str(back)]) == 0
    capsys.readouterr()
    assert _outputs(back, capsys, tmp_path) == on_file
    assert row_counts(back) == row_counts(source)


def test_new_rows_after_a_copy_get_new_ids(tmp_path, capsys, server) -> None:  # noqa: ANN001
    """The ids were copied as they are: the server's sequences continue after them."""
    source = _archive(tmp_path / "本机.sqlite3")
    assert cli.main(["db", "copy", str(source), str(server)]) == 0
    db = open_database(server)
    try:
        latest = list_issues()[0]
        added = save_issue(next_issue(load_issue(latest)))
        assert added.id > latest.id
        assert search.search("窗口", year=added.year, number=added.number)
    finally:
        db.close()


def test_a_target_with_data_is_replaced_only_when_asked(tmp_path, capsys, server) -> None:  # noqa: ANN001
    source = _archive(tmp_path / "本机.sqlite3")
    other = tmp_path / "另一个.sqlite3"
    assert cli.main(["--db", str(other), "sample"]) == 0
    assert cli.main(["db", "copy", str(other), str(server)]) == 0
    capsys.readouterr()
    before = db_snapshot(server)
    assert cli.main(["db", "copy", str(source), str(server)]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "已有数据（1 期" in err and "--replace" in err
    assert db_snapshot(server) == before
    assert cli.main(["db", "copy", str(source), str(server), "--replace"]) == 0
    capsys.readouterr()
    assert _outputs(server, capsys, tmp_path) == _outputs(source, capsys, tmp_path)


def test_a_file_a_copy_replaces_is_backed_up_first(tmp_path, capsys, server) -> None:  # noqa: ANN001
    from zwdesk.store.backups import backup_files, describe_backup

    source = _archive(tmp_path / "本机.sqlite3")
    assert cli.main(["db", "copy", str(source), str(server)]) == 0
    target = tmp_path / "另一个.sqlite3"
    assert cli.main(["--db", str(target), "sample"]) == 0
    capsys.readouterr()
    assert cli.main(["db", "copy", str(server), str(target), "--replace"]) == 0
    out = capsys.readouterr().out
    made = backup_files(target.parent / "backups")
    assert len(made) == 1 and f"原有数据已备份：{made[0]}" in out.splitlines()[0]
    assert describe_backup(made[0]).issues == 1  # the sample it held
    assert "修订记录\t" in out
    assert _outputs(target, capsys, tmp_path) == _outputs(source, capsys, tmp_path)
    # into a server, or an empty new file: nothing to back up
    assert cli.main(["db", "copy", str(target), str(server), "--replace"]) == 0
    assert cli.main(["db", "copy", str(server), str(tmp_path / "新.sqlite3"), "--replace"]) == 0
    assert "已备份" not in capsys.readouterr().out
    assert len(backup_files(target.parent / "backups")) == 1


def test_a_failed_copy_leaves_the_target_as_it_was(tmp_path, capsys, server,  # noqa: ANN001
                                                   monkeypatch) -> None:
    source = _archive(tmp_path / "本机.sqlite3")
    before = db_snapshot(server)

    def broken() -> None:
        raise KeyboardInterrupt  # Ctrl+C while the index is rebuilt, the rows all written

    monkeypatch.setattr(search, "rebuild", broken)
    assert cli.main(["db", "copy", str(source), str(server)]) == cli.EXIT_INTERRUPTED
    assert db_snapshot(server) == before
    new_file = tmp_path / "新文件.sqlite3"
    assert cli.main(["db", "copy", str(source), str(new_file)]) == cli.EXIT_INTERRUPTED
    assert not new_file.exists() and list(tmp_path.glob("新文件*")) == []


def test_copy_refusals(tmp_path, capsys) -> None:  # noqa: ANN001
    source = _archive(tmp_path / "本机.sqlite3")
    assert cli.main(["db", "copy", str(source), str(source)]) == cli.EXIT_ERROR
    assert "同一个" in capsys.readouterr().err
    missing = tmp_path / "没有.sqlite3"
    assert cli.main(["db", "copy", str(missing), str(tmp_path / "x.sqlite3")]) == cli.EXIT_ERROR
    assert "不存在" in capsys.readouterr().err
    assert not missing.exists() and not (tmp_path / "x.sqlite3").exists()
