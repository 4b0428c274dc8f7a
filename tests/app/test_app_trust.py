"""What the form shows is what is stored; other programs' edits are seen and never undone.

Driven through the real widgets (pytest-qt, offscreen platform from conftest).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import appdirs
import pytest
from support.backends import sqlite_only
from support.builders import cli_env, db_execute
from support.paths import SAMPLE_JSON
from support.qtdrive import (
    block_of,
    current_issue,
    import_variant,
    open_node,
    type_into,
    type_text,
)

from zwdesk.app.qt import QApplication, QKeySequence, Qt
from zwdesk.store.issues import find_issue
from zwdesk.store.models import Issue, TextEntry, WindowStats, database

SAMPLE_DISTRIBUTION = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))["distribution"]

# --- numbers as people type them ---


@pytest.mark.parametrize("typed", ["1,203", "1，203", "1 203", "１２０３", "1 2 0 3"])
def test_numbers_typed_and_pasted_are_read_whole(main_window, qtbot, typed) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_consult"), typed)
    assert WindowStats.get().week_consult == 1203
    assert stats.fields.widget("week_consult_error").text() == ""
    main_window.refresh_views()
    assert "共计咨询1203人次" in main_window.preview.plain_text()


def test_a_refused_entry_is_an_error_everywhere_until_corrected(main_window, qtbot, dialogs,
                                                                monkeypatch) -> None:  # noqa: ANN001
    win = main_window
    stats = block_of(win, "s0.0", "window_stats")
    field = stats.fields.widget("week_consult")
    type_into(qtbot, field, "1,2O3")  # a letter O among the digits
    assert WindowStats.get().week_consult == 815
    message = stats.fields.widget("week_consult_error").text()
    assert "本周咨询人次" in message and "未保存" in message and "815" in message
    assert "有 1 处填写有误，没有保存" in win.child("saveState").text()

    win.refresh_views()
    view = win.child("checksList")
    errors = [view.item(i).text() for i in range(view.count())]
    assert any(text.startswith("✖") and "本周咨询人次" in text and "未保存" in text
               for text in errors)

    # another form and back: what was typed is still there, still refused
    open_node(win, "distribution")
    stats = block_of(win, "s0.0", "window_stats")
    assert stats.fields.widget("week_consult").text() == "1,2O3"
    assert "未保存" in stats.fields.widget("week_consult_error").text()

    # export names it in its confirmation
    dialogs.answer = False
    win.outputs.export_word()
    kind, _title, text = dialogs.shown[-1]
    assert kind == "confirm" and "没有保存" in text and "本周咨询人次" in text

    type_into(qtbot, stats.fields.widget("week_consult"), "1,203")
    assert WindowStats.get().week_consult == 1203
    win.refresh_views()
    assert not any("未保存" in win.child("checksList").item(i).text()
                   for i in range(win.child("checksList").count()))


def test_a_refused_entry_typed_key_by_key_leaves_the_value_from_before(main_window,
                                                                        qtbot) -> None:  # noqa: ANN001
    """Counts are stored keystroke by keystroke; 1,2O3 typed over 815 passes through a valid
    "1", which must not be what is left when the whole entry is refused."""
    stats = block_of(main_window, "s0.0", "window_stats")
    field = stats.fields.widget("week_consult")
    field.setFocus()
    field.selectAll()
    for key in "1,2O3":
        type_text(field, key)
    assert field.text() == "1,2O3"
    assert WindowStats.get().week_consult == 815
    assert "仍按“815”印出" in stats.fields.widget("week_consult_error").text()
    for _ in range(2):  # corrected: backspace the 3 and the O, type 03
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    for key in "03":
        type_text(field, key)
    assert WindowStats.get().week_consult == 1203
    main_window.undo_action.trigger()  # the whole typing is one step: back to 815
    assert WindowStats.get().week_consult == 815


# --- keys and dates: stored when editing finishes ---


def test_typing_a_taken_number_never_stores_its_first_digit(main_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    import_issue_file(import_variant(tmp_path, number=10, serial=430))
    main_window.select_issue(2023, 9)
    masthead = open_node(main_window, "masthead")
    number = masthead.fields.widget("number")
    number.setFocus()
    number.selectAll()
    for digit in "10":
        type_text(number, digit)
        assert find_issue(2023, 9) is not None  # 第1期 is never stored on the way
    assert Issue.get(Issue.serial == 429).number == 9
    qtbot.keyClick(number, Qt.Key.Key_Return)
    assert Issue.get(Issue.serial == 429).number == 9
    assert "2023年第10期已存在" in masthead.fields.widget("number_error").text()
    type_into(qtbot, number, "11")
    qtbot.keyClick(number, Qt.Key.Key_Return)
    assert Issue.get(Issue.serial == 429).number == 11
    assert masthead.fields.widget("number_error").text() == ""


def test_a_key_being_typed_is_stored_before_a_command_reads_the_issue(main_window, qtbot,
                                                                       dialogs) -> None:  # noqa: ANN001
    masthead = open_node(main_window, "masthead")
    type_into(qtbot, masthead.fields.widget("serial"), "500")
    assert Issue.get(Issue.number == 9).serial == 429  # still typing
    dialogs.answer = False
    main_window.outputs.export_word()  # reads the issue: what is typed is stored first
    assert Issue.get(Issue.number == 9).serial == 500


# --- items: Enter, pasted paragraphs, typed numbers ---


def _items(section_id: int) -> list[str]:
    return [e.text for e in TextEntry.select().where(TextEntry.section == section_id)
            .order_by(TextEntry.position)]


def _item_text(win, row: int):  # noqa: ANN001, ANN202
    """The items editor of （三）推进情况 with item ``row`` selected and its text selected."""
    items = block_of(win, "s0.2", "items")
    items.rows.select(row)
    editor = items.fields.widget("entry_text")
    editor.setFocus()
    editor.selectAll()
    return items, editor


def test_enter_inside_an_item_starts_the_next_item(main_window, qtbot) -> None:  # noqa: ANN001
    items = block_of(main_window, "s0.2", "items")
    items.rows.select(0)
    before = _items(items.node.section_id)
    editor = items.fields.widget("entry_text")
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(4)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    after = _items(items.node.section_id)
    assert after == [before[0][:4], before[0][4:], *before[1:]]
    assert "\n" not in "".join(after)
    assert items.rows.view.currentRow() == 1
    assert editor.toPlainText() == before[0][4:] and editor.textCursor().position() == 0


def test_pasted_paragraphs_can_become_items(main_window, qtbot, dialogs) -> None:  # noqa: ANN001
    items, editor = _item_text(main_window, 0)
    section = items.node.section_id
    rest = _items(section)[1:]
    dialogs.answers = [True]
    editor.insertPlainText("1.召开专班会议。\n2、开展培训2次。\n\n（三）完成系统联调。")
    qtbot.wait(50)  # the question comes once the paste has been stored
    assert dialogs.shown[-1][1] == "粘贴多段文字"
    assert _items(section) == ["召开专班会议。", "开展培训2次。", "完成系统联调。", *rest]


def test_pasted_paragraphs_kept_as_one_item_lose_their_line_breaks(main_window, qtbot,
                                                                    dialogs) -> None:  # noqa: ANN001
    items, editor = _item_text(main_window, 1)
    dialogs.answers = [False]
    editor.insertPlainText("第一行\n第二行")
    qtbot.wait(50)
    assert _items(items.node.section_id)[1] == "第一行第二行"


def test_a_typed_item_number_is_removed_with_a_note(main_window, qtbot) -> None:  # noqa: ANN001
    items, editor = _item_text(main_window, 0)
    editor.insertPlainText("3. 召开专班会议。")
    assert _items(items.node.section_id)[0] == "召开专班会议。"
    assert "已去掉开头的编号“3.”" in items.fields.widget("entry_text_error").text()
    main_window.refresh_views()
    assert "1.召开专班会议。" in main_window.preview.plain_text()
    assert "3.召开" not in main_window.preview.plain_text()


@pytest.mark.parametrize("typed", ["一、综窗改革", "（一）综窗改革", "1.综窗改革"])
def test_a_typed_title_number_is_removed(main_window, qtbot, typed) -> None:  # noqa: ANN001
    form = open_node(main_window, "s0")
    type_into(qtbot, form.fields.widget("title"), typed)
    assert current_issue(main_window)["sections"][0]["title"] == "综窗改革"
    assert "已去掉开头的编号" in form.fields.widget("title_error").text()


def test_a_decimal_at_the_start_is_not_a_number(main_window, qtbot) -> None:  # noqa: ANN001
    items, editor = _item_text(main_window, 0)
    editor.insertPlainText("1.5万人次办理业务。")
    assert _items(items.node.section_id)[0] == "1.5万人次办理业务。"


# --- undo: what is seen and what is stored together ---


def test_ctrl_z_in_a_field_is_the_sessions_undo(main_window, qtbot) -> None:  # noqa: ANN001
    """Ctrl+Z undoes the latest edit, wherever the cursor is, in the database and on screen;
    never the field's own text history out of step with what is stored."""
    win = main_window
    title = open_node(win, "s0").fields.widget("title")
    type_into(qtbot, title, "综窗改革")
    dist = open_node(win, "distribution")
    type_into(qtbot, dist.fields.widget("report"), "中心领导，办公厅")
    title = open_node(win, "s0").fields.widget("title")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = current_issue(win)
    assert stored["distribution"]["report"] == "中心领导"  # the latest edit is undone …
    assert stored["sections"][0]["title"] == "综窗改革"  # … and only that
    assert open_node(win, "s0").fields.widget("title").text() == "综窗改革"
    title = win.forms["section"].fields.widget("title")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert current_issue(win)["sections"][0]["title"] == "综窗改革攻坚行动"
    assert title.text() == "综窗改革攻坚行动"
    redo = QKeySequence(QKeySequence.StandardKey.Redo)[0]
    qtbot.keyClick(title, redo.key(), redo.keyboardModifiers())
    assert current_issue(win)["sections"][0]["title"] == "综窗改革"
    assert title.text() == "综窗改革"


def test_undo_clears_a_refused_entry(main_window, qtbot) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    type_into(qtbot, stats.fields.widget("week_consult"), "9x")
    main_window.undo_action.trigger()
    stats = block_of(main_window, "s0.0", "window_stats")
    assert WindowStats.get().week_accept == 168
    assert stats.fields.widget("week_consult").text() == "815"
    assert stats.fields.widget("week_consult_error").text() == ""
    assert main_window.editor.refusals() == {}


# --- other programs ---


def _other_connection(db_path):  # noqa: ANN001, ANN202
    return sqlite3.connect(str(db_path), isolation_level=None)


def test_an_import_replace_from_the_command_line_is_shown(main_window, qtbot, db_path,
                                                          tmp_path) -> None:  # noqa: ANN001
    type_into(qtbot, open_node(main_window, "s0").fields.widget("title"), "综窗改革")
    replacement = import_variant(tmp_path)
    text = replacement.read_text(encoding="utf-8").replace("综窗改革攻坚行动", "命令行改的标题")
    replacement.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_path), "import",
                             "--replace", str(replacement)], env=cli_env(tmp_path),
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    main_window.session.check_external_changes()
    assert current_issue(main_window)["sections"][0]["title"] == "命令行改的标题"
    assert open_node(main_window, "s0").fields.widget("title").text() == "命令行改的标题"
    assert "一、命令行改的标题" in main_window.preview.plain_text()
    main_window.undo_action.trigger()  # nothing of this session's is left to undo
    assert current_issue(main_window)["sections"][0]["title"] == "命令行改的标题"
    assert "撤销记录已清除" in main_window.window.statusBar().currentMessage()


@pytest.mark.parametrize("newer_issue", [False, True])  # with one, the replacement gets a new id
def test_an_import_replace_keeps_the_user_where_they_were(main_window, qtbot, db_path,  # noqa: ANN001
                                                          tmp_path, newer_issue) -> None:
    from zwdesk.operations import import_issue_file

    win = main_window
    if newer_issue:
        import_issue_file(import_variant(tmp_path, number=10, serial=430))
        win.select_issue(2023, 9)
    items = block_of(win, "s2.1", "items")
    items.rows.select(2)  # the third item of （二）窗口服务效能提升工作情况
    for edited in (False, True):  # without and with an undo history of the issue
        if edited:
            type_into(qtbot, items.fields.widget("entry_text"), "本周改过的第三条。")
        win.session.check_external_changes()  # a quiet second: the session notes the state
        # A real change elsewhere (the 版记's copies): an identical replacement within the same
        # second leaves every row as it was, and there is nothing to tell.
        replacement = import_variant(tmp_path, distribution={**SAMPLE_DISTRIBUTION,
                                                             "copies": 95 + edited})
        result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_path), "import",
                                 "--replace", str(replacement)], env=cli_env(tmp_path),
                                capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0, result.stderr
        win.session.check_external_changes()
        message = win.window.statusBar().currentMessage()
        assert "2023年第9期" in message and "已删除的一期" not in message, message
        assert ("撤销记录已清除" in message) is edited, message
        assert win.child("outline").currentItem().text(0) == "（二）窗口服务效能提升工作情况"
        assert items.rows.view.currentRow() == 2
        assert items.fields.widget("entry_text").toPlainText().startswith("3月9日，省林草局")


def test_undo_never_reverts_another_programs_edit(main_window, qtbot, db_path) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    main_window.session.check_external_changes()  # a quiet second: the session notes the state
    db_execute(db_path, "UPDATE textentry SET text = '另一个程序写的' WHERE position = 0")
    main_window.undo_action.trigger()  # before the window has looked again
    assert TextEntry.get(TextEntry.position == 0).text == "另一个程序写的"
    assert WindowStats.get().week_accept == 170
    qtbot.wait(20)
    assert not main_window.editor.undo_group.canUndo()


def test_an_unrelated_change_keeps_the_undo_history(main_window, qtbot, db_path, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    type_into(qtbot, open_node(main_window, "s0").fields.widget("title"), "综窗改革")
    main_window.session.check_external_changes()
    subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_path), "import",
                    str(import_variant(tmp_path, number=8, serial=428))], env=cli_env(tmp_path),
                   check=True, capture_output=True)
    main_window.session.check_external_changes()
    assert main_window.child("issueTable").model().rowCount() == 2  # the new issue is listed
    main_window.undo_action.trigger()
    assert current_issue(main_window)["sections"][0]["title"] == "综窗改革攻坚行动"
    assert import_issue_file  # imported in-process elsewhere; here the CLI did it


@sqlite_only  # the file is locked through SQLite; on a server see tests/store/test_server.py
def test_a_failed_write_is_a_message_and_keeps_what_was_typed(main_window, qtbot, db_path,
                                                              dialogs) -> None:  # noqa: ANN001
    """The database held by another program: nothing typed is lost; it stays in its field as
    not saved, and is stored when typed again once the database is free."""
    database.obj.execute_sql("PRAGMA busy_timeout = 100")
    other = _other_connection(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        stats = block_of(main_window, "s0.0", "window_stats")
        type_into(qtbot, stats.fields.widget("week_accept"), "170")
    finally:
        other.execute("ROLLBACK")
        other.close()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "未能保存")
    assert "正被另一个程序占用" in text and str(db_path) in text
    assert WindowStats.get().week_accept == 168
    assert stats.fields.widget("week_accept").text() == "170"
    assert "未保存，仍按“168”印出" in stats.fields.widget("week_accept_error").text()
    assert "有 1 处填写有误" in main_window.child("saveState").text()
    type_into(qtbot, stats.fields.widget("week_accept"), "170")  # the database is free again
    assert WindowStats.get().week_accept == 170
    assert main_window.editor.refusals() == {}


def test_a_note_about_a_removed_number_stays_while_typing_on(main_window, qtbot) -> None:  # noqa: ANN001
    items, editor = _item_text(main_window, 0)
    type_text(editor, "6、测")
    assert "已去掉开头的编号“6、”" in items.fields.widget("entry_text_error").text()
    type_text(editor, "试")
    assert _items(items.node.section_id)[0] == "测试"
    assert "已去掉开头的编号“6、”" in items.fields.widget("entry_text_error").text()


# --- a second window on the same database ---


@sqlite_only  # a server's archive is shared by many windows at once
def test_a_second_window_is_offered_read_only(main_window, qtbot, db_path, monkeypatch,
                                              dialogs) -> None:  # noqa: ANN001
    from zwdesk.app.main import window_lock
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    first = window_lock(db_path)
    assert first is not None
    assert window_lock(db_path) is None  # the second copy sees the first one's lock
    second = MainWindow(Session(read_only=True))  # as run_app opens it
    dialogs.install(second, monkeypatch)
    qtbot.addWidget(second.window)
    assert second.child("readOnlyBanner").text().startswith("只读：另一个 zwdesk 窗口")
    form = open_node(second, "s0")
    assert form.fields.widget("title").isReadOnly()
    second.new_issue()
    assert Issue.select().count() == 1
    first.unlock()
    assert window_lock(db_path) is not None


@sqlite_only  # a read-only file
def test_the_app_refuses_nothing_silently_in_read_only_mode(qtbot, qt_settings, db_path,
                                                            tmp_path) -> None:  # noqa: ANN001
    """A database file on read-only media opens for looking, and says why it cannot change."""
    from zwdesk.app.session import Session

    Session.open(db_path)
    database.obj.close()
    session = Session.open(db_path, read_only=True)
    assert Issue.select().count() == 1
    assert session.read_only and session.read_only_reason(issue_too=False) is not None
    assert QApplication.instance() is not None


# --- the last safety net ---


def test_unexpected_errors_are_a_dialog_and_a_log_not_a_traceback(main_window, db_path,
                                                                  monkeypatch) -> None:  # noqa: ANN001
    from peewee import OperationalError

    from zwdesk.app import main as app_main

    shown: list[str] = []
    monkeypatch.setattr(app_main.QMessageBox, "warning",
                        lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_main.show_unexpected_errors()
    try:
        raise OperationalError("database is locked")
    except OperationalError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "正被另一个程序占用" in shown[-1]
    try:
        raise KeyError("a bug near postgresql://wangmin:topsecret@10.0.0.5/bulletin")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "意外错误（KeyError）" in shown[-1] and "zwdesk-errors.log" in shown[-1]
    # beside the file; a server archive's in the user's data folder (appdirs, as patched)
    log = (db_path.with_name("zwdesk-errors.log") if isinstance(db_path, Path)
           else Path(appdirs.user_data_dir("zwdesk")) / "zwdesk-errors.log")
    logged = log.read_text(encoding="utf-8")
    assert "KeyError: 'a bug near postgresql://wangmin:***@10.0.0.5/bulletin'" in logged
    assert "topsecret" not in logged


# --- bounded memory ---


def test_undo_history_is_bounded(main_window, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app import editor as editor_module
    from zwdesk.core.nextissue import next_issue
    from zwdesk.store.issues import load_issue, save_issue

    monkeypatch.setattr(editor_module, "MERGE_PAUSE_SECONDS", -1)  # every edit its own step
    stats = block_of(main_window, "s0.0", "window_stats")
    for value in range(editor_module.UNDO_LIMIT + 20):
        type_into(qtbot, stats.fields.widget("week_accept"), str(value))
    assert main_window.editor.undo_group.activeStack().count() == editor_module.UNDO_LIMIT
    data = load_issue(Issue.get())
    for _ in range(editor_module.UNDO_ISSUES + 3):
        data = next_issue(data)
        main_window.open_issue(save_issue(data).id)
    assert len(main_window.editor.undo_group.stacks()) == editor_module.UNDO_ISSUES
