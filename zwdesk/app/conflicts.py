"""Working beside other desks: the banner that says another desk changed a part under this
window's edits, with the user's choice (查看差异, 载入对方版本, 以我的为准保存; zwdesk.app.editor
keeps the held edits), and the line that says who else is editing the part shown (正在编辑).

Nothing is merged silently: until the user chooses, the part's edits stay in the form, marked
未保存, and nothing of that part is stored."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from zwdesk.app.editor import IssueEditor
from zwdesk.app.qt import (
    QDialogButtonBox,
    QHeaderView,
    QObject,
    QSizePolicy,
    QTableWidgetItem,
    QTimer,
    QWidget,
)
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError

UNKNOWN = "（打开该部分可见）"
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zwdesk-reconnect")
PRESENCE_MS = 1000  # how often the window asks who else is editing the part it shows
RETRY_SECONDS = (1, 2, 4, 8, 15, 30)  # waits between tries to reach the server again
OFFLINE_TEXT = ("与服务器的连接已断开，正在重试…  已输入的内容会保留在窗口中，连接恢复后自动保存；"
                "在此之前请不要关闭窗口。")


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

    def __init__(self, label: QWidget, issue_and_part: Callable[[], tuple[int, str] | None],
                 offline: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)  # the window's controller: its timer stops with it
        self.label, self.issue_and_part, self.offline = label, issue_and_part, offline
        # Wrapped within the form's width, never wider (a narrow pane cut it off).
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.hide()
        self.timer = QTimer(self, interval=PRESENCE_MS)
        self.timer.timeout.connect(self.update)
        label.destroyed.connect(self.timer.stop)  # a window torn down without closing
        self.timer.start()

    def update(self) -> list[str]:
        from zwdesk.store.database import database_errors
        from zwdesk.store.presence import editing_now

        shown = None if self.offline() else self.issue_and_part()
        try:
            with database_errors():
                names = editing_now(*shown) if shown is not None else []
        except ZwdeskError:  # the server is away: the connection's banner says so
            names = []
        self.label.setVisible(bool(names))
        if names:
            self.label.setText(f"{'、'.join(names)} 正在编辑这一部分。"
                               "同时修改同一处时，后保存的一方会收到提示，不会互相覆盖。")
        return names


class ConnectionBanner(QObject):
    """与服务器的连接已断开，正在重试…: while the server is away, the edits are held (the
    editor) and the server is tried again with growing waits, off the GUI thread (an
    unreachable host can take seconds to say so); once it answers, the held edits are
    stored and the window reads the archive again."""

    def __init__(self, banner: QWidget, editor: IssueEditor, look: Callable[[], object],
                 parent: QObject, probe: Callable[[], object] | None = None) -> None:
        super().__init__(parent)  # the window's controller: its timers stop with it
        from zwdesk.store.database import probe_open_server

        self.banner, self.editor, self.look = banner, editor, look
        self.probe = probe or probe_open_server
        self.tries = 0
        self.answer: Future[object] | None = None
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.try_again)
        self.poll = QTimer(self, interval=100)
        self.poll.timeout.connect(self._answered)
        banner.hide()
        editor.offlineChanged.connect(self._offline_changed)

    def stop(self) -> None:
        """The window closes: no more tries."""
        self.timer.stop()
        self.poll.stop()

    def _offline_changed(self, offline: bool) -> None:
        self.banner.setVisible(offline)
        if offline:
            self.banner.setText(OFFLINE_TEXT)
            self.banner.setToolTip(self.editor.offline_reason)  # the details, for whoever asks
            if not self.timer.isActive() and self.answer is None:
                self.tries = 0
                self._wait()
        else:
            self.timer.stop()

    def _wait(self) -> None:
        self.timer.start(1000 * RETRY_SECONDS[min(self.tries, len(RETRY_SECONDS) - 1)])
        self.tries += 1

    def try_again(self) -> None:
        """Ask the server (in a thread) whether it answers again."""
        self.answer = _EXECUTOR.submit(self.probe)
        self.poll.start()

    def _answered(self) -> None:
        if self.answer is None or not self.answer.done():
            return
        self.poll.stop()
        failed, self.answer = self.answer.exception(), None
        if failed is not None:
            self._wait()
            return
        self.editor.reconnected()
        self.look()  # what the others did meanwhile
