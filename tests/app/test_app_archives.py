"""文件 → 连接服务器… and 使用本机数据库: the dialog's checks, 测试连接 against the real server,
and switching the window between the file on this desk and the server (issue 17 §1, §5)."""

from __future__ import annotations

import pytest
from support.backends import sqlite_only

from zwdesk.app.archives import SERVER_KEY, ServerDialog, remembered_server
from zwdesk.app.qt import QLineEdit, QMessageBox, QSettings
from zwdesk.store.location import ServerLocation


def fill(dialog: ServerDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.dialog.findChild(QLineEdit, name).setText(value)


def result(dialog: ServerDialog) -> str:
    return dialog.child("result").text()


@pytest.mark.parametrize(("values", "said"), [
    ({"host": "", "dbname": "zwdesk"}, "请填写服务器地址"),
    ({"host": "10.0.0.5", "dbname": ""}, "请填写数据库名称"),
    ({"host": "10.0.0.5", "dbname": "zwdesk", "port": "54a"}, "端口应为 1–65535"),
    ({"host": "10.0.0.5", "dbname": "zwdesk", "port": "70000"}, "端口应为 1–65535"),
])
def test_the_dialog_names_the_field_that_is_wrong(qtbot, qt_settings, values, said) -> None:  # noqa: ANN001
    probed = []
    dialog = ServerDialog(None, probe=probed.append)
    qtbot.addWidget(dialog.dialog)
    fill(dialog, **values)
    assert not dialog.test()
    assert said in result(dialog) and result(dialog).startswith("✖")
    assert probed == []  # nothing was tried


def test_test_connection_reaches_the_real_server(qtbot, qt_settings, server) -> None:  # noqa: ANN001
    dialog = ServerDialog(None, initial=server)
    qtbot.addWidget(dialog.dialog)
    assert dialog.test(), result(dialog)
    assert result(dialog).startswith("✔ 连接成功：服务器") and "PostgreSQL" in result(dialog)
    fill(dialog, dbname="没有这个库", password="s3cret-typed")
    assert not dialog.test()
    assert "没有这个库" in result(dialog) and "s3cret-typed" not in result(dialog)


def test_an_unreachable_server_is_named_with_its_reason(qtbot, qt_settings) -> None:  # noqa: ANN001
    dialog = ServerDialog(None)
    qtbot.addWidget(dialog.dialog)
    fill(dialog, host="127.0.0.1", port="9", dbname="zwdesk", user="wm", password="pw-123")
    assert not dialog.test()
    text = result(dialog)
    assert "127.0.0.1:9" in text and "pw-123" not in text


@sqlite_only  # the window starts on the file on this desk
def test_switching_to_the_server_and_back(main_window, qtbot, server, db_path,  # noqa: ANN001
                                          monkeypatch) -> None:
    from zwdesk.app.main import switch_archive
    from zwdesk.store.database import open_location

    assert main_window.window.windowTitle().endswith("· 本机")
    assert main_window.archive_label.text() == f"本机 {db_path}"
    typed = ServerLocation(dbname=server.dbname, host=server.host, port=server.port,
                           user=server.user, password="typed-in-the-dialog")
    on_server = switch_archive(main_window, typed)
    qtbot.addWidget(on_server.window)
    assert open_location() == server
    assert not main_window.window.isVisible() and on_server.window.isVisible()
    assert on_server.window.windowTitle().endswith(f"· 服务器 {server.host}/{server.dbname}")
    remembered = str(QSettings().value(SERVER_KEY))
    assert remembered_server() == server and "typed-in-the-dialog" not in remembered
    assert on_server.archives.local_action.isEnabled()
    back = switch_archive(on_server, db_path)  # 使用本机数据库
    qtbot.addWidget(back.window)
    assert open_location() == db_path and back.window.windowTitle().endswith("· 本机")
    assert remembered_server() is None
    assert back.child("issueTable").model().rowCount() == 1  # the sample, as it was


@sqlite_only
def test_a_server_that_cannot_be_opened_leaves_the_archive_as_it_was(  # noqa: ANN001
        main_window, qtbot, db_path, monkeypatch) -> None:
    from zwdesk.app.main import switch_archive
    from zwdesk.store.database import open_location

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    gone = ServerLocation(dbname="zwdesk", host="127.0.0.1", port=9)
    window = switch_archive(main_window, gone)
    qtbot.addWidget(window.window)
    assert open_location() == db_path and window.window.windowTitle().endswith("· 本机")
    assert warned and "127.0.0.1:9" in warned[0] and "仍使用原来的简报库" in warned[0]
    assert remembered_server() is None
