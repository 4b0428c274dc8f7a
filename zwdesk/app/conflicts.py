"""Working beside other desks: the banner that says another desk changed a part under this
window's edits, with the user's choice (查看差异, 载入对方版本, 以我的为准保存; zwdesk.app.editor
keeps the held edits), and the line that says who else is editing the part shown (正在编辑).

Nothing is merged silently: until the user chooses, the part's edits stay in the form, marked
未保存, and nothing of that part is stored."""

from __future__ import annotations

from collections.abc import Callable

from zwdesk.app.editor import IssueEditor
from zwdesk.app.qt import QDialogButtonBox, QHeaderView, QObject, QTableWidgetItem, QTimer, QWidget
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError

UNKNOWN = "（打开该部分可见）"
PRESENCE_MS = 1000  # how often the window asks who else is editing the part it shows


class ConflictBanner(QObject):
    """Shows the open issue's conflicts above the forms and carries out the user's choice.
    ``stored_text(node, key)``: what the database holds for a field, as its form shows it
    (None when that form is not the one shown); ``look``: the session's look for other
    programs' writes, so the forms show the other's version under what was typed."""

    def __init__(self, window: QWidget, editor: IssueEditor,
                 stored_text: Callable[[object, str], str | None],
                 look: Callable[[], object]) -> None:
        super().__init__(window)
        self.window, self.editor, self.stored_text, self.look = window, editor, stored_text, look
        self.banner = window.findChild(QWidget, "conflictBanner")
        self.banner.hide()
        self.child("conflictTheirs").clicked.connect(editor.take_theirs)
        self.child("conflictMine").clicked.connect(editor.keep_mine)
        self.child("conflictDiff").clicked.connect(self.show_differences)
        editor.conflictsChanged.connect(self._update)
        self.dialog: QWidget | None = None

    def child(self, name: str) -> QWidget:
        return self.window.findChild(QWidget, name)

    def _update(self) -> None:
        conflicts = self.editor.conflicts()
        self.banner.setVisible(bool(conflicts))
        if not conflicts:
            return
        self.child("conflictText").setText("\n".join(c.message for c in conflicts))
        QTimer.singleShot(0, self.look)  # the other's version read in, under what was typed

    def differences(self) -> list[tuple[str, str, str, str]]:
        """Each held entry: where (the field), the base, theirs, mine."""
        rows = []
        for (node, key), refusal in self.editor.refusals().items():
            if refusal.base is None:
                continue
            theirs = self.stored_text(node, key)
            rows.append((refusal.label, refusal.base, UNKNOWN if theirs is None else theirs,
                         refusal.text))
        return rows

    def show_differences(self) -> QWidget:
        dialog = load_ui("conflict_dialog.ui", self.window)
        table = dialog.findChild(QWidget, "differences")
        rows = self.differences()
        table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        dialog.findChild(QDialogButtonBox, "buttons").rejected.connect(dialog.reject)
        self.dialog = dialog
        dialog.show()
        return dialog


class EditingNow(QObject):
    """王敏 正在编辑: above the form, the other users who have typed in the part shown and
    still have it open (zwdesk.store.presence; always nobody on a file)."""

    def __init__(self, label: QWidget, issue_and_part: Callable[[], tuple[int, str] | None]
                 ) -> None:
        super().__init__(label)
        self.label, self.issue_and_part = label, issue_and_part
        label.hide()
        self.timer = QTimer(self, interval=PRESENCE_MS)
        self.timer.timeout.connect(self.update)
        self.timer.start()

    def update(self) -> list[str]:
        from zwdesk.store.presence import editing_now

        shown = self.issue_and_part()
        try:
            names = editing_now(*shown) if shown is not None else []
        except ZwdeskError:  # the server is away: the banner of the connection says so
            names = []
        self.label.setVisible(bool(names))
        if names:
            self.label.setText(f"{'、'.join(names)} 正在编辑这一部分。"
                               "同时修改同一处时，后保存的一方会收到提示，不会互相覆盖。")
        return names
