"""The Qt binding the app is pinned to must not corrupt reference counts (PySide6 6.12.0 does:
each item setData/setItem decrements None, and the interpreter aborts at exit)."""

from __future__ import annotations

import os
import sys

from support.paths import ROOT

from zwdesk.app.qt import Qt, QTableWidget, QTableWidgetItem, QTreeWidgetItem


def test_item_data_keeps_reference_counts(qapp) -> None:  # noqa: ANN001
    table = QTableWidget(2, 1)
    before = sys.getrefcount(None)
    for i in range(500):
        item = QTableWidgetItem("x")
        item.setData(Qt.ItemDataRole.UserRole, i)
        table.setItem(0, 0, item)
        tree_item = QTreeWidgetItem(["y"])
        tree_item.setData(0, Qt.ItemDataRole.UserRole, "s0.1")
    # a few references may come and go; a leak of one per call would show as ~-1500
    assert abs(sys.getrefcount(None) - before) < 50


def test_opening_the_main_window_loads_no_word_or_print_code(tmp_path) -> None:  # noqa: ANN001
    """python-docx and Qt's printing load when first used, not at start (start-up time)."""
    import subprocess

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from zwdesk.app.main import make_application\n"
        "from zwdesk.app.session import Session\n"
        "app = make_application()\n"
        f"session = Session.open(Path({str(tmp_path / 'db.sqlite3')!r}))\n"
        "from zwdesk.app.mainwindow import MainWindow\n"
        "window = MainWindow(session); window.show()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')"
        " or m.startswith('PySide6.QtPrint') or m.startswith('PySide6.QtPdf')))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "[]"
