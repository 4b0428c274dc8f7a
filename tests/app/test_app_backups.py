"""文件 → 备份与恢复…: the backups listed by date, one made now, one restored; the automatic
backup when the window closes after changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.backends import sqlite_only
from support.qtdrive import block_of

from zwdesk.app import backups as app_backups
from zwdesk.app.qt import QMessageBox
from zwdesk.store import backups


def issue_titles(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute(
            "SELECT title FROM section WHERE parent_id IS NULL ORDER BY issue_id, position")]
    finally:
        connection.close()


@sqlite_only  # rolling backups are a file's (a server's archive: zwdesk archive)
def test_the_menu_lists_backups_makes_one_and_restores_one(main_window, qtbot, db_path,
                                                           monkeypatch):
    before = issue_titles(db_path)
    dialog = app_backups.BackupDialog(main_window.window, main_window.backups._restore)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.back.isEnabled()
    qtbot.mouseClick(dialog.now, qtbot_left())
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "1"  # the sample issue
    assert "已备份" in dialog.note.text()
    saved = dialog.selected()
    assert saved is not None and dialog.table.item(0, 4).text() == saved.name
    assert saved.parent == db_path.parent / "backups" and backups.integrity_problem(saved) == ""

    # an edit after the backup: the outline's first section renamed in the database
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE section SET title = '改过的标题' WHERE parent_id IS NULL "
                       "AND position = (SELECT min(position) FROM section WHERE parent_id IS NULL)")
    connection.commit()
    connection.close()
    assert issue_titles(db_path) != before

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.table.selectRow(dialog.table.rowCount() - 1)
    qtbot.mouseClick(dialog.back, qtbot_left())
    assert "已从" in dialog.note.text() and "恢复" in dialog.note.text()
    assert issue_titles(db_path) == before  # the backup's content is back
    assert dialog.table.rowCount() == 2  # the replaced file kept as one more backup
    assert main_window.editor.issue is not None and main_window.editor.issue.number == 9


@sqlite_only  # rolling backups are a file's (a server's archive: zwdesk archive)
def test_each_backup_shows_its_whole_time_and_file_name(main_window, qtbot) -> None:  # noqa: ANN001
    """Two backups a minute apart were both shown as “2026-12-06 …”: the time, and the file's
    name (its folder is shown below the list), each as a whole."""
    backups.make_backup()
    dialog = app_backups.BackupDialog(main_window.window, main_window.backups._restore)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table, metrics = dialog.table, dialog.table.fontMetrics()
    assert table.rowCount() == 1
    for column in range(table.columnCount()):
        text = table.item(0, column).text()
        assert metrics.horizontalAdvance(text) < table.columnWidth(column) - 6, (column, text)
    assert table.item(0, 0).text().count(":") == 2  # 2026-12-06 18:08:36
    assert dialog.selected() == Path(table.item(0, 4).toolTip())


def qtbot_left():  # noqa: ANN201
    from zwdesk.app.qt import Qt

    return Qt.MouseButton.LeftButton


@sqlite_only  # rolling backups are a file's (a server's archive: zwdesk archive)
def test_closing_after_changes_makes_a_backup_and_without_changes_none(main_window, db_path):
    folder = db_path.parent / "backups"
    main_window.backups.stop()
    assert not folder.exists() or not list(folder.iterdir())  # nothing changed yet
    main_window.backups._seen = -1  # as after an edit in this window
    main_window.backups.stop()
    made = backups.backup_files(folder)
    assert len(made) == 1 and backups.describe_backup(made[0]).issues == 1


@sqlite_only  # rolling backups are a file's (a server's archive: zwdesk archive)
def test_the_settings_move_the_folder_and_change_the_count(main_window, qtbot, tmp_path):
    dialog = app_backups.BackupDialog(main_window.window, main_window.backups._restore)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "U盘"))
    dialog.count.setValue(2)
    for button in dialog.findChildren(type(dialog.now)):
        if button.text() == "保存设置":
            qtbot.mouseClick(button, qtbot_left())
    assert backups.kept_count() == 2
    for _ in range(3):
        qtbot.mouseClick(dialog.now, qtbot_left())
    assert len(list((tmp_path / "U盘").iterdir())) == 2


def test_a_damaged_database_at_start_offers_its_backups_and_opens_the_chosen_one(
        qtbot, qt_settings, tmp_path, monkeypatch):
    from zwdesk import cli
    from zwdesk.app import main
    from zwdesk.app.qt import QInputDialog
    from zwdesk.store.database import close_database

    db = tmp_path / "zw.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    assert cli.main(["--db", str(db), "backup"]) == 0
    with open(db, "r+b") as file:
        file.write(b"\0" * 4096)  # its first page gone
    offered = []

    def choose(parent, title, label, items, *args):  # noqa: ANN001, ANN002, ANN202
        offered.append((label, list(items)))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(main.QApplication, "exec", lambda *a: 0)
    assert main.run_app(db) == 0
    label, items = offered[0]
    assert "已损坏" in label and len(items) == 1 and "1 期" in items[0]
    assert issue_titles(db)  # the backup is in place and open
    assert [p for p in tmp_path.iterdir() if ".damaged-" in p.name]  # kept, not deleted
    window = main.QApplication.instance().main_window
    assert window.editor.issue is not None and window.editor.issue.number == 9
    window.window.close()
    close_database()


def test_a_lock_left_by_a_dead_process_means_a_crash(tmp_path):
    import subprocess

    db = tmp_path / "zw.sqlite3"
    assert not backups.left_by_a_crash(db)
    dead = subprocess.Popen(["true"])
    dead.wait()
    Path(str(db) + ".lock").write_text(f"{dead.pid}\nzwdesk\nhost\n")
    assert backups.left_by_a_crash(db)


@pytest.mark.parametrize("backend", ["postgres"])
def test_on_a_server_the_dialog_points_to_export_all_and_nothing_backs_up(  # noqa: ANN001
        main_window, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    main_window.backups.show_dialog()
    assert told and "导出全部" in told[0]
    block_of(main_window, "s0.0", "window_stats")  # the archive is as it is: nothing to do
    assert main_window.backups.backup_if_changed() is None  # no rolling backup, no message
    assert "未能自动备份" not in main_window.window.statusBar().currentMessage()
