"""Files dropped on a widget as a file manager drops them (``from support.drops import drop``)."""

from __future__ import annotations

from pathlib import Path


def drop(widget, paths: list[Path]) -> None:  # noqa: ANN001 - any QWidget
    """Send the drag-enter and drop events of ``paths``; each must be accepted."""
    from PySide6.QtCore import QMimeData, QPoint
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from zwdesk.app.qt import QApplication, Qt, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    for event_type in (QDragEnterEvent, QDropEvent):
        event = event_type(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
        assert event.isAccepted()
