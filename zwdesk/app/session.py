"""The session: what the window has open, and what changed. It stands between the window (with
its views and dialogs) and the store.

The session opens the database, holds the open issue with its edit history (an IssueEditor:
the edits, their undo, the refused entries) and watches for other programs' writes. Whatever
changed, it says so with a signal, and each view re-reads what it shows of that thing:

- ``issuesChanged``: the list of issues (another program's import, 导入往期);
- ``issueOpened``: another issue is open (or none);
- ``issueChanged``: the open issue's content (an edit, undo, another program), and
  ``issueReloaded`` when its rows were replaced rather than edited (undo, another program);
- ``inboxChanged``: the 来稿 and their 待审 count (another program's ``inbox add``);
- ``readOnlyChanged``: whether the open issue can be edited (定稿, 重新打开, a second window).

Other programs' writes are looked for by ``check_external_changes`` (twice a second, and before
an undo): whether there were any is asked in one method, ``_written_elsewhere``: SQLite's
cheap change counter, or on a server the count of other users' change notifications
(zwdesk.store.database.external_changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.app.editor import IssueEditor
from zwdesk.app.nodes import DISTRIBUTION, MASTHEAD, Node
from zwdesk.app.qt import QObject, QTimer, Signal
from zwdesk.core.outline import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR
from zwdesk.core.problems import ERROR, Problem
from zwdesk.store import editing
from zwdesk.store.database import external_changes
from zwdesk.store.issues import STATUS_DRAFT, STATUS_FINAL, IssueInfo, find_issue_info
from zwdesk.store.sections import section_info

if TYPE_CHECKING:
    from zwdesk.store.location import Location

# How often the session looks whether another program (the command line, another window)
# changed the database: one cheap read of a counter.
EXTERNAL_CHECK_MS = 500  # another desk's edit shows well within a second

SESSION_READ_ONLY_TEXT = ("只读：另一个 zwdesk 窗口正在使用这个数据库。这里可以查看、导出和"
                          "打印；修改请到那个窗口进行。")
FINAL_TEXT = "本期已定稿，不能修改。如需修改，请先点“重新打开”。"


class Session(QObject):
    """The open database and issue, their edits, and the signals that say what changed."""

    issuesChanged = Signal()  # noqa: N815 - Qt's style for signals
    issueOpened = Signal()  # noqa: N815
    issueChanged = Signal()  # noqa: N815
    issueReloaded = Signal()  # noqa: N815
    inboxChanged = Signal()  # noqa: N815
    readOnlyChanged = Signal(bool)  # noqa: N815 - the open issue's read_only now
    # Another program wrote: first aboutToFollow (the views may note where the user is), then
    # the signals above, then changedElsewhere(label, gone) if it was the open issue.
    aboutToFollow = Signal()  # noqa: N815
    changedElsewhere = Signal(str, bool)  # noqa: N815

    def __init__(self, read_only: bool = False, parent: QObject | None = None) -> None:
        """A session on the database open now; ``read_only``: a second window, which only
        looks (and follows the first one's edits)."""
        super().__init__(parent)
        self.editor = IssueEditor(self, look_outside=lambda: self._look(defer=True))
        self.editor.session_read_only = read_only
        self.editor.changed.connect(self.issueChanged)  # reloads are changes too (editor)
        self.editor.reloaded.connect(self.issueReloaded)
        self._marker: int | None = None  # the database's change counter at the last look
        self._watch = QTimer(self, interval=EXTERNAL_CHECK_MS)
        self._watch.timeout.connect(self.check_external_changes)
        self._look(defer=False)  # the first look: remember the counter

    @classmethod
    def open(cls, path: Location, read_only: bool = False, parent: QObject | None = None
             ) -> Session:
        """Open the database at ``path`` (a file or a server's); a file that did not exist yet
        starts with the sample issue, so the first thing a new user sees is a real bulletin (a
        server's archive is shared: nothing is added to it)."""
        from zwdesk.operations import add_sample
        from zwdesk.store.database import open_database

        fresh = isinstance(path, Path) and not path.exists()
        open_database(path, read_only=read_only)
        if fresh and not read_only:
            add_sample()
        return cls(read_only=read_only, parent=parent)

    # --- the open issue ---

    @property
    def issue(self) -> IssueInfo | None:
        """The open issue (its 报头, read again after every change), or None."""
        return self.editor.issue

    def open_issue(self, issue_id: int | None) -> None:
        self.editor.open_issue(issue_id)
        self.issueOpened.emit()

    @property
    def read_only(self) -> bool:
        """No issue open, a second window, or the issue is 定稿."""
        return self.editor.read_only

    @property
    def session_read_only(self) -> bool:
        return self.editor.session_read_only

    def set_session_read_only(self) -> None:
        """Another window holds the database: this one only looks (and follows its edits)."""
        self.editor.session_read_only = True
        self.readOnlyChanged.emit(self.read_only)

    def read_only_reason(self, issue_too: bool = True) -> tuple[str, str] | None:
        """Why nothing may be changed here, as a message's title and text; None if it may.
        A second window; with ``issue_too``, also the open issue (定稿, or none open)."""
        if self.session_read_only:
            return "只读", SESSION_READ_ONLY_TEXT
        if issue_too and self.read_only:
            return "本期已定稿", FINAL_TEXT
        return None

    def finalize(self) -> bool:
        """定稿: an undoable edit; the issue cannot be changed until it is reopened."""
        if self.read_only:  # none open, a second window, or final already
            return False
        issue = self.issue
        stored = self.editor.edit("定稿", lambda: editing.set_status(issue.id, STATUS_FINAL))
        self.readOnlyChanged.emit(self.read_only)
        return stored

    def reopen(self) -> None:
        """重新打开 a 定稿 issue for editing (not an undo step: finalizing again is)."""
        issue = self.issue
        if issue is None or not issue.final:
            return
        editing.set_status(issue.id, STATUS_DRAFT)
        self.editor.refresh_issue()
        self.editor.read_versions()  # this window's own write, made outside an edit
        self.readOnlyChanged.emit(self.read_only)

    def refusal_problems(self) -> list[Problem]:
        """Entries typed but refused, as 检查 lines: not stored, so what prints is the stored
        value."""
        problems = []
        for (node, key), refusal in self.editor.refusals().items():
            anchor, place = node_place(node)
            problems.append(Problem(ERROR, anchor, key, f"{place} {refusal.message}"))
        return problems

    # --- what changed ---

    def issues_changed(self) -> None:
        """Issues were added, replaced or deleted here (导入往期): the list is read anew, and
        the open issue's versions (a replacement here is no other desk's change)."""
        self.editor.refresh_issue()
        self.editor.read_versions()
        self.issuesChanged.emit()

    def database_replaced(self) -> None:
        """A backup or an archive was put in the database (it was opened again): no undo may
        reach into it, the open issue is found again by its year and number, and every view
        reads what it shows anew."""
        issue = self.issue
        self.editor.forget_all()
        self._marker = None
        self._written_elsewhere()  # the reopened database's first look
        found = find_issue_info(issue.year, issue.number) if issue is not None else None
        self.open_issue(found.id if found is not None else None)
        self.issuesChanged.emit()
        self.inboxChanged.emit()

    # --- other programs ---

    def start_watching(self) -> None:
        self._watch.start()

    def stop_watching(self) -> None:
        self._watch.stop()

    def check_external_changes(self) -> bool:
        """Whether another program (the command line's import --replace, ``inbox add``,
        another window) has changed the database since the last look; if so, the views have
        been told. The one place that looks (see the module's docstring). While the server is
        away nothing is read (the editor holds the edits; the connection's banner tries it
        again); a look that finds it away says so."""
        from zwdesk.store.database import ConnectionLostError, database_errors

        if self.editor.offline:
            return False
        try:
            with database_errors():
                if self._look(defer=False) is None:
                    self.editor.remember_state()
                    return False
        except ConnectionLostError as exc:
            self.editor.went_away(str(exc))
            return False
        return True

    def _written_elsewhere(self) -> bool:
        """Whether another program has committed since the last look (the first look only
        takes note). SQLite's change counter, one cheap read; a server database will answer
        from its notifications, here alone."""
        marker = external_changes()
        first_look, changed = self._marker is None, marker != self._marker
        self._marker = marker
        return changed and not first_look

    def _look(self, defer: bool) -> set[int] | None:
        """None if nothing changed since the last look. Else: the undo history of every issue
        another program changed is dropped (``defer``: once control returns to the event loop,
        as during an undo), the open issue is read again (found anew by its year and number if
        its rows were replaced), every view is told, and those issues' ids are returned."""
        if not self._written_elsewhere():
            return None
        issue = self.issue
        self.aboutToFollow.emit()
        dropped = self.editor.drop_changed_histories(defer)
        self.editor.reloaded.emit()
        if self.issue is None and issue is not None:  # replaced (new rows) or deleted
            found = find_issue_info(issue.year, issue.number)
            if found is not None:
                self.open_issue(found.id)
        self.issuesChanged.emit()
        self.inboxChanged.emit()
        current = self.issue
        if issue is not None and (issue.id in dropped or current is None
                                  or current.id != issue.id):
            self.changedElsewhere.emit(issue.label, current is None)
        return dropped


def node_place(node: Node) -> tuple[str, str]:
    """The outline anchor (as zwdesk.core.outline names it) of a form's node, and where it
    stands in words: masthead 报头, distribution 版记, s0.0 （一）省本级综窗办件情况."""
    if node.kind == MASTHEAD:
        return MASTHEAD_ANCHOR, "报头"
    if node.kind == DISTRIBUTION:
        return DISTRIBUTION_ANCHOR, "版记"
    section = section_info(node.section_id)
    return (section.anchor, section.heading) if section is not None else ("", "")
