"""File dialogs that never open the files they list.

SQLite's locks on Linux are POSIX advisory locks, which belong to the process and go as soon as
it closes *any* descriptor of the file. A file dialog guessing a file's type from its content
(a Qt dialog does for names it cannot place, such as ``zwdesk.db``; a GTK one running inside
the process may too) opens the database or its ``-wal``/``-shm`` and closes it again: zwdesk
silently loses its locks, and the next ``zwdesk`` command deletes the WAL that the window is
still writing to — edits vanish. So, off Windows (whose locks are not POSIX), the dialogs here
are Qt's own, with an icon provider that goes by the file name only. Every dialog of the app
comes through this module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zwdesk.app.qt import (
    QFileDialog,
    QFileIconProvider,
    QFileInfo,
    QIcon,
    QIdentityProxyModel,
    QLocale,
    QMimeDatabase,
    QSettings,
    Qt,
    QWidget,
)

_BY_NAME = QMimeDatabase.MatchMode.MatchExtension


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name, never from reading the file."""

    def icon(self, what):  # noqa: ANN001, ANN201 - Qt's overloads: a QFileInfo or an IconType
        if not isinstance(what, QFileInfo) or what.isDir():
            return super().icon(what if isinstance(what, QFileInfo) else what)
        mime = QMimeDatabase().mimeTypeForFile(what, _BY_NAME)
        return QIcon.fromTheme(mime.iconName(), super().icon(QFileIconProvider.IconType.File))

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt's name
        if info.isDir():
            return super().type(info)
        return QMimeDatabase().mimeTypeForFile(info, _BY_NAME).comment()


class ColumnsByLocale(QIdentityProxyModel):
    """The 大小 and 修改日期 columns worded by the app's locale (1 字节, 2026/12/6 16:15):
    QFileSystemModel words them by the system's, which under a C locale gives 1 bytes and
    6 12 2026 16:15."""

    SIZE_COLUMN, DATE_COLUMN = 1, 3

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if role == Qt.ItemDataRole.DisplayRole and index.column() in (self.SIZE_COLUMN,
                                                                       self.DATE_COLUMN):
            info = self.sourceModel().fileInfo(self.mapToSource(index))
            if index.column() == self.DATE_COLUMN:
                return QLocale().toString(info.lastModified(), QLocale.FormatType.ShortFormat)
            return "" if info.isDir() else QLocale().formattedDataSize(info.size())
        return super().data(index, role)


_provider: NameOnlyIconProvider | None = None


def _dialog(parent: QWidget | None, caption: str, folder: str, file_filter: str) -> QFileDialog:
    global _provider
    dialog = QFileDialog(parent, caption, folder, file_filter)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if _provider is None:
            _provider = NameOnlyIconProvider()  # kept: the dialog does not own it
        dialog.setIconProvider(_provider)
        dialog.setProxyModel(ColumnsByLocale(dialog))
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return [], ""
    return dialog.selectedFiles(), dialog.selectedNameFilter()


def get_open_file_names(parent: QWidget | None, caption: str, folder: str = "",
                        file_filter: str = "") -> tuple[list[str], str]:
    dialog = _dialog(parent, caption, folder, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def get_open_file_name(parent: QWidget | None, caption: str, folder: str = "",
                       file_filter: str = "") -> tuple[str, str]:
    dialog = _dialog(parent, caption, folder, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def get_save_file_name(parent: QWidget | None, caption: str, path: str = "",
                       file_filter: str = "") -> tuple[str, str]:
    dialog = _dialog(parent, caption, path, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def get_existing_directory(parent: QWidget | None, caption: str, folder: str = "") -> str:
    dialog = _dialog(parent, caption, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    files, _ = _run(dialog)
    return files[0] if files else ""


def ask_save_path(parent: QWidget | None, title: str, name: str, file_filter: str
                  ) -> Path | None:
    """The file to write (``name`` proposed in the last export folder, which is then
    remembered), with ``name``'s suffix added when the user left it off; None if cancelled."""
    folder = QSettings().value("export/folder", str(Path.home()))
    target, _ = get_save_file_name(parent, title, str(Path(folder) / name), file_filter)
    if not target:
        return None
    path = Path(target)
    suffix = Path(name).suffix
    if path.suffix.lower() != suffix:
        path = path.with_suffix(suffix)
    QSettings().setValue("export/folder", str(path.parent))
    return path
