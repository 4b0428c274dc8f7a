"""Windows of their own (统计, 检查全年) open at the size and place the user left them, as the
main window does (QSettings)."""

from __future__ import annotations

from zwdesk.app.qt import QByteArray, QEvent, QObject, QSettings, QWidget

_SAVED_ON = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Hide)


class _Keeper(QObject):
    def __init__(self, window: QWidget, key: str) -> None:
        super().__init__(window)
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _SAVED_ON:
            QSettings().setValue(self.key, watched.saveGeometry())
        return False


def remember_geometry(window: QWidget, name: str) -> bool:
    """Give ``window`` the size and place it had when last shown (under ``name``) and keep
    them from now on; False the first time (the caller sizes it)."""
    key = f"{name}/geometry"
    saved = QSettings().value(key)
    restored = isinstance(saved, QByteArray) and window.restoreGeometry(saved)
    window.installEventFilter(_Keeper(window, key))
    return bool(restored)
