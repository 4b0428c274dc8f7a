"""修订记录 in the app: the user's name set in 设置 (kept in QSettings, this desk's), typing in a
form, and 本期 → 修订记录… showing the line with that name, newest first; another program's
write shows when the window is opened again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.builders import cli_env, run_cli, write_json
from support.qtdrive import block_of, type_into

from zwdesk.app.history import USER_KEY
from zwdesk.app.qt import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSettings,
    QTableWidget,
    QTimer,
)
from zwdesk.store import user

HALL = "三、窗口工作动态 / （三）厅（局）长进大厅"
TYPED = "厅长进大厅，现场协调解决群众办事难题。"


def in_dialog(act: Callable[[object], None]) -> list[object]:
    """Run ``act(dialog)`` on the modal dialog about to open (the real one, driven as a user
    does); returns a list that holds the dialog once it has."""
    seen: list[object] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet
            QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, run)
    return seen


def set_name_in_settings(win, qtbot, name: str) -> None:  # noqa: ANN001
    def fill(dialog) -> None:  # noqa: ANN001
        type_into(qtbot, dialog.findChild(QLineEdit, "userName"), name)
        dialog.findChild(QDialogButtonBox, "buttons").button(
            QDialogButtonBox.StandardButton.Ok).click()

    in_dialog(fill)
    win.child("actionSettings").trigger()


def history_shown(win) -> tuple[list[tuple[str, ...]], str, str]:  # noqa: ANN001
    """What 本期 → 修订记录… shows: the table's rows, and the selected line's old and new
    text in full below it."""
    shown: dict[str, object] = {}

    def read(dialog) -> None:  # noqa: ANN001
        table = dialog.findChild(QTableWidget, "lines")
        shown["rows"] = [tuple(table.item(r, c).text() for c in range(table.columnCount()))
                         for r in range(table.rowCount())]
        shown["old"] = dialog.findChild(QPlainTextEdit, "oldText").toPlainText()
        shown["new"] = dialog.findChild(QPlainTextEdit, "newText").toPlainText()
        dialog.findChild(QDialogButtonBox, "buttons").button(
            QDialogButtonBox.StandardButton.Close).click()

    in_dialog(read)
    action = win.child("actionHistory")
    assert action in win.child("menuIssue").actions() and action.isEnabled()
    action.trigger()
    return shown["rows"], shown["old"], shown["new"]  # type: ignore[return-value]


@pytest.fixture(autouse=True)
def _default_user_afterwards():  # noqa: ANN202
    """The name a test sets in 设置 is the process's: no test leaves it to the next."""
    yield
    user.set_user(None)


@pytest.fixture
def named(main_window, qtbot):  # noqa: ANN001, ANN201
    """The window, its user named 王敏 in 设置."""
    set_name_in_settings(main_window, qtbot, "王敏")
    return main_window


def test_a_typed_edit_shows_with_the_name_from_settings(named, qtbot) -> None:  # noqa: ANN001
    assert QSettings().value(USER_KEY) == "王敏" and user.current_user() == "王敏"
    items = block_of(named, "s2.2", "items")
    items.rows.select(0)
    field = items.fields.widget("entry_text")
    old = field.toPlainText()
    type_into(qtbot, field, TYPED)

    rows, shown_old, shown_new = history_shown(named)
    time, who, place, cut_old, new = rows[0]  # newest first
    assert (who, place, new) == ("王敏", f"{HALL} / 第1条", TYPED)
    assert (cut_old, shown_old, shown_new) == (old, old, TYPED)  # the table, the text below
    assert rows[-1][2] == "导入"  # the sample, stored when the database was made
    assert len(time) == len("2024-03-05 10:42:07")


def test_undo_redo_and_finalise_are_one_line_each(named, qtbot, dialogs) -> None:  # noqa: ANN001
    items = block_of(named, "s2.2", "items")
    items.rows.select(1)
    type_into(qtbot, items.fields.widget("entry_text"), "改过的第2条。")
    named.undo_action.trigger()
    named.redo_action.trigger()
    dialogs.answer = True  # 定稿 asks first when 检查 lists anything
    named.child("actionFinalize").trigger()
    rows = history_shown(named)[0]
    assert [(who, place) for _t, who, place, _o, _n in rows[:4]] == [
        ("王敏", "定稿"), ("王敏", "重做"), ("王敏", "撤销"), ("王敏", f"{HALL} / 第2条")]
    assert rows[1][4] == rows[2][4] == f"1处：{HALL} / 第2条"


def test_another_program_s_write_shows_when_opened_again(named, qtbot, tmp_path,  # noqa: ANN001
                                                          db_path) -> None:
    before = history_shown(named)[0]
    submission = write_json(tmp_path / "来稿.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省医保局窗口",
        "date": "2023-03-15", "items": [{"text": "医保窗口推行“一窗通办”。"}]})
    added = run_cli(tmp_path, "--db", str(db_path), "inbox", "add", str(submission))
    assert added.returncode == 0, added.stderr
    item = added.stdout.split("\t")[0]
    adopted = run_cli(tmp_path, "--db", str(db_path), "inbox", "adopt", item, "2023-9", "3.3",
                      env=cli_env(tmp_path, ZWDESK_USER="李强"))
    assert adopted.returncode == 0, adopted.stderr

    rows = history_shown(named)[0]
    assert len(rows) == len(before) + 1
    assert rows[0][1:] == ("李强", "采用来稿", "",
                           f"来稿 {item}（省医保局窗口）→ {HALL} / 第3条")


def test_a_name_that_cannot_be_one_is_refused_in_settings(main_window, qtbot,  # noqa: ANN001
                                                          monkeypatch) -> None:
    monkeypatch.delenv(user.USER_ENV, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "wangmin")
    said: list[str] = []

    def fill(dialog) -> None:  # noqa: ANN001
        field = dialog.findChild(QLineEdit, "userName")
        said.append(field.placeholderText())
        said.append(dialog.findChild(QLabel, "userNote").text())
        field.setText("王\t敏")
        dialog.findChild(QDialogButtonBox, "buttons").button(
            QDialogButtonBox.StandardButton.Ok).click()
        said.append(dialog.findChild(QLabel, "error").text())
        dialog.reject()

    in_dialog(fill)
    main_window.child("actionSettings").trigger()
    placeholder, note, error = said
    assert placeholder == "wangmin" and "不填则为 wangmin" in note
    assert "控制字符" in error
    assert QSettings().value(USER_KEY) is None and user.current_user() == "wangmin"


def test_settings_of_a_final_issue_still_take_the_user_name(main_window, qtbot,  # noqa: ANN001
                                                            dialogs) -> None:
    dialogs.answer = True  # 定稿 asks first when 检查 lists anything
    main_window.child("actionFinalize").trigger()
    assert main_window.editor.issue.final
    read_only: list[bool] = []

    def fill(dialog) -> None:  # noqa: ANN001
        read_only.append(dialog.findChild(QLineEdit, "publication").isReadOnly())
        type_into(qtbot, dialog.findChild(QLineEdit, "userName"), "张主任")
        dialog.findChild(QDialogButtonBox, "buttons").button(
            QDialogButtonBox.StandardButton.Ok).click()

    in_dialog(fill)
    main_window.child("actionSettings").trigger()
    assert read_only == [True] and user.current_user() == "张主任"
    assert main_window.editor.issue.publication == "政务服务工作"
    assert history_shown(main_window)[0][0][2] == "定稿"  # nothing written after it
