"""The revision history (修订记录): every write of an issue's content leaves the expected line —
who, where in words, old → new — in the write's own transaction; typing in a field is one line;
a whole-issue action is one line; a write refused leaves none."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest
from peewee import IntegrityError
from support.builders import SAMPLE_JSON, cli_env, sample_data, write_json

from zwdesk.core.errors import ZwdeskError
from zwdesk.core.exchange import parse_issue, read_issue
from zwdesk.core.submission import make_submission
from zwdesk.operations import import_issue_file
from zwdesk.store import content, editing, history, inbox, migrations, sections, user
from zwdesk.store.database import open_database
from zwdesk.store.issues import find_issue, save_issue
from zwdesk.store.models import STATUS_DRAFT, STATUS_FINAL, HistoryLine, database
from zwdesk.store.snapshots import apply_edit, restore_snapshot, take_snapshot

HALL = "三、窗口工作动态 / （三）厅（局）长进大厅"  # the sample's items block of two


@pytest.fixture
def as_user():  # noqa: ANN201
    """Sets the name of this process's writes; back to the default afterwards."""
    yield user.set_user
    user.set_user(None)


@pytest.fixture
def issue(store, as_user):  # noqa: ANN001, ANN201
    """The sample 2023年第9期, imported by 王敏."""
    as_user("王敏")
    return import_issue_file(SAMPLE_JSON)


def lines(issue_id: int) -> list[tuple[str, str, str, str]]:
    return [(line.user, line.place, line.old, line.new)
            for line in history.issue_history(issue_id)]


def received(unit: str) -> list[int]:
    return inbox.add_submission(make_submission("来稿.json", unit, "王敏", "", dt.date(
        2023, 3, 15), [("窗口推行“一窗通办”。", "")]), "来稿.json")


def hall(issue) -> int:  # noqa: ANN001
    return next(s.id for s in sections.issue_sections(issue.id) if s.place == HALL)


def test_an_import_is_one_line(issue) -> None:  # noqa: ANN001
    assert lines(issue.id) == [
        ("王敏", "导入", "", "2023年第9期（总第429期） ← sample-2023-09.json")]
    assert history.issue_history(issue.id)[0].at.date() == dt.date.today()


def test_typing_in_a_field_is_one_line_first_old_to_last_new(issue, as_user) -> None:  # noqa: ANN001
    first = content.entries(hall(issue))[0]
    as_user("李强")
    for typed in ("省", "省医", "省医保局"):  # a keystroke each, as the form stores them
        content.set_entry_text(first.id, first.text + typed)
    assert lines(issue.id)[1:] == [("李强", f"{HALL} / 第1条", first.text, first.text + "省医保局")]

    content.set_entry_text(first.id, first.text)  # typed back: nothing changed after all
    assert len(lines(issue.id)) == 1


def test_another_field_or_user_or_a_pause_starts_a_new_line(issue, as_user,  # noqa: ANN001
                                                            monkeypatch) -> None:
    first, second = content.entries(hall(issue))
    as_user("李强")
    content.set_entry_text(first.id, "一")
    content.set_entry_text(second.id, "二")
    content.set_entry_text(first.id, "一一")  # the field's line is no longer the last
    as_user("王敏")
    content.set_entry_text(first.id, "一一一")  # another user
    later = dt.datetime.now() + dt.timedelta(seconds=history.MERGE_SECONDS + 1)
    monkeypatch.setattr(history, "_now", lambda: later.replace(microsecond=0))
    content.set_entry_text(first.id, "一一一一")  # after a long pause
    assert [(u, o, n) for u, _place, o, n in lines(issue.id)[1:]] == [
        ("李强", first.text, "一"), ("李强", second.text, "二"), ("李强", "一", "一一"),
        ("王敏", "一一", "一一一"), ("王敏", "一一一", "一一一一")]


def test_an_item_added_and_deleted(issue, as_user) -> None:  # noqa: ANN001
    as_user("李强")
    entry_id = content.new_entry(hall(issue), "省税务局窗口开展“走流程”活动。")
    assert lines(issue.id)[-1] == ("李强", f"{HALL} / 第3条", "", "省税务局窗口开展“走流程”活动。")
    first = content.entries(hall(issue))[0]
    content.delete_entry(first.id)
    assert lines(issue.id)[-1] == ("李强", f"{HALL} / 第1条", first.text, "")
    assert len(lines(issue.id)) == 3
    content.move_entry(entry_id, -1)  # now the first of two
    assert lines(issue.id)[-1] == ("李强", f"{HALL} / 第2条", "第2条", "第1条")


def test_fields_of_every_part_are_named_as_the_checks_name_places(issue) -> None:  # noqa: ANN001
    outline = sections.issue_sections(issue.id)
    window = next(s for s in outline if s.kind == "window_stats")
    inspection = next(s for s in outline if s.kind == "inspection")
    content.update_issue(issue.id, number=10)
    content.update_window_stats(window.id, week_consult=825)
    content.update_check(content.checks(inspection.id)[0].id, finding="发现1名工作人员未佩戴工牌。")
    content.update_distribution(issue.id, copies=95)
    recipient = content.new_recipient(issue.id, "报", "中心领导", 2)
    content.update_recipient(recipient, copies=3)
    sections.set_section_title(inspection.id, "大厅巡查")
    assert [line[1:] for line in lines(issue.id)[1:]] == [
        ("报头 / 期号", "9", "10"),
        ("一、综窗改革攻坚行动 / （一）省本级综窗办件情况 / 本周咨询", "815", "825"),
        ("四、大厅巡查情况 / （一） 情况", "总体情况良好。", "发现1名工作人员未佩戴工牌。"),
        ("版记 / 共印份数", "94", "95"),
        ("版记 / 分发名单第1行", "", "报：中心领导，2份"),
        ("版记 / 分发名单第1行 份数", "2", "3"),
        ("四、大厅巡查情况 / 标题", "大厅巡查情况", "大厅巡查")]


def test_import_replace_is_one_line_after_the_issue_s_history(issue, as_user) -> None:  # noqa: ANN001
    content.set_entry_text(content.entries(hall(issue))[0].id, "改过的一条")
    changed = sample_data()
    changed["distribution"]["copies"] = 100
    as_user("李强")
    replaced = save_issue(parse_issue(json.dumps(changed), "x"), replace=True,
                          source="审定稿.json")
    # Stored anew (its rows deleted and inserted), its history carried over whole.
    assert [(u, place) for u, place, _old, _new in lines(replaced.id)] == [
        ("王敏", "导入"), ("王敏", f"{HALL} / 第1条"), ("李强", "导入替换")]
    assert lines(replaced.id)[-1][3] == f"2处：{HALL} / 第1条；版记 / 共印份数 ← 审定稿.json"
    assert HistoryLine.select().count() == 3


def test_finalise_and_reopen_are_one_line_each(issue, as_user) -> None:  # noqa: ANN001
    as_user("张主任")
    editing.set_status(issue.id, STATUS_FINAL)
    editing.set_status(issue.id, STATUS_FINAL)  # already final: nothing written
    as_user("李强")
    editing.set_status(issue.id, STATUS_DRAFT)
    assert lines(issue.id)[1:] == [("张主任", "定稿", "草稿", "定稿"),
                                   ("李强", "重新打开", "定稿", "草稿")]


def test_undo_and_redo_are_one_line_each_saying_what_changed(issue, as_user) -> None:  # noqa: ANN001
    first = content.entries(hall(issue))[0]
    as_user("李强")
    before = apply_edit(issue.id, lambda: content.set_entry_text(first.id, "新的文字"))
    after = take_snapshot(issue.id)
    restore_snapshot(before)
    restore_snapshot(after, history.REDONE)
    assert lines(issue.id)[1:] == [
        ("李强", f"{HALL} / 第1条", first.text, "新的文字"),
        ("李强", "撤销", "", f"1处：{HALL} / 第1条"),
        ("李强", "重做", "", f"1处：{HALL} / 第1条")]


def test_adopting_a_submission_is_one_line(issue, as_user) -> None:  # noqa: ANN001
    as_user("李强")
    [item] = received("省市场监管局窗口")
    inbox.adopt(item, hall(issue))
    assert lines(issue.id)[1:] == [
        ("李强", "采用来稿", "", f"来稿 {item}（省市场监管局窗口）→ {HALL} / 第3条")]


def test_new_next_issue_is_one_line_naming_the_one_it_follows(issue, as_user) -> None:  # noqa: ANN001
    from zwdesk.store.issues import add_next_issue

    as_user("李强")
    following = add_next_issue()
    assert lines(following.id) == [
        ("李强", "新建下一期", "", "2023年第10期（总第430期），由2023年第9期新建")]


def test_a_write_refused_leaves_no_line(issue) -> None:  # noqa: ANN001
    window = next(s for s in sections.issue_sections(issue.id) if s.kind == "window_stats")
    with pytest.raises(IntegrityError):  # the database's CHECK: a count is never negative
        content.update_window_stats(window.id, week_consult=-1)
    with pytest.raises(ZwdeskError):  # taken without --replace
        save_issue(read_issue(SAMPLE_JSON))

    def typed_then_failed() -> None:
        content.set_entry_text(content.entries(hall(issue))[0].id, "不会保存")
        raise OSError("disk full")

    with pytest.raises(OSError):
        apply_edit(issue.id, typed_then_failed)
    editing.set_status(issue.id, STATUS_FINAL)
    [item] = received("省医保局窗口")
    with pytest.raises(ZwdeskError):  # a 定稿 issue takes no 来稿
        inbox.adopt(item, hall(issue))
    assert [line[1] for line in lines(issue.id)] == ["导入", "定稿"]


def test_the_user_is_the_login_name_unless_named(store, monkeypatch, as_user) -> None:  # noqa: ANN001
    monkeypatch.delenv(user.USER_ENV, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "wangmin")
    assert user.current_user() == "wangmin"
    monkeypatch.setenv(user.USER_ENV, "王敏")
    assert user.current_user() == "王敏"
    as_user("李强")
    assert user.current_user() == "李强"
    as_user("")
    assert user.current_user() == "王敏"

    def no_login() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.delenv(user.USER_ENV)
    monkeypatch.setattr("getpass.getuser", no_login)
    assert user.current_user() == user.UNKNOWN  # still a name to record
    with pytest.raises(ZwdeskError):
        as_user("王\n敏")


def test_two_desks_are_told_apart(db_with_sample, tmp_path) -> None:  # noqa: ANN001
    """Two processes at once: one named by --user, the other by ZWDESK_USER."""
    changed = sample_data()
    changed["distribution"]["copies"] = 120
    replacement = write_json(tmp_path / "审定稿.json", changed)
    submission = write_json(tmp_path / "来稿.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省医保局窗口",
        "date": "2023-03-15", "items": [{"text": "医保窗口推行“一窗通办”。"}]})
    db = str(db_with_sample)
    run = [sys.executable, "-m", "zwdesk", "--db", db]
    added = subprocess.run([*run, "inbox", "add", str(submission)], cwd=tmp_path, timeout=120,
                           env=cli_env(tmp_path), capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    item = added.stdout.split("\t")[0]
    desks = [subprocess.Popen([*run, "--user", "王敏", "import", "--replace", str(replacement)],
                              cwd=tmp_path, env=cli_env(tmp_path), stderr=subprocess.PIPE),
             subprocess.Popen([*run, "inbox", "adopt", item, "2023-9", "3.3"], cwd=tmp_path,
                              env=cli_env(tmp_path, ZWDESK_USER="李强"), stderr=subprocess.PIPE)]
    for desk in desks:
        assert desk.wait(timeout=120) == 0, desk.stderr.read()
        desk.stderr.close()
    open_database(db_with_sample)
    try:
        written = {line.place: line.user for line in
                   history.issue_history(find_issue(2023, 9).id)}
    finally:
        database.close()
    assert written["导入替换"] == "王敏" and written["采用来稿"] == "李强"


def test_an_older_database_gets_the_history_empty(tmp_path) -> None:
    """The upgrade to the schema with the history: the table made empty, then filled."""
    path = tmp_path / "old.sqlite3"
    open_database(path)
    issue = import_issue_file(SAMPLE_JSON)
    database.close()
    before = next(version for version, step in migrations.MIGRATIONS.items()
                  if step.__name__ == "_add_history")  # the schema just before the history
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE historyline")
    connection.execute("UPDATE setting SET value = ? WHERE key = 'schema_version'",
                       (str(before),))
    connection.commit()
    connection.close()

    open_database(path)
    try:
        assert migrations.stored_version(database.obj) == migrations.current_version()
        assert history.issue_history(issue.id) == []
        content.update_distribution(issue.id, copies=95)
        assert [line[1:] for line in lines(issue.id)] == [("版记 / 共印份数", "94", "95")]
    finally:
        database.close()


def test_reading_one_issue_s_history_goes_through_its_index(issue) -> None:  # noqa: ANN001
    query = (f"SELECT at FROM historyline WHERE issue_id = {database.obj.param} "
             "ORDER BY id DESC LIMIT 1")
    with database.atomic():
        if getattr(database.obj, "server", False):
            # A table this small is read whole unless scans are made dear: is there an index?
            database.obj.execute_sql("SET LOCAL enable_seqscan = off")
            plan = database.obj.execute_sql("EXPLAIN " + query, (issue.id,)).fetchall()
        else:
            plan = database.obj.execute_sql("EXPLAIN QUERY PLAN " + query, (issue.id,)).fetchall()
    assert "historyline_issue_id_id" in " ".join(str(row) for row in plan)
