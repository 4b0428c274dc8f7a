"""Driving the app as the secretary does (pytest-qt): typing as a Chinese input method commits
text, replacing a field's text, opening an outline node's form; and reading back what the
window shows and what it stored."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QInputMethodEvent

from support.paths import SAMPLE_JSON
from zwdesk.app.nodes import SECTION
from zwdesk.app.qt import QApplication, Qt
from zwdesk.store.issues import load_issue
from zwdesk.store.models import Issue


def type_text(widget, text: str) -> None:  # noqa: ANN001
    """Type text as a Chinese input method commits it (QTest's key clicks are ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot, widget, text: str) -> None:  # noqa: ANN001
    """Replace a field's text by typing, as a user does (select all, type)."""
    widget.setFocus()
    widget.selectAll()
    if text:
        type_text(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def open_node(win, anchor: str):  # noqa: ANN001, ANN201
    win.select_anchor(anchor)
    node = win.child("outline").currentItem().data(0, Qt.ItemDataRole.UserRole)
    return win.forms[node.kind]


def block_of(win, anchor: str, kind: str):  # noqa: ANN001, ANN201
    form = open_node(win, anchor)
    assert form is win.forms[SECTION]
    return form.blocks[kind]


def current_issue(win) -> dict:  # noqa: ANN001
    return load_issue(Issue.get_by_id(win.editor.issue.id))


def preview_text(win) -> str:  # noqa: ANN001
    win.refresh_views()
    return win.preview.plain_text()


def import_variant(tmp_path: Path, **changes) -> Path:  # noqa: ANN003
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / f"issue-{data['year']}-{data['number']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def open_search(qtbot, win, shortcut: str, query: str):  # noqa: ANN001, ANN202
    """Press the shortcut on the window, type the query, wait for the hits."""
    qtbot.keyClicks(win.window, "")  # the window has the keyboard
    keys = Qt.KeyboardModifier.ControlModifier
    if shortcut == "Ctrl+Shift+F":
        keys |= Qt.KeyboardModifier.ShiftModifier
    win.window.activateWindow()
    qtbot.keyClick(win.window, Qt.Key.Key_F, keys)
    panel = win.search
    assert panel.dock.isVisible() and panel.field.hasFocus()
    type_text(panel.field, query)
    qtbot.waitUntil(lambda: panel.summary.text() != "", timeout=3000)
    return panel
