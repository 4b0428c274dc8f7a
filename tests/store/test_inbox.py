"""The inbox (来稿): receiving submissions, adopting items into an issue and keeping the link
through every way an issue's entries are rewritten, declining and returning, the command line."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from support.builders import SAMPLE_JSON, db_snapshot, write_json

from zwdesk import cli
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.exchange import read_issue
from zwdesk.core.nextissue import next_issue
from zwdesk.core.submission import make_submission
from zwdesk.store import editing, inbox, migrations
from zwdesk.store.database import open_database
from zwdesk.store.inbox import ItemFilter
from zwdesk.store.issues import find_issue, load_issue, replace_issue_content, save_issue
from zwdesk.store.models import (
    STATUS_FINAL,
    Issue,
    Section,
    Submission,
    SubmittedItem,
    TextEntry,
    Unit,
    database,
    on_server,
)
from zwdesk.store.snapshots import restore_snapshot, take_snapshot

MARKET = "省市场监管局窗口"
POLICE = "省公安厅窗口"


def received(unit: str = MARKET, date: dt.date = dt.date(2023, 3, 15),
             texts: tuple[str, ...] = ("窗口推行“一窗通办”，本周办件300件。", "窗口开展业务培训。"),
             author: str = "王敏", phone: str = "028-86000000"):
    return make_submission("测试", unit, author, phone, date, [(t, "窗口工作动态") for t in texts])


@pytest.fixture
def issue(store) -> Issue:  # noqa: ANN001
    """The sample 2023年第9期 stored (3.2 = 窗口服务效能提升工作情况, items)."""
    return save_issue(read_issue(SAMPLE_JSON))


def section_at(issue: Issue, place: str) -> Section:
    return inbox.find_place(issue, place)


def texts(section: Section) -> list[str]:
    return [e.text for e in section.entries.order_by(TextEntry.position)]


def state(item_id: int) -> str:
    return inbox.get_item(item_id).state


def linked_entry(item_id: int) -> TextEntry | None:
    return TextEntry.get_or_none(TextEntry.submitted_item == item_id)


# --- receiving ---


def test_a_submission_is_stored_with_its_unit_and_items(store) -> None:  # noqa: ANN001
    ids = inbox.add_submission(received(), "来稿.json")
    unit = Unit.get()
    assert (unit.name, unit.contact, unit.phone) == (MARKET, "王敏", "028-86000000")
    row = Submission.get()
    assert (row.unit_id, row.date, row.source, row.author) == (
        unit.id, dt.date(2023, 3, 15), "来稿.json", "王敏")
    assert row.fingerprint == received().fingerprint()
    items = list(SubmittedItem.select().order_by(SubmittedItem.position))
    assert [i.id for i in items] == ids
    assert [(i.text, i.topic, i.state, i.decided_at) for i in items] == [
        ("窗口推行“一窗通办”，本周办件300件。", "窗口工作动态", "待审", None),
        ("窗口开展业务培训。", "窗口工作动态", "待审", None)]
    # the unit's second submission uses the registry's row
    inbox.add_submission(received(date=dt.date(2023, 3, 22)), "第二周.json")
    inbox.add_submission(received(POLICE), "公安.json")
    assert Unit.select().count() == 2
    assert inbox.unit_names() == [MARKET, POLICE]


def test_the_same_submission_twice_is_refused_naming_the_first(store) -> None:  # noqa: ANN001
    inbox.add_submission(received(), "来稿.json")
    before = [list(m.select().tuples()) for m in (Unit, Submission, SubmittedItem)]
    with pytest.raises(inbox.DuplicateSubmissionError) as refused:
        inbox.add_submission(received(author="另一人"), "来稿（另存）.json")
    assert "已收过" in str(refused.value) and MARKET in str(refused.value)
    assert "2023-03-15" in str(refused.value) and "来稿.json" in str(refused.value)
    assert [list(m.select().tuples()) for m in (Unit, Submission, SubmittedItem)] == before


# --- listing ---


def test_list_filters_pages_and_counts(store) -> None:  # noqa: ANN001
    first = inbox.add_submission(received(date=dt.date(2023, 3, 1)), "a.json")
    second = inbox.add_submission(received(POLICE, dt.date(2023, 3, 20), ("公安一条。",)), "b")
    third = inbox.add_submission(received(date=dt.date(2023, 4, 2), texts=("四月的。",)), "c")
    inbox.decline(first[1], "与本期主题无关")
    listed = inbox.list_items()
    assert [i.id for i in listed] == [*third, *second, *first]  # newest first, items in order
    assert inbox.count_items() == 4
    assert [i.id for i in inbox.list_items(offset=1, limit=2)] == [second[0], first[0]]
    assert [i.id for i in inbox.list_items(ItemFilter(unit=MARKET))] == [*third, *first]
    assert [i.id for i in inbox.list_items(ItemFilter(state="未采用"))] == [first[1]]
    assert inbox.count_items(ItemFilter(state="待审")) == inbox.pending_count() == 3
    march = ItemFilter(start=dt.date(2023, 3, 1), end=dt.date(2023, 3, 31))
    assert [i.id for i in inbox.list_items(march)] == [*second, *first]
    assert inbox.count_items(ItemFilter(unit=POLICE, end=dt.date(2023, 3, 19))) == 0
    item = inbox.get_item(first[1])
    assert (item.state, item.reason, item.unit, item.date, item.issue) == (
        "未采用", "与本期主题无关", MARKET, dt.date(2023, 3, 1), None)


# --- adopting ---


def test_adopt_appends_the_text_linked_to_its_item(issue) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    section = section_at(issue, "3.2")
    before = texts(section)
    entry = inbox.adopt(item_id, section.id)
    assert texts(section) == [*before, "窗口推行“一窗通办”，本周办件300件。"]
    assert entry.position == len(before) and entry.submitted_item_id == item_id
    assert state(item_id) == "采用" and inbox.get_item(item_id).issue == (2023, 9)
    assert inbox.describe_entry(entry) == ("2023年第9期 三、窗口工作动态 / （二）窗口服务效能提升"
                                           f"工作情况 第{len(before) + 1}条")
    assert load_issue(issue)["sections"][2]["subsections"][1]["block"]["items"][-1] == entry.text
    assert inbox.origins(issue.id) == {entry.id: inbox.Origin(item_id, MARKET,
                                                              dt.date(2023, 3, 15))}
    from zwdesk.store import search

    assert any(hit.number == 9 for hit in search.search("一窗通办"))  # indexed like any edit


def test_adopt_into_a_text_block_and_a_leaf_section(store) -> None:  # noqa: ANN001
    from support.builders import leaf, make_issue, parent, text_block, window_block

    from zwdesk.core.exchange import parse_issue

    data = make_issue(sections=[leaf("工作动态", text_block(["第一段。"])),
                                parent("综窗", leaf("办件", window_block()))])
    stored = save_issue(parse_issue(json.dumps(data, ensure_ascii=False)))
    item_id = inbox.add_submission(received(), "x.json")[0]
    inbox.adopt(item_id, section_at(stored, "1").id)
    assert load_issue(stored)["sections"][0]["block"]["paragraphs"] == [
        "第一段。", "窗口推行“一窗通办”，本周办件300件。"]


@pytest.mark.parametrize(("place", "words"), [
    ("1.1", "“（一）省本级综窗办件情况”是综窗办件统计，不能放入来稿"),
    ("2", "是平台受理办结统计，不能放入来稿"),
    ("4", "不能放入来稿"),
    ("3", "“三、窗口工作动态”下有二级标题"),
])
def test_adopt_refuses_a_section_of_another_kind(issue, place, words) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    before = list(TextEntry.select().tuples())
    with pytest.raises(ZwdeskError, match=words):
        inbox.adopt(item_id, section_at(issue, place).id)
    assert list(TextEntry.select().tuples()) == before and state(item_id) == "待审"


@pytest.mark.parametrize(("place", "words"), [
    ("9", "2023年第9期没有第9个栏目"), ("3.9", "第3个栏目下没有第9个子栏目"),
    ("0", "没有第0个栏目"), ("3.2.1", "位置应为"), ("三", "位置应为"), ("", "位置应为")])
def test_places_that_do_not_exist(issue, place, words) -> None:  # noqa: ANN001
    with pytest.raises(ZwdeskError, match=words):
        inbox.find_place(issue, place)


def test_adopt_refuses_a_final_issue_and_an_adopted_item(issue) -> None:  # noqa: ANN001
    first, second = inbox.add_submission(received(), "来稿.json")
    inbox.adopt(first, section_at(issue, "3.2").id)
    before = list(TextEntry.select().tuples())
    with pytest.raises(ZwdeskError, match="已采用于 2023年第9期 三、窗口工作动态 / （二）"):
        inbox.adopt(first, section_at(issue, "3.1").id)
    editing.set_status(issue.id, STATUS_FINAL)
    with pytest.raises(ZwdeskError, match="已定稿"):
        inbox.adopt(second, section_at(issue, "3.1").id)
    assert list(TextEntry.select().tuples()) == before and state(second) == "待审"
    with pytest.raises(ZwdeskError, match="没有编号为 999 的来稿"):
        inbox.adopt(999, section_at(issue, "3.1").id)


def test_the_link_survives_edits_moves_and_splits(issue) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    entry = inbox.adopt(item_id, section_at(issue, "3.2").id)
    editing.update_row(TextEntry, entry.id, text="编辑改写后的文字。")
    editing.move_row(TextEntry, entry.id, -1)
    assert linked_entry(item_id).id == entry.id and state(item_id) == "采用"
    # the app's split: the first part keeps the row (and the link), the rest are new rows
    editing.update_row(TextEntry, entry.id, text="前半。")
    added = editing.add_entry(entry.section_id, "后半。", linked_entry(item_id).position + 1)
    assert linked_entry(item_id).text == "前半。" and added.submitted_item_id is None


@pytest.mark.parametrize("remove", ["entry", "section", "issue"])
def test_removing_the_item_from_the_issue_makes_it_pending(issue, remove) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    entry = inbox.adopt(item_id, section_at(issue, "3.2").id)
    if remove == "entry":
        editing.delete_row(TextEntry, entry.id)
    elif remove == "section":
        editing.delete_row(Section, entry.section_id)
    else:
        Issue.get_by_id(issue.id).delete_instance()
    assert state(item_id) == "待审" and inbox.get_item(item_id).issue is None
    assert SubmittedItem.get_by_id(item_id).text  # the 来稿 itself is kept


def test_undo_and_redo_restore_the_link(issue) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    before = take_snapshot(issue.id)
    inbox.adopt(item_id, section_at(issue, "3.2").id)
    after = take_snapshot(issue.id)
    restore_snapshot(before)
    assert state(item_id) == "待审"
    restore_snapshot(after)
    assert state(item_id) == "采用" and linked_entry(item_id).text.startswith("窗口推行")


def test_undo_does_not_adopt_an_item_twice(issue) -> None:  # noqa: ANN001
    """Adopted here, deleted, adopted into another issue, then the delete is undone: the
    restored entry comes back without the link (a 来稿 is adopted once)."""
    other = save_issue(next_issue(load_issue(issue)))
    item_id = inbox.add_submission(received(), "来稿.json")[0]
    entry = inbox.adopt(item_id, section_at(issue, "3.2").id)
    editing.add_entry(entry.section_id, "另一条。")  # (SQLite reuses the largest id once deleted)
    snapshot = take_snapshot(issue.id)
    editing.delete_row(TextEntry, entry.id)
    inbox.adopt(item_id, section_at(other, "3.2").id)
    restore_snapshot(snapshot)
    assert TextEntry.get_by_id(entry.id).submitted_item_id is None
    assert inbox.get_item(item_id).issue == (other.year, other.number)


def test_undo_restores_rows_whose_ids_another_program_took(issue) -> None:  # noqa: ANN001
    """The app deletes the newest item and section; another program adds rows to another
    issue, which SQLite gives the freed ids; the app's undo brings the deleted rows back."""
    other = save_issue(next_issue(load_issue(issue)))
    place = section_at(issue, "3.2")
    entry = editing.add_entry(place.id, "最后一条。")
    section = editing.add_section(issue, "新栏目", "items")
    editing.add_entry(section.id, "新栏目的一条。")
    snapshot = take_snapshot(issue.id)
    editing.delete_row(TextEntry, entry.id)
    Section.delete().where(Section.id == section.id).execute()
    took_section = editing.add_section(other, "另一期的栏目", "items")
    took_entry = editing.add_entry(section_at(other, "3.2").id, "另一期的一条。")
    if not on_server():  # SQLite gives the freed ids again (a server's sequences never do)
        assert (took_section.id, took_entry.id) == (section.id, entry.id)
    restore_snapshot(snapshot)
    assert texts(section_at(issue, "3.2"))[-1] == "最后一条。"
    restored = Section.get((Section.issue == issue.id) & (Section.title == "新栏目"))
    assert texts(restored) == ["新栏目的一条。"]
    assert TextEntry.get_by_id(took_entry.id).text == "另一期的一条。"
    assert Section.get_by_id(took_section.id).title == "另一期的栏目"


def _adopted_sample(issue: Issue) -> tuple[int, int]:
    """Two items adopted into 3.2, at its end; their ids."""
    first, second = inbox.add_submission(received(), "来稿.json")
    inbox.adopt(first, section_at(issue, "3.2").id)
    inbox.adopt(second, section_at(issue, "3.2").id)
    return first, second


def test_a_review_keeps_the_links_of_edited_and_moved_items(issue) -> None:  # noqa: ANN001
    first, second = _adopted_sample(issue)
    data = load_issue(issue)
    items = data["sections"][2]["subsections"][1]["block"]["items"]
    items[-2] = "窗口推行“一窗通办”，本周共办件312件。"  # the reviewer's wording
    items.insert(0, "审阅时新加的一条。")
    data["sections"][0]["title"] = "综窗改革攻坚行动（改）"
    replace_issue_content(issue.id, data)
    assert linked_entry(first).text == "窗口推行“一窗通办”，本周共办件312件。"
    assert linked_entry(second).text == "窗口开展业务培训。"
    assert TextEntry.select().where(TextEntry.submitted_item.is_null(False)).count() == 2
    # the reviewer deleted one: its 来稿 is 待审 again, the other keeps its link
    data = load_issue(issue)
    del data["sections"][2]["subsections"][1]["block"]["items"][-1]
    replace_issue_content(issue.id, data)
    assert state(second) == "待审" and state(first) == "采用"


def test_import_replace_keeps_the_links(issue) -> None:  # noqa: ANN001
    first, second = _adopted_sample(issue)
    replaced = save_issue(load_issue(issue), replace=True)  # new rows, the links carried over
    assert inbox.get_item(first).issue == inbox.get_item(second).issue == (2023, 9)
    assert Section.get_by_id(linked_entry(first).section_id).issue_id == replaced.id


def test_the_link_is_not_in_the_exchange_file_nor_the_next_issue(issue, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import dump_issue

    before = tmp_path / "before.json"
    dump_issue(issue, before)
    _adopted_sample(issue)
    after = tmp_path / "after.json"
    dump_issue(Issue.get_by_id(issue.id), after)
    expected = json.loads(before.read_text(encoding="utf-8"))
    expected["sections"][2]["subsections"][1]["block"]["items"] += [
        "窗口推行“一窗通办”，本周办件300件。", "窗口开展业务培训。"]
    assert json.loads(after.read_text(encoding="utf-8")) == expected
    # 新建下一期 keeps a block's items only where its kind says so; nothing carries the link
    data = load_issue(Issue.get_by_id(issue.id))
    draft = next_issue(data)
    draft["sections"][2]["subsections"][1]["block"]["items"] = copy.deepcopy(
        data["sections"][2]["subsections"][1]["block"]["items"])  # even if it copied them
    following = save_issue(draft)
    linked = (TextEntry.select().join(Section)
              .where((Section.issue == following.id) & TextEntry.submitted_item.is_null(False)))
    assert linked.count() == 0
    assert inbox.count_items(ItemFilter(state="采用")) == 2


# --- declining, returning ---


def test_a_reason_is_one_line_of_at_most_the_text_limit(issue) -> None:  # noqa: ANN001
    item_id = inbox.add_submission(received(), "a.json")[0]
    inbox.decline(item_id, "内容重复\n\x1b[31m\t见上期")
    assert SubmittedItem.get_by_id(item_id).reason == "内容重复[31m 见上期"
    with pytest.raises(ZwdeskError, match="原因过长"):
        inbox.return_item(item_id, "长" * 10_001)
    assert SubmittedItem.get_by_id(item_id).state == "未采用"


def test_decline_return_and_reset(issue) -> None:  # noqa: ANN001
    first, second = inbox.add_submission(received(), "来稿.json")
    inbox.decline(first, "  与本周主题无关 ")
    row = SubmittedItem.get_by_id(first)
    assert (row.state, row.reason) == ("未采用", "与本周主题无关") and row.decided_at is not None
    inbox.decline(second)
    assert (SubmittedItem.get_by_id(second).state, SubmittedItem.get_by_id(second).reason) == (
        "未采用", "")
    with pytest.raises(ZwdeskError, match="退回须说明原因"):
        inbox.return_item(second, "  ")
    assert SubmittedItem.get_by_id(second).state == "未采用"
    inbox.return_item(second, "请补充办件数")
    row = SubmittedItem.get_by_id(second)
    assert (row.state, row.reason) == ("退回", "请补充办件数")
    inbox.reset(second)
    row = SubmittedItem.get_by_id(second)
    assert (row.state, row.reason, row.decided_at) == ("待审", "", None)
    # a declined item may still be adopted; it is then 采用, and 待审 once removed again
    entry = inbox.adopt(first, section_at(issue, "3.2").id)
    assert state(first) == "采用"
    with pytest.raises(ZwdeskError, match="已采用于"):
        inbox.decline(first, "改主意")
    editing.delete_row(TextEntry, entry.id)
    assert state(first) == "待审"


# --- the schema step ---


def _as_version_4(path: Path) -> None:
    """Take a current database back to schema 4: no inbox tables, no link column."""
    connection = sqlite3.connect(str(path))
    try:
        connection.executescript("""
            DROP INDEX textentry_submitted_item_id;
            ALTER TABLE textentry RENAME TO textentry_new;
            CREATE TABLE "textentry" ("id" INTEGER NOT NULL PRIMARY KEY,
              "section_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "text" TEXT NOT NULL,
              FOREIGN KEY ("section_id") REFERENCES "section" ("id") ON DELETE CASCADE);
            INSERT INTO textentry SELECT id, section_id, position, text FROM textentry_new;
            DROP TABLE textentry_new;
            CREATE INDEX "textentry_section_id" ON "textentry" ("section_id");
            DROP TABLE submitteditem; DROP TABLE submission; DROP TABLE unit;
            UPDATE setting SET value = '4' WHERE key = 'schema_version';
        """)
    finally:
        connection.close()


def test_the_schema_step_adds_the_inbox_and_keeps_the_issues(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "old.sqlite3"
    open_database(path)
    stored = save_issue(read_issue(SAMPLE_JSON))
    original = load_issue(stored)
    database.close()
    _as_version_4(path)
    open_database(path)
    try:
        assert migrations.stored_version(database) == migrations.current_version()
        assert "submitted_item_id" in {c.name for c in database.get_columns("textentry")}
        assert load_issue(Issue.get()) == original
        assert TextEntry.select().where(TextEntry.submitted_item.is_null(False)).count() == 0
        issue = Issue.get()
        item_id = inbox.add_submission(received(), "来稿.json")[0]
        entry = inbox.adopt(item_id, section_at(issue, "3.2").id)
        with pytest.raises(Exception, match="UNIQUE"), database.atomic():
            TextEntry.update(submitted_item=item_id).where(TextEntry.id != entry.id).execute()
        SubmittedItem.delete().where(SubmittedItem.id == item_id).execute()
        assert TextEntry.get_by_id(entry.id).submitted_item_id is None  # ON DELETE SET NULL
        migrations.MIGRATIONS[4](database)  # idempotent: running the step again changes nothing
        assert Unit.select().count() == 1
    finally:
        database.close()
    assert list(tmp_path.glob("old.sqlite3.v4-*.bak"))


# --- the command line ---


def run(db: Path, capsys, *args: str) -> tuple[int, list[str], str]:  # noqa: ANN001
    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def submission_file(folder: Path, name: str, unit: str, date: str, items: list[str]) -> Path:
    return write_json(folder / name, {
        "format": "zwdesk-submission", "version": 1, "unit": unit, "date": date,
        "items": [{"text": text} for text in items]})


def test_inbox_add_reports_bad_files_and_goes_on(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    good = submission_file(tmp_path, "好.json", MARKET, "2023-03-15", ["1. 第一条。", "第二条。"])
    no_unit = submission_file(tmp_path, "缺单位.json", "", "2023-03-15", ["一条。"])
    broken = tmp_path / "坏.json"
    broken.write_text('{"format": "zwdesk-submission",', encoding="utf-8")
    other = tmp_path / "说明.txt"
    other.write_text("不是报送文件", encoding="utf-8")
    before = db_snapshot(db_with_sample)
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(no_unit), str(broken),
                           str(other), str(tmp_path / "没有.json"))
    assert status == 1 and out == []
    assert db_snapshot(db_with_sample) == before
    assert "缺单位.json" in err and "unit" in err and "坏.json" in err
    assert "说明.txt" in err and "没有.json" in err
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(broken), str(good))
    assert status == 1 and "坏.json" in err
    ids = [i.id for i in SubmittedItem.select().order_by(SubmittedItem.id)]
    assert out == [f"{ids[0]}\t{MARKET}\t第一条。", f"{ids[1]}\t{MARKET}\t第二条。"]
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(good))
    assert status == 1 and out == [] and "好.json" in err and "已收过" in err


def test_a_week_from_the_command_line(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    db = db_with_sample
    market = submission_file(tmp_path, "市场监管.json", MARKET, "2023-03-13",
                             ["窗口推行“一窗通办”。", "窗口开展业务培训。"])
    police = submission_file(tmp_path, "公安.json", POLICE, "2023-03-14",
                             ["公安厅窗口办理出入境证件1200件。", "公安厅窗口开展“好差评”。",
                              "公安厅窗口获评红旗窗口。"])
    status, out, _ = run(db, capsys, "inbox", "add", str(market), str(police))
    assert status == 0 and len(out) == 5
    ids = [int(line.split("\t")[0]) for line in out]
    assert run(db, capsys, "inbox", "adopt", str(ids[0]), "2023-9", "3.2")[1] == [
        "已采用：2023年第9期 三、窗口工作动态 / （二）窗口服务效能提升工作情况 第5条"]
    assert run(db, capsys, "inbox", "adopt", str(ids[2]), "2023-9", "3.2")[0] == 0
    assert run(db, capsys, "inbox", "adopt", str(ids[3]), "2023-9", "3.3")[0] == 0
    status, _, err = run(db, capsys, "inbox", "adopt", str(ids[1]), "2023-9", "1.1")
    assert status == 1 and "不能放入来稿" in err
    status, _, err = run(db, capsys, "inbox", "adopt", str(ids[0]), "2023-9", "3.1")
    assert status == 1 and "已采用于" in err
    assert run(db, capsys, "inbox", "decline", str(ids[1]), "--reason", "内容重复")[0] == 0
    with pytest.raises(SystemExit) as usage:
        cli.main(["--db", str(db), "inbox", "return", str(ids[4])])
    assert usage.value.code == 2 and "缺少参数 --reason" in capsys.readouterr().err
    assert run(db, capsys, "inbox", "return", str(ids[4]), "--reason", "请补充时间")[0] == 0

    status, out, _ = run(db, capsys, "inbox", "list")
    assert out == [
        f"{ids[2]}\t采用\t2023-03-14\t{POLICE}\t公安厅窗口办理出入境证件1200件。\t2023-9",
        f"{ids[3]}\t采用\t2023-03-14\t{POLICE}\t公安厅窗口开展“好差评”。\t2023-9",
        f"{ids[4]}\t退回\t2023-03-14\t{POLICE}\t公安厅窗口获评红旗窗口。",
        f"{ids[0]}\t采用\t2023-03-13\t{MARKET}\t窗口推行“一窗通办”。\t2023-9",
        f"{ids[1]}\t未采用\t2023-03-13\t{MARKET}\t窗口开展业务培训。"]
    assert run(db, capsys, "inbox", "list", "--state", "采用", "--unit", MARKET)[1] == [out[3]]
    assert len(run(db, capsys, "inbox", "list", "--limit", "2")[1]) == 2
    assert run(db, capsys, "inbox", "list", "--from", "2023-03-14", "--to", "2023-03-14",
               "--state", "退回")[1] == [out[2]]

    target = tmp_path / "本期.docx"
    assert run(db, capsys, "export", "2023-9", "-o", str(target))[0] == 0
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert any(p.endswith("窗口推行“一窗通办”。") for p in paragraphs)
    assert any(p.endswith("公安厅窗口开展“好差评”。") for p in paragraphs)
    assert not any("窗口开展业务培训" in p for p in paragraphs)

    # the reviewer's wording, taken back with ``review --accept``: the item keeps its 来稿
    document = Document(str(target))
    paragraph = next(p for p in document.paragraphs if p.text.endswith("窗口推行“一窗通办”。"))
    assert [r.text for r in paragraph.runs] == ["5.窗口推行“一窗通办”。"]
    paragraph.runs[0].text = "5.窗口推行“一窗通办”，成效明显。"
    reviewed = tmp_path / "审阅稿.docx"
    document.save(str(reviewed))
    status, out, _ = run(db, capsys, "review", "2023-9", str(reviewed), "--accept")
    assert status == 0 and out[-1] == "已采纳 1 处修改", out
    status, out, _ = run(db, capsys, "inbox", "list", "--unit", MARKET, "--state", "采用")
    assert out == [f"{ids[0]}\t采用\t2023-03-13\t{MARKET}\t窗口推行“一窗通办”。\t2023-9"]
    open_database(db)
    try:
        assert linked_entry(ids[0]).text == "窗口推行“一窗通办”，成效明显。"
    finally:
        database.close()

    status, out, _ = run(db, capsys, "tally", "--from", "2023-03-01", "--to", "2023-03-31")
    assert status == 0 and out == ["单位\t报送\t采用\t采用率", f"{POLICE}\t3\t2\t66.7%",
                                   f"{MARKET}\t2\t1\t50.0%", "合计\t5\t3\t60.0%"]
    # the issue finalised: nothing more goes in
    open_database(db)
    try:
        editing.set_status(find_issue(2023, 9).id, STATUS_FINAL)
    finally:
        database.close()
    status, _, err = run(db, capsys, "inbox", "adopt", str(ids[4]), "2023-9", "3.2")
    assert status == 1 and "已定稿" in err


def test_inbox_show_gives_every_field_and_the_whole_text(db_with_sample, tmp_path,  # noqa: ANN001
                                                          capsys) -> None:  # noqa: ANN001
    long_text = "窗口" * 60 + "。"
    path = submission_file(tmp_path, "长.json", MARKET, "2023-03-15", [long_text, "第二条。"])
    ids = [line.split("\t")[0] for line in run(db_with_sample, capsys, "inbox", "add",
                                                str(path))[1]]
    assert run(db_with_sample, capsys, "inbox", "adopt", ids[0], "2023-9", "3.2")[0] == 0
    assert run(db_with_sample, capsys, "inbox", "return", ids[1], "--reason", "请补充时间")[0] == 0
    status, out, _ = run(db_with_sample, capsys, "inbox", "show", ids[0])
    shown = dict(line.split("\t", 1) for line in out)
    assert status == 0 and shown["内容"] == long_text and shown["报送单位"] == MARKET
    assert shown["状态"] == "采用" and shown["采用于"].startswith("2023年第9期 三、窗口工作动态")
    assert shown["来源"] == "长.json" and shown["报送日期"] == "2023-03-15"
    shown = dict(line.split("\t", 1) for line in run(db_with_sample, capsys, "inbox", "show",
                                                     ids[1])[1])
    assert (shown["状态"], shown["原因"], shown["采用于"]) == ("退回", "请补充时间", "")
    status, _, err = run(db_with_sample, capsys, "inbox", "show", "9999")
    assert status == 1 and "9999" in err


def test_inbox_list_names_units_that_hold_a_part_of_the_name(db_with_sample, tmp_path,  # noqa: ANN001
                                                             capsys) -> None:  # noqa: ANN001
    path = submission_file(tmp_path, "医保.json", "省医保局窗口", "2023-03-15", ["一条。"])
    assert run(db_with_sample, capsys, "inbox", "add", str(path))[0] == 0
    status, out, err = run(db_with_sample, capsys, "inbox", "list", "--unit", "医保")
    assert status == 1 and out == []
    assert "没有名为“医保”的报送单位，名称中含“医保”的有：省医保局窗口" in err
    status, out, err = run(db_with_sample, capsys, "inbox", "list", "--unit", "省医保局窗口")
    assert status == 0 and len(out) == 1


def test_inbox_adopt_names_a_missing_issue_or_place(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    path = submission_file(tmp_path, "a.json", MARKET, "2023-03-13", ["一条。"])
    run(db_with_sample, capsys, "inbox", "add", str(path))
    for key, place, words in (("2023-10", "3.2", "没有 2023年第10期"),
                              ("2023-9", "7", "没有第7个栏目"),
                              ("2023-9", "3", "下有二级标题"),
                              ("2023-9", "3.2", "没有编号为 99 的来稿")):
        item = "99" if "99" in words else "1"
        status, _, err = run(db_with_sample, capsys, "inbox", "adopt", item, key, place)
        assert status == 1 and words in err, (key, place, err)


def test_an_unknown_state_is_refused(store) -> None:  # noqa: ANN001
    with pytest.raises(ZwdeskError, match="来稿状态应为 待审、采用、未采用、退回 之一"):
        inbox.list_items(ItemFilter(state="已读"))


def test_pasted_text_becomes_one_item_a_paragraph(store) -> None:  # noqa: ANN001
    message = ("1. 窗口推行“一窗通办”。\r\n\r\n  二、窗口开展业务培训。\u2029"
               "（三）窗口获评红旗窗口。\n")
    ids = inbox.add_pasted(POLICE, message, dt.date(2023, 3, 16), "李华")
    assert [SubmittedItem.get_by_id(i).text for i in ids] == [
        "窗口推行“一窗通办”。", "窗口开展业务培训。", "窗口获评红旗窗口。"]
    row = Submission.get()
    assert (row.source, row.author, Unit.get().name) == ("粘贴", "李华", POLICE)
    with pytest.raises(inbox.DuplicateSubmissionError, match="已收过"):
        inbox.add_pasted(POLICE, message, dt.date(2023, 3, 16))
    with pytest.raises(ZwdeskError, match="粘贴.*信息条目.*没有填写任何信息"):
        inbox.add_pasted(POLICE, " \n \n", dt.date(2023, 3, 16))
    with pytest.raises(ZwdeskError, match="报送单位"):
        inbox.add_pasted(" ", "一条。", dt.date(2023, 3, 16))
    assert SubmittedItem.select().count() == 3


def test_the_unit_filter_may_take_part_of_the_name(store) -> None:  # noqa: ANN001
    inbox.add_submission(received(MARKET), "a.json")
    inbox.add_submission(received("省公安厅窗口"), "b.json")
    part = inbox.ItemFilter(unit="公安", unit_contains=True)
    assert [i.unit for i in inbox.list_items(part)] == ["省公安厅窗口"] * 2
    assert inbox.count_items(part) == 2
    assert inbox.count_items(inbox.ItemFilter(unit="公安")) == 0  # the CLI's: all of the name
    assert inbox.count_items(inbox.ItemFilter(unit="100%", unit_contains=True)) == 0
