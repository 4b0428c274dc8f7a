"""Full-text search: the index kept in step with every write, the query, the command."""

from __future__ import annotations

import copy
import random
import sqlite3
from pathlib import Path

import pytest
from support.backends import sqlite_only

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
    assert search.index_consistent()
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


def test_full_width_digits_typed_find_the_printed_number(store) -> None:  # noqa: ANN001
    save_issue(_sample())
    typed = search.search("１４")  # a Chinese input method types full-width digits
    assert typed and [h.place for h in typed] == [h.place for h in search.search("14")]
    assert search.query_words("（一） ＷＰＳ") == ["（一）", "WPS"]  # brackets print full-width


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
    assert search.search("大厅", year=10**30) == [] and search.search("大厅", year=-5) == []
    every = search.search("大厅 窗口", limit=500)
    assert len(every) > 10 and search.search("大厅 窗口", limit=10**30) == every


def test_snippet_cuts_and_marks() -> None:
    text = "一" * 20 + "目标" + "二" * 20
    assert search.snippet(text, ["目标"]) == "…" + "一" * 15 + "【目标】" + "二" * 15 + "…"
    assert search.snippet("abc目标", ["目标"]) == "abc【目标】"


def test_index_follows_every_write(store) -> None:  # noqa: ANN001
    rng = random.Random(10)
    base = save_issue(_sample())
    second = save_issue(_sample(2023, 10, 101))
    for step in range(60):
        issue = Issue.get_or_none(Issue.id == rng.choice([base, second]).id)
        if issue is None:
            continue
        entries = list(TextEntry.select().join(Section).where(Section.issue == issue.id))
        checks = list(InspectionCheck.select().join(Section).where(Section.issue == issue.id))
        sections = list(Section.select().where(Section.issue == issue.id))
        action = rng.randrange(12)
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
        elif action == 9 and sections:
            editing.delete_row(Section, rng.choice(sections).id)
            if rng.random() < 0.5:
                restore_snapshot(snap)  # undo
        elif action == 10 and entries:  # renumbered: the places change, not the texts
            editing.move_row(TextEntry, rng.choice(entries).id, rng.choice([-1, 1]))
        elif action == 11:  # the 报头's 第N期
            taken = {i.number for i in Issue.select()}
            editing.update_row(Issue, issue.id, number=min(set(range(1, 60)) - taken))
            if rng.random() < 0.5:
                restore_snapshot(snap)  # undo
        _assert_in_step()
        if action in (0, 1, 3, 4, 6, 8):
            assert search.search(word), (step, action)
    second = Issue.get_by_id(second.id)
    second.delete_instance()  # the app's 删除本期
    assert not any(h.number == second.number for h in search.search("窗口"))
    _assert_in_step()
    base = Issue.get_by_id(base.id)
    save_issue(_sample(base.year, base.number, base.serial), replace=True)
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


# The index as schema 4 made it: no form field, ids in the order rows were written.
_FIRST_LAYOUT = (
    'CREATE TABLE "search_text" (id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL REFERENCES '
    '"issue" (id) ON DELETE CASCADE, position INTEGER NOT NULL, place TEXT NOT NULL, '
    "text TEXT NOT NULL)",
    'CREATE VIRTUAL TABLE "search_fts" USING fts5(text, content="search_text", '
    "content_rowid=id, tokenize=trigram)",
    'CREATE TRIGGER "search_text_ai" AFTER INSERT ON "search_text" BEGIN INSERT INTO '
    '"search_fts" (rowid, text) VALUES (new.id, new.text); END',
)


def test_migration_gives_the_index_its_fields(tmp_path: Path) -> None:
    path = tmp_path / "four.sqlite3"
    db = open_database(path)
    save_issue(_sample())
    search.drop_index(db)
    for statement in _FIRST_LAYOUT:
        db.execute_sql(statement)
    db.execute_sql("INSERT INTO search_text (issue_id, position, place, text) "
                   "VALUES (1, 0, '一、x', '旧的索引行')")
    Setting.update(value="4").where(Setting.key == "schema_version").execute()
    db.close()
    db = open_database(path)
    try:
        assert Setting.get(Setting.key == "schema_version").value == str(current_version())
        assert search.search("旧的索引行") == []
        hit = search.search("厅（局）长进大厅")[0]
        assert (hit.anchor, hit.field) == ("s2.2", "title")
        _assert_in_step()
    finally:
        db.close()
    assert list(tmp_path.glob("four.sqlite3.v4-*.bak"))


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


# --- the query against a plain reading of every text ---

ALPHABET = "甲乙丙丁戊己aAbB%_\\\""


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 14)))


def _random_issue(rng: random.Random, year: int, number: int, serial: int) -> dict:
    data = _sample(year, number, serial)
    for section in data["sections"]:
        section["title"] = _random_text(rng)
        for node in [section, *section.get("subsections", [])]:
            block = node.get("block")
            if node is not section:
                node["title"] = _random_text(rng)
            if block and block["kind"] == "items":
                block["items"] = [_random_text(rng) for _ in range(rng.randint(0, 4))]
            elif block and block["kind"] == "inspection":
                for check in block["checks"]:
                    check["finding"] = _random_text(rng)
    data["distribution"]["send"] = _random_text(rng)
    return data


def _words(query: str) -> list[str]:
    """The words, quotes around them taken off (inside a word a quote is a character)."""
    return list(dict.fromkeys(w.strip('"') for w in query.split() if w.strip('"')))


def _reference(texts: dict, query: str, year: int | None, limit: int) -> list[tuple]:
    """Every text of every issue read in turn: what ``search`` must answer."""
    words = _words(query)
    hits = []
    for (y, n), issue_texts in sorted(texts.items(), reverse=True):
        lowered = [t.text.lower() for t in issue_texts]
        if year not in (None, y) or not all(any(w.lower() in t for t in lowered) for w in words):
            continue
        hits += [(y, n, t.place, t.text, t.anchor, t.field)
                 for t, low in zip(issue_texts, lowered, strict=True)
                 if any(w.lower() in low for w in words)]
    return hits[:limit]


@pytest.mark.parametrize("spans", [(16, 1024), (1, 2)])
def test_search_answers_as_reading_every_text(store, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                              spans: tuple[int, int]) -> None:
    monkeypatch.setattr(search, "FIRST_SPAN", spans[0])
    monkeypatch.setattr(search, "LARGEST_SPAN", spans[1])
    rng = random.Random(1010)
    texts = {}
    serial = 1
    for year in (2021, 2022, 2023):
        for number in rng.sample(range(1, 60), 14):  # stored in no particular order
            save_issue(_random_issue(rng, year, number, serial))
            serial += 1
            texts[(year, number)] = search.issue_texts(_sample_loaded(year, number))
    _assert_in_step()
    for _ in range(300):
        words = [_random_word(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        query = " ".join(words)
        if not _words(query):  # only quotes: nothing to look for
            continue
        year = rng.choice([None, None, 2022, 2020])
        limit = rng.choice([1, 5, 50, 1000])
        got = [(h.year, h.number, h.place, h.text, h.anchor, h.field)
               for h in search.search(query, year=year, limit=limit)]
        assert got == _reference(texts, query, year, limit), (query, year, limit)
        key = rng.choice(list(texts))  # one issue (the app's 查找本期)
        one = {key: texts[key]}
        got = [(h.year, h.number, h.place, h.text, h.anchor, h.field)
               for h in search.search(query, year=key[0], number=key[1], limit=limit)]
        assert got == _reference(one, query, None, limit), (query, key, limit)
    assert any(len(_reference(texts, w, None, 1000)) > 30 for w in ALPHABET)  # many hits


def _random_word(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.choice([1, 2, 2, 3, 4])))


def _sample_loaded(year: int, number: int) -> dict:
    from zwdesk.store.issues import load_issue

    return load_issue(find_issue(year, number))


def test_hits_name_the_field_of_the_text(store) -> None:  # noqa: ANN001
    save_issue(_sample())
    fields = {(h.place, h.anchor, h.field) for h in search.search("大厅", limit=100)}
    assert ("三、窗口工作动态 / （三）厅（局）长进大厅 / 第1条", "s2.2", "items[0]") in fields
    assert ("三、窗口工作动态 / （三）厅（局）长进大厅", "s2.2", "title") in fields
    assert ("四、大厅巡查情况", "s3", "title") in fields
    assert {h.field for h in search.search("中心领导")} == {"report"}
    assert {h.anchor for h in search.search("中心领导")} == {"distribution"}


# --- writes: only what changed, the index never out of step ---


@pytest.fixture
def index_writes(store):  # noqa: ANN001, ANN201
    """The index rows each write inserts, updates (text or not) and deletes, as a list."""
    log: list[str] = []
    connection = database.obj.connection()
    connection.create_function("log_write", 1, log.append)
    for event in ("INSERT", "DELETE", "UPDATE"):
        store.execute_sql(f"CREATE TEMP TRIGGER log_{event} AFTER {event} ON main.search_text "
                          f"BEGIN SELECT log_write('{event}'); END")
    return log


@sqlite_only  # the writes are counted by a trigger calling Python: SQLite's create_function
def test_a_keystroke_rewrites_one_row(index_writes: list) -> None:
    issue = save_issue(_sample())
    index_writes.clear()
    entry = TextEntry.select().join(Section).where(Section.issue == issue.id).first()
    editing.update_row(TextEntry, entry.id, text=entry.text + "改")
    assert index_writes == ["UPDATE"]
    index_writes.clear()
    editing.set_status(issue.id, "final")  # nothing printed changes
    assert index_writes == []
    stats = WindowStats.select().join(Section).where(Section.issue == issue.id).get()
    editing.update_row(WindowStats, stats.id, week_consult=stats.week_consult + 1)
    assert index_writes == ["UPDATE"]  # the sentence made of the figures
    _assert_in_step()


def test_index_follows_a_new_number(store) -> None:  # noqa: ANN001
    first = save_issue(_sample())
    second = save_issue(_sample(2023, 10, 101))
    editing.update_row(Issue, first.id, number=11)  # the 报头's 第N期
    _assert_in_step()
    assert [(h.year, h.number) for h in search.search("中心领导")] == [(2023, 11), (2023, 10)]
    with database.atomic():  # two issues swap their numbers in one transaction
        editing.update_row(Issue, first.id, number=500)
        editing.update_row(Issue, second.id, number=11)
        editing.update_row(Issue, first.id, number=10)
    _assert_in_step()
    assert [(h.year, h.number) for h in search.search("中心领导")] == [(2023, 11), (2023, 10)]
    editing.update_row(Issue, second.id, year=2024)
    _assert_in_step()
    assert [h.year for h in search.search("中心领导", year=2024)] == [2024]


def test_quotes_around_a_word_are_not_looked_for(store) -> None:  # noqa: ANN001
    save_issue(_sample(2023, 9, 429))
    plain = [(h.number, h.anchor, h.field) for h in search.search("大厅", limit=500)]
    assert plain
    for quoted in ('"大厅"', "“大厅”", "'大厅'", "「大厅」", "‘大厅’"):
        assert search.query_words(quoted) == ["大厅"]
        assert [(h.number, h.anchor, h.field)
                for h in search.search(quoted, limit=500)] == plain, quoted
    assert search.query_words('a"b “巡查” ""') == ['a"b', "巡查"]


def test_the_masthead_is_found_and_opens_the_masthead(store) -> None:  # noqa: ANN001
    save_issue(_sample(2023, 9, 429))
    [number] = search.search("总第429期")
    assert (number.anchor, number.field, number.place) == ("masthead", "number", "报头")
    assert number.text == "2023年第9期（总第429期）"
    [editor] = search.search("服务中心 2023年3月21日")
    assert editor.anchor == "masthead" and editor.place == "报头"
    assert editor.text == "四川省政府政务服务和公共资源交易服务中心 2023年3月21日"
    assert [h.text for h in search.search("政务服务工作")][0] == "政务服务工作"
    _assert_in_step()
