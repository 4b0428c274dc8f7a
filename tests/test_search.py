"""Full-text search: the index kept in step with every write, the query, the command."""

from __future__ import annotations

import copy
import random
import sqlite3
from pathlib import Path

import pytest

from zwdesk import cli
from zwdesk.core.exchange import read_issue
from zwdesk.operations import sample_path
from zwdesk.store import editing, search
from zwdesk.store.database import open_database
from zwdesk.store.issues import find_issue, replace_issue_content, save_issue
from zwdesk.store.migrations import current_version
from zwdesk.store.models import (
    Distribution,
    InspectionCheck,
    Issue,
    Section,
    Setting,
    TextEntry,
    WindowStats,
    database,
)
from zwdesk.store.snapshots import restore_snapshot, take_snapshot


def _sample(year: int = 2023, number: int = 9, serial: int = 100) -> dict:
    data = read_issue(sample_path())
    data.update(year=year, number=number, serial=serial)
    return data


def _assert_in_step() -> None:
    rows = search.index_rows()
    assert search.fts_consistent()
    search.rebuild()
    assert search.index_rows() == rows


def test_sqlite_has_trigram() -> None:
    assert sqlite3.sqlite_version_info >= (3, 34)


def test_search_finds_words_with_places_and_snippets(store) -> None:  # noqa: ANN001
    save_issue(_sample())
    hits = search.search("大厅")
    assert hits and all("【大厅】" in h.snippet for h in hits)
    places = [h.place for h in hits]
    assert "三、窗口工作动态 / （三）厅（局）长进大厅 / 第1条" in places
    assert search.search("厅", limit=3)[0].snippet.count("【厅】") == 1  # one character: LIKE
    assert len(search.search("厅", limit=3)) == 3
    assert search.search("没有这样的文字") == []


def test_several_words_must_all_be_in_the_issue(store) -> None:  # noqa: ANN001
    save_issue(_sample())
    other = _sample(2023, 10, 101)
    other["sections"][0]["title"] = "独有标题甲乙丙"
    save_issue(other)
    assert {(h.year, h.number) for h in search.search("甲乙丙 大厅")} == {(2023, 10)}
    assert search.search("甲乙丙 不存在的词") == []
    assert [(h.year, h.number) for h in search.search("大厅")][0] == (2023, 10)  # newest first
    assert {h.number for h in search.search("大厅", year=2023)} == {9, 10}
    assert search.search("大厅", year=2022) == []


def test_snippet_cuts_and_marks() -> None:
    text = "一" * 20 + "目标" + "二" * 20
    assert search.snippet(text, ["目标"]) == "…" + "一" * 15 + "【目标】" + "二" * 15 + "…"
    assert search.snippet("abc目标", ["目标"]) == "abc【目标】"


def test_index_follows_every_write(store) -> None:  # noqa: ANN001
    rng = random.Random(10)
    base = save_issue(_sample())
    second = save_issue(_sample(2023, 10, 101))
    for step in range(60):
        issue = rng.choice([base, second])
        if Issue.get_or_none(Issue.id == issue.id) is None:
            continue
        entries = list(TextEntry.select().join(Section).where(Section.issue == issue.id))
        checks = list(InspectionCheck.select().join(Section).where(Section.issue == issue.id))
        sections = list(Section.select().where(Section.issue == issue.id))
        action = rng.randrange(10)
        word = f"词{step}号"
        snap = take_snapshot(issue.id)
        if action == 0 and entries:
            editing.update_row(TextEntry, rng.choice(entries).id, text=word)
        elif action == 1 and entries:
            editing.add_entry(rng.choice(entries).section_id, word, 0)
        elif action == 2 and entries:
            editing.delete_row(TextEntry, rng.choice(entries).id)
        elif action == 3 and checks:
            editing.update_row(InspectionCheck, rng.choice(checks).id, finding=word)
        elif action == 4 and sections:
            editing.update_row(Section, rng.choice(sections).id, title=word)
        elif action == 5 and sections:
            editing.move_row(Section, rng.choice(sections).id, rng.choice([-1, 1]))
        elif action == 6:
            dist = Distribution.get(Distribution.issue == issue.id)
            editing.update_row(Distribution, dist.id, report=word)
        elif action == 7:
            stats = list(WindowStats.select().join(Section).where(Section.issue == issue.id))
            if stats:
                editing.update_row(WindowStats, stats[0].id, week_consult=step)
        elif action == 8:
            data = _sample(issue.year, issue.number, issue.serial)
            data["sections"][0]["title"] = word
            replace_issue_content(issue.id, data)
        elif sections:
            editing.delete_row(Section, rng.choice(sections).id)
            if rng.random() < 0.5:
                restore_snapshot(snap)  # undo
        _assert_in_step()
        if action in (0, 1, 3, 4, 6, 8):
            assert search.search(word), (step, action)
    find_issue(2023, 10).delete_instance()  # the app's 删除本期
    assert not any(h.number == 10 for h in search.search("窗口"))
    _assert_in_step()
    save_issue(_sample(2023, 9, 100), replace=True)
    _assert_in_step()


def test_edit_in_a_failed_transaction_leaves_the_index(store) -> None:  # noqa: ANN001
    save_issue(_sample())
    before = search.index_rows()
    entry = TextEntry.select().first()
    with pytest.raises(RuntimeError), database.atomic():
        editing.update_row(TextEntry, entry.id, text="回滚的文字")
        raise RuntimeError
    assert search.index_rows() == before
    assert search.search("回滚的文字") == []


def test_migration_builds_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    save_issue(_sample())
    for name in ("search_fts", "search_text"):
        db.execute_sql(f'DROP TABLE "{name}"')
    Setting.update(value="3").where(Setting.key == "schema_version").execute()
    db.close()
    db = open_database(path)
    try:
        assert Setting.get(Setting.key == "schema_version").value == str(current_version())
        assert search.search("大厅")
        _assert_in_step()
    finally:
        db.close()
    assert list(tmp_path.glob("old.sqlite3.v3-*.bak"))


def test_cli_search(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "cli.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "search", "大厅", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    key, place, snippet = lines[1].split("\t")
    assert key == "2023-9"
    assert place == "三、窗口工作动态 / （三）厅（局）长进大厅 / 第1条"
    assert "【大厅】" in snippet
    assert cli.main(["--db", db, "search", "大厅", "--year", "2022"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "没有找到" in captured.err
    assert cli.main(["--db", db, "search", "综合 窗口"]) == 0
    assert capsys.readouterr().out


def test_copy_of_issue_dict_is_not_changed() -> None:
    data = _sample()
    before = copy.deepcopy(data)
    search.issue_texts(data)
    assert data == before
