"""The one place the app imports Qt from (so a binding change touches one file)."""

import importlib

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QDate,
    QEvent,
    QFile,
    QIODevice,
    QLibraryInfo,
    QLocale,
    QLockFile,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QRunnable,
    QSettings,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QTextCursor,
    QUndoCommand,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemView", "QAbstractSpinBox", "QAbstractTableModel", "QAction", "QApplication",
    "QByteArray", "QColor", "QComboBox", "QCompleter", "QDate", "QDateEdit", "QDesktopServices",
    "QDialog", "QDialogButtonBox", "QEvent", "QFile", "QFileDialog", "QFont", "QFontDatabase",
    "QHeaderView", "QIcon", "QInputDialog", "QImage", "QIODevice", "QKeyEvent", "QKeySequence",
    "QLabel",
    "QLibraryInfo", "QLineEdit", "QListWidget", "QListWidgetItem", "QLocale", "QLockFile",
    "QMainWindow", "QMenu", "QMessageBox", "QMimeData", "QModelIndex", "QObject", "QPageLayout",
    "QPageSize",
    "QPaintEngine", "QPainter", "QPersistentModelIndex", "QPlainTextEdit", "QProgressBar",
    "QPushButton", "QRectF", "QRunnable", "QSettings", "QSize", "QSpinBox", "Qt", "QTableView",
    "QTableWidget", "QTableWidgetItem", "QTextBrowser", "QTextCursor", "QThreadPool", "QTimer",
    "QToolBar", "QTranslator", "QTreeWidget", "QTreeWidgetItem", "QUiLoader", "QUndoCommand",
    "QUndoGroup", "QUndoStack", "QUrl", "QVBoxLayout", "QWidget", "Signal", "Slot",
]

# Printing loads on first use (PEP 562): the window opens without QtPdf and QtPrintSupport.
_ON_FIRST_USE = {
    "QPdfDocument": "PySide6.QtPdf",
    "QPdfView": "PySide6.QtPdfWidgets",
    "QPrintDialog": "PySide6.QtPrintSupport",
    "QPrinter": "PySide6.QtPrintSupport",
    "QPrinterInfo": "PySide6.QtPrintSupport",
    "QPrintPreviewDialog": "PySide6.QtPrintSupport",
}
__all__ += list(_ON_FIRST_USE)


def __getattr__(name: str) -> object:
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
