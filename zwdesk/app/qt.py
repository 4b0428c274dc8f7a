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
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
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
    QCursor,
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
    QPen,
    QTextCursor,
    QTextDocument,
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
    QDockWidget,
    QFileDialog,
    QGraphicsScene,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemView", "QAbstractSpinBox", "QAbstractTableModel", "QAction", "QApplication",
    "QByteArray", "QColor", "QComboBox", "QCompleter", "QCursor", "QDate", "QDateEdit",
    "QDesktopServices", "QDialog", "QDialogButtonBox", "QDockWidget", "QEvent", "QFile",
    "QFileDialog", "QFont", "QFontDatabase", "QGraphicsScene", "QHBoxLayout", "QHeaderView",
    "QIcon", "QImage", "QInputDialog", "QIODevice", "QKeyEvent", "QKeySequence", "QLabel",
    "QLibraryInfo", "QLineEdit", "QListWidget", "QListWidgetItem", "QLocale", "QLockFile",
    "QMainWindow", "QMessageBox", "QModelIndex", "QObject", "QPageLayout", "QPageSize",
    "QPaintEngine", "QPainter", "QPen", "QPersistentModelIndex", "QPlainTextEdit", "QPointF",
    "QProgressBar", "QPushButton", "QRectF", "QRunnable", "QSettings", "QSize", "QSpinBox",
    "QStyle", "QStyledItemDelegate", "QStyleOptionViewItem", "Qt", "QTableView", "QTableWidget",
    "QTableWidgetItem", "QTextBrowser", "QTextCursor", "QTextDocument", "QThreadPool", "QTimer",
    "QToolBar", "QToolTip", "QTranslator", "QTreeWidget", "QTreeWidgetItem", "QUiLoader",
    "QUndoCommand", "QUndoGroup", "QUndoStack", "QUrl", "QVBoxLayout", "QWidget", "Signal",
    "Slot",
]

# Printing and charts load on first use (PEP 562): the window opens without QtPdf,
# QtPrintSupport and QtCharts.
_ON_FIRST_USE = {
    "QCategoryAxis": "PySide6.QtCharts",
    "QChart": "PySide6.QtCharts",
    "QChartView": "PySide6.QtCharts",
    "QLineSeries": "PySide6.QtCharts",
    "QValueAxis": "PySide6.QtCharts",

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
