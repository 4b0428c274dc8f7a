"""修订记录: the open issue's revision history in a window, newest first, and the name this desk's
writes record.

The name is the person's at this desk, not the archive's: it is kept in the user's settings
(QSettings), set in 设置, and handed to the store (zwdesk.store.user) at start and whenever it
changes; left empty, the store uses $ZWDESK_USER or the login name.
"""

from __future__ import annotations

from zwdesk.app.qt import (
    QDialog,
    QHeaderView,
    QSettings,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from zwdesk.app.uiload import load_ui
from zwdesk.app.windowsize import remember_geometry
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.store.history import HistoryEntry, issue_history
from zwdesk.store.issues import IssueInfo
from zwdesk.store.user import check_name, default_name, set_user

USER_KEY = "user/name"
CELL_LIMIT = 200  # characters of a text put in a cell (which shows what fits); whole below
COLUMNS = 5  # 时间, 用户, 位置, 原内容, 新内容 (ui/history_dialog.ui)


def saved_name() -> str:
    """The name set in 设置 on this desk ('' for none)."""
    return str(QSettings().value(USER_KEY, "") or "")


def apply_saved_name() -> None:
    """At start: the writes of this window record the name set in 设置 (a name the settings
    file got by hand and that cannot be one is left aside: the default is used)."""
    try:
        set_user(saved_name() or None)
    except ZwdeskError:
        set_user(None)


def save_name(name: str) -> None:
    """Keep ``name`` (checked; '' for the default) as this desk's, and use it from now on."""
    name = check_name(name)
    QSettings().setValue(USER_KEY, name)
    set_user(name or None)


def name_hint() -> str:
    """What an empty name field means: 不填则为 wangmin（登录名）."""
    return f"不填则为 {default_name()}"


class HistoryDialog:
    """The lines of one issue's history, newest first; read-only. It reads them each time it
    is filled: when it opens, and when the session says the issue changed while it is open
    (another program's write included)."""

    def __init__(self, parent: QWidget | None, issue: IssueInfo) -> None:
        self.dialog: QDialog = load_ui("history_dialog.ui", parent)
        self.dialog.setWindowTitle(f"修订记录 — {issue.label}")
        self.issue = issue
        self.table: QTableWidget = self.child("lines")
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self.child("buttons").rejected.connect(self.dialog.reject)
        if not remember_geometry(self.dialog, "history"):
            self.dialog.resize(960, 600)
        self.lines: list[HistoryEntry] = []
        self.fill()

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def fill(self) -> None:
        """Read the issue's history again and show it, newest first."""
        self.lines = issue_history(self.issue.id)[::-1]
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = (f"{line.at:%Y-%m-%d %H:%M:%S}", line.user, line.place, line.old, line.new)
            for column, value in enumerate(values):
                cell = QTableWidgetItem(quote(value, CELL_LIMIT))
                if len(value) > CELL_LIMIT or cell.text() != value:
                    cell.setToolTip(value)
                self.table.setItem(row, column, cell)
        count = f"共 {len(self.lines)} 条，最新的在前" if self.lines else "还没有修订记录"
        self.child("summary").setText(f"{self.issue.label}：{count}。选中一行，下方显示全文。")
        if self.lines:
            self.table.setCurrentCell(0, 0)
        else:
            self._show(-1)

    def _show(self, row: int) -> None:
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        self.child("oldText").setPlainText(line.old if line else "")
        self.child("newText").setPlainText(line.new if line else "")

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for a look from outside: the tests)."""
        return [tuple(self.table.item(row, column).text() for column in range(COLUMNS))
                for row in range(self.table.rowCount())]

    def exec(self) -> None:
        """Shown until closed; then gone (each opening reads the history anew)."""
        try:
            self.dialog.exec()
        finally:
            self.dialog.deleteLater()
