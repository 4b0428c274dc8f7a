"""The Qt binding the app is pinned to must not corrupt reference counts (PySide6 6.12.0 does:
each item setData/setItem decrements None, and the interpreter aborts at exit)."""

from __future__ import annotations

import sys

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
