"""The edit session of the open issue: every edit is written to the database at once and
recorded for undo.

Undo works on row snapshots of the whole issue (zwdesk.store.snapshots): a step keeps the issue
as it was before the edit and restores it in place, ids included. Typing in one field merges into
one step, until the user pauses or moves to another field. Each issue has its own undo stack
(a QUndoGroup switches between them), so undo never jumps to another issue.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from zwdesk.app.qt import QObject, QUndoCommand, QUndoGroup, QUndoStack, Signal
from zwdesk.store.models import STATUS_FINAL, Issue, database
from zwdesk.store.snapshots import IssueSnapshot, restore_snapshot, take_snapshot

MERGE_PAUSE_SECONDS = 3.0


class ReadOnlyIssueError(Exception):
    """An edit was attempted on an issue marked final (定稿)."""


class _SnapshotStep(QUndoCommand):
    def __init__(self, editor: IssueEditor, label: str, before: IssueSnapshot,
                 merge_key: str | None) -> None:
        super().__init__(label)
        self.editor, self.before, self.merge_key = editor, before, merge_key
        self.after: IssueSnapshot | None = None
        self.last_edit = time.monotonic()

    def undo(self) -> None:
        self.after = take_snapshot(self.before.issue_id)
        restore_snapshot(self.before)
        self.editor.reloaded.emit()

    def redo(self) -> None:
        if self.after is None:  # first run: the edit itself has already been applied
            return
        restore_snapshot(self.after)
        self.editor.reloaded.emit()


class IssueEditor(QObject):
    """Applies edits to the current issue; tells the views what changed."""

    changed = Signal()  # an edit reached the database
    reloaded = Signal()  # undo/redo replaced the issue's rows: views re-read everything

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self.issue: Issue | None = None
        self.reloaded.connect(self.changed)

    # --- the current issue ---

    def open_issue(self, issue_id: int | None) -> None:
        self.issue = Issue.get_or_none(Issue.id == issue_id) if issue_id is not None else None
        if self.issue is None:
            self.undo_group.setActiveStack(None)
            return
        if issue_id not in self._stacks:  # one stack per issue, made the first time it opens
            self._stacks[issue_id] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(self._stacks[issue_id])

    def refresh_issue(self) -> None:
        if self.issue is not None:
            self.issue = Issue.get_or_none(Issue.id == self.issue.id)

    @property
    def read_only(self) -> bool:
        return self.issue is None or self.issue.status == STATUS_FINAL

    def forget(self, issue_id: int) -> None:
        """Drop the undo history of a deleted issue."""
        stack = self._stacks.pop(issue_id, None)
        if stack is not None:
            self.undo_group.removeStack(stack)

    # --- edits ---

    def edit(self, label: str, apply: Callable[[], object], merge_key: str | None = None) -> None:
        """Run ``apply`` (database writes) in one transaction and record it as an undo step.

        ``merge_key`` names the field being typed into: consecutive edits of the same field
        become one undo step.
        """
        if self.read_only:
            raise ReadOnlyIssueError(label)
        stack = self.undo_group.activeStack()
        top = self._open_step(stack, merge_key)
        before = None if top else take_snapshot(self.issue.id)
        with database.atomic():
            apply()
        if top:
            top.last_edit = time.monotonic()  # typing on in the same field: same undo step
        else:
            stack.push(_SnapshotStep(self, label, before, merge_key))
        self.refresh_issue()
        self.changed.emit()

    @staticmethod
    def _open_step(stack: QUndoStack, merge_key: str | None) -> _SnapshotStep | None:
        """The latest undo step if this edit continues it (same field, no long pause)."""
        if merge_key is None or stack.index() == 0 or stack.index() != stack.count():
            return None
        top = stack.command(stack.index() - 1)
        if (isinstance(top, _SnapshotStep) and top.merge_key == merge_key
                and time.monotonic() - top.last_edit <= MERGE_PAUSE_SECONDS):
            return top
        return None
