"""The banner that says another desk changed a part under this window's edits, and the user's
choice: 查看差异, 载入对方版本, 以我的为准保存 (zwdesk.app.editor keeps the held edits).

Nothing is merged silently: until the user chooses, the part's edits stay in the form, marked
未保存, and nothing of that part is stored."""

from __future__ import annotations

from collections.abc import Callable

from zwdesk.app.editor import IssueEditor
from zwdesk.app.qt import QDialogButtonBox, QHeaderView, QObject, QTableWidgetItem, QTimer, QWidget
from zwdesk.app.uiload import load_ui

UNKNOWN = "（打开该部分可见）"


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
