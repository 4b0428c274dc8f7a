"""The app's file dialogs never open the files they list: on Linux, closing any descriptor of
the database releases SQLite's locks held by the process (POSIX advisory locks), and the next
zwdesk command then deletes the WAL the window is still writing to."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.backends import sqlite_only

from zwdesk.app import filedialogs
from zwdesk.app.qt import QApplication, QFileDialog, QFileIconProvider


def _deleted_database_files(name: str) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if name in target and target.endswith("(deleted)"):
            found.append(target)
    return found


def _browse(dialog: QFileDialog, seconds: float = 1.5) -> None:
    """Show the dialog in detail view on its folder long enough to list it, then cancel."""
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)
    dialog.reject()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="POSIX locks and /proc: Linux")
@pytest.mark.parametrize("safe", [True, False])
def test_browsing_the_database_folder_keeps_the_windows_locks(qt_settings, tmp_path,  # noqa: ANN001
                                                              safe) -> None:
    from zwdesk.app.session import Session
    from zwdesk.store.models import database

    db = tmp_path / "我的简报.db"  # a name whose type Qt guesses from the content
    Session.open(db)
    try:
        if safe:
            dialog = filedialogs._dialog(None, "选择来稿文件", str(tmp_path), "")
        else:  # what the dialogs did before: Qt's own provider reads the files
            dialog = QFileDialog(None, "选择来稿文件", str(tmp_path), "")
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.setIconProvider(QFileIconProvider())
        _browse(dialog)
        subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db), "list"], check=True,
                       capture_output=True)
        lost = _deleted_database_files(db.name)
        assert (lost == []) is safe, lost  # the unsafe way shows the hazard is real here
    finally:
        database.close()


def test_every_dialog_of_the_app_comes_through_filedialogs() -> None:
    """No module of the app calls QFileDialog's own static functions."""
    app = Path(filedialogs.__file__).parent
    callers = [path.name for path in app.rglob("*.py") if path.name != "filedialogs.py"
               and any(f"QFileDialog.{name}(" in path.read_text(encoding="utf-8")
                       for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName",
                                    "getExistingDirectory"))]
    assert callers == []


@sqlite_only  # SQLite's own files beside the database
def test_the_database_itself_is_refused_as_an_input_file(db_with_sample, capsys) -> None:  # noqa: ANN001
    """Chosen or dropped by mistake, it would be opened and closed by the process using it."""
    from zwdesk import cli

    for command in (["import", str(db_with_sample)], ["inbox", "add", str(db_with_sample)],
                    ["review", "2023-9", str(db_with_sample)]):
        assert cli.main(["--db", str(db_with_sample), *command]) == 1
        assert "这是 zwdesk 正在使用的数据库文件" in capsys.readouterr().err
