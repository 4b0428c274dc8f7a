"""The edit session of the open issue: every edit is written to the database at once and
recorded for undo.

Undo works on row snapshots of the whole issue (zwdesk.store.snapshots): a step keeps the issue
as it was before the edit and restores it in place, ids included. Typing in one field merges into
one step, until the user pauses or moves to another field. Each issue has its own undo stack
(a QUndoGroup switches between them), so undo never jumps to another issue.

Other programs may write to the same database (the command line, a second window). Undo must
never revert their edits: when another program has changed an issue, that issue's undo history
is dropped (``drop_changed_histories``, when the session sees another program's write), and an
undo first has the session look whether that has happened.

The session also keeps the *refusals*: entries typed into a field but not stored because they
are not valid (``1,2a`` in a count, a taken 第N期). They are not in the database, but the
user sees them, so the 检查 list and the export confirmation name them.

No lost update (several desks on one server, or the command line): every edit is made against
the version of its part of the issue (a section, the 报头, the 版记; the whole issue for
whole-issue actions) as this window last read it (zwdesk.store.versions). An edit of a part
someone else changed meanwhile is refused, nothing stored: the part is then *in conflict*.
Its edits are held (refused, the typed text kept in view, marked 未保存) until the user
chooses: ``take_theirs`` (载入对方版本) or ``keep_mine`` (以我的为准保存: the held edits made
again against the versions now current). Nothing is merged silently.

The server away (the network gone, the server restarted): the edit that found it so and every
edit after it are held the same way, without waiting on the network, until ``reconnected``
stores them, each against the versions it was made against.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from zwdesk.app.qt import QObject, QTimer, QUndoCommand, QUndoGroup, QUndoStack, Signal
from zwdesk.store.database import ConnectionLostError, DatabaseWriteError, database_errors
from zwdesk.store.history import REDONE, UNDONE
from zwdesk.store.issues import IssueInfo, issue_info
from zwdesk.store.presence import mark_editing, unmark_editing
from zwdesk.store.snapshots import (
    IssueSnapshot,
    checked_edit,
    checked_restore,
    issue_fingerprint,
    take_snapshot,
)
from zwdesk.store.versions import ISSUE, IssueVersions, StaleWriteError, read_versions

if TYPE_CHECKING:
    from zwdesk.app.nodes import Node

MERGE_PAUSE_SECONDS = 3.0
# Undo history kept in memory: steps per issue, and issues with a history (the least recently
# opened one's is dropped first). Each step holds a snapshot of one issue's rows.
UNDO_LIMIT = 100
UNDO_ISSUES = 8
OFFLINE_NOTE = "与服务器的连接已断开"  # beside a field whose edit waits for the server


class ReadOnlyIssueError(Exception):
    """An edit was attempted on an issue marked final (定稿) or opened read-only."""


@dataclass(frozen=True)
class Refusal:
    label: str  # the field, as the form names it: 本周咨询人次
    text: str  # what the user typed
    message: str  # what the field says beside it
    base: str | None = None  # held by a conflict: what the field held when the user typed


@dataclass(frozen=True)
class Conflict:
    """A part of the open issue that someone else changed under this window's edits."""

    part: str  # as zwdesk.store.versions names it: s12, masthead, distribution, issue
    message: str  # 「（二）厅（局）长进大厅」已被 王敏 于 10:42 修改，您的修改未保存。
    note: str  # beside a field: 已被 王敏 于 10:42 修改


@dataclass(frozen=True)
class _HeldEdit:
    label: str
    apply: Callable[[], object]
    merge_key: str | None
    part: str
    expected: dict[str, int]  # the versions it was made against


class _SnapshotStep(QUndoCommand):
    def __init__(self, editor: IssueEditor, label: str, before: IssueSnapshot,
                 merge_key: str | None) -> None:
        super().__init__(label)
        self.editor, self.before, self.merge_key = editor, before, merge_key
        self.after: IssueSnapshot | None = None
        self.last_edit = time.monotonic()

    def undo(self) -> None:
        self.after = take_snapshot(self.before.issue_id)
        self.editor.restore(self.before)

    def redo(self) -> None:
        if self.after is None:  # first run: the edit itself has already been applied
            return
        self.editor.restore(self.after, REDONE)


class IssueEditor(QObject):
    """Applies edits to the current issue; tells the views what changed."""

    changed = Signal()  # an edit reached the database
    reloaded = Signal()  # undo/redo or another program replaced rows: views re-read everything
    refusalsChanged = Signal()  # noqa: N815 - a field's refused entry came or went
    failed = Signal(str)  # an edit could not be stored (database locked, disk full…)
    historyDropped = Signal(str)  # noqa: N815 - another program changed an issue: its label
    conflictsChanged = Signal()  # noqa: N815 - a part came into conflict, or was resolved
    offlineChanged = Signal(bool)  # noqa: N815 - the server went away (True) or came back

    def __init__(self, parent: QObject | None = None,
                 look_outside: Callable[[], set[int] | None] = lambda: None) -> None:
        """``look_outside``: the session's look for other programs' writes, run before an
        undo; the ids of the issues they changed (their histories dropped), or None."""
        super().__init__(parent)
        self._look_outside = look_outside
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._fingerprints: dict[int, str] = {}  # issue id → as this session last left it
        self._labels: dict[int, str] = {}  # issue id → 2023年第9期, for when its rows are gone
        self._refusals: dict[tuple[int, Node, str], Refusal] = {}
        self.issue: IssueInfo | None = None  # the open issue, re-read after every change
        self._step_closed = False  # the next edit starts a new undo step (close_step)
        self.versions: IssueVersions | None = None  # its parts' versions, as last read
        self._conflicts: dict[str, Conflict] = {}  # the open issue's parts in conflict
        self._held: dict[str, _HeldEdit] = {}  # their edits, the latest per field
        self.last_failure = ""  # why the last edit was not stored, for its field ("": see failed)
        self._editing = ""  # the part the form shows (正在编辑 once typed in)
        self.offline = False  # the server is away: edits are held until it is back
        self.offline_reason = ""
        self.session_read_only = False  # a second window on the database: look, do not touch
        # A yes/no question to the user; the main window sets its own (tests answer it).
        self.ask: Callable[[str, str], bool] = lambda _title, _text: False
        self.reloaded.connect(self.changed)

    # --- the current issue ---

    def open_issue(self, issue_id: int | None) -> None:
        self.issue = issue_info(issue_id) if issue_id is not None else None
        self._drop_conflicts()
        self.read_versions()
        self.leave_part("")
        if self.issue is None:
            self.undo_group.setActiveStack(None)
            return
        stack = self._stacks.pop(issue_id, None)
        if stack is None:  # one stack per issue, made the first time it opens
            stack = QUndoStack(self.undo_group)
            stack.setUndoLimit(UNDO_LIMIT)
        self._stacks[issue_id] = stack  # last in the dict: the most recently opened
        self._labels[issue_id] = self.issue.label
        self.undo_group.setActiveStack(stack)
        while len(self._stacks) > UNDO_ISSUES:
            self.forget(next(iter(self._stacks)))

    def refresh_issue(self) -> None:
        if self.issue is not None:
            self.issue = issue_info(self.issue.id)

    def leave_part(self, part: str) -> None:
        """The form shows ``part`` now: no longer 正在编辑 another one."""
        if part != self._editing:
            unmark_editing()
            self._editing = part

    def read_versions(self) -> None:
        """The open issue's versions as they stand now: what the next edits are made against
        (what this window shows has just been read; a part in conflict stays held)."""
        self.versions = read_versions(self.issue.id) if self.issue is not None else None

    @property
    def read_only(self) -> bool:
        return (self.issue is None or self.session_read_only
                or self.issue.final)

    def forget(self, issue_id: int) -> None:
        """Drop the undo history of an issue (deleted, or changed by another program)."""
        stack = self._stacks.pop(issue_id, None)
        self._fingerprints.pop(issue_id, None)
        self._labels.pop(issue_id, None)
        if stack is not None:
            if self.undo_group.activeStack() is stack:
                self.undo_group.setActiveStack(None)
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self.clear_refusals(issue_id)

    def forget_all(self) -> None:
        """The database was replaced (a backup restored): no undo may reach into it."""
        for issue_id in list(self._stacks):
            self.forget(issue_id)

    # --- edits ---

    def edit(self, label: str, apply: Callable[[], object], merge_key: str | None = None,
             part: str = ISSUE) -> bool:
        """Run ``apply`` (database writes) in one transaction and record it as an undo step;
        False when the database refused it (``failed`` says why; nothing was stored). A
        ZwdeskError of ``apply`` itself (a limit reached) goes to the caller, nothing stored.

        ``merge_key`` names the field being typed into: consecutive edits of the same field
        become one undo step. ``part``: the part of the issue the edit changes (a section,
        the 报头, the 版记), checked against its version; by default the whole issue. False,
        with ``last_failure`` saying why, when the part is in conflict or the server is away
        (the edit is held: see the module).
        """
        if self.read_only:
            raise ReadOnlyIssueError(label)
        return self._store(_HeldEdit(label, apply, merge_key, part, self._expected(part)))

    def _expected(self, part: str) -> dict[str, int]:
        return {part: self.versions.of(part)} if self.versions is not None else {}

    def _store(self, edit: _HeldEdit) -> bool:
        self.last_failure = ""
        conflict = self._conflicts.get(edit.part) or (
            next(iter(self._conflicts.values()), None) if edit.part == ISSUE else None)
        if self.offline or conflict:  # nothing of it is stored until the server is back or
            self._hold(edit, conflict.note if conflict else OFFLINE_NOTE)  # the user chose
            return False
        stack = self.undo_group.activeStack()
        top = None if self._step_closed else self._open_step(stack, edit.merge_key)
        self._step_closed = False
        try:
            with database_errors():
                before, made = checked_edit(self.issue.id, edit.expected, edit.apply,
                                            snapshot=not top)
        except StaleWriteError as exc:
            self._conflict(edit, exc)
            return False
        except ConnectionLostError as exc:
            self._go_offline(edit, exc)
            return False
        except DatabaseWriteError as exc:  # nothing was stored; the caller keeps what was typed
            self.failed.emit(str(exc))
            return False
        if self.versions is not None:
            self.versions = self.versions.after_write(edit.expected, made)
        if edit.part != ISSUE:
            mark_editing(self.issue.id, edit.part)  # the others see 正在编辑
        if top:
            top.last_edit = time.monotonic()  # typing on in the same field: same undo step
        else:
            stack.push(_SnapshotStep(self, edit.label, before, edit.merge_key))
        self._fingerprints.pop(self.issue.id, None)  # recomputed when next needed
        self.refresh_issue()
        self.changed.emit()
        return True

    def close_step(self) -> None:
        """The next edit is an undo step of its own, even in the field just typed in (a
        correction made by a command, such as 改为全角标点)."""
        self._step_closed = True

    def restore(self, snapshot: IssueSnapshot, place: str = UNDONE) -> None:
        """Put an issue back as a snapshot has it (undo / redo), unless another program has
        changed it meanwhile: then its history is dropped instead (right after this step, as
        the undo stack is running it now)."""
        if snapshot.issue_id in (self._look_outside() or ()):
            return
        expected = ({ISSUE: self.versions.of(ISSUE)} if self.versions is not None
                    and self.versions.issue_id == snapshot.issue_id else {})
        try:
            with database_errors():
                checked_restore(snapshot, expected, place)  # 撤销 or 重做 in its history
        except StaleWriteError:  # another desk wrote since: its edit is never undone
            QTimer.singleShot(0, lambda: self._drop_history(snapshot.issue_id))
        except DatabaseWriteError as exc:
            self.failed.emit(str(exc))
        if self.issue is not None and self.issue.id == snapshot.issue_id:
            self.read_versions()
        self._fingerprints.pop(snapshot.issue_id, None)
        self.clear_refusals(snapshot.issue_id)
        self.refresh_issue()
        self.reloaded.emit()

    # --- conflicts: another desk changed a part under this window's edits ---

    def conflicts(self) -> list[Conflict]:
        return list(self._conflicts.values())

    def held_count(self) -> int:
        """Edits typed but not stored yet (a conflict, or the server away)."""
        return len(self._held)

    def _conflict(self, edit: _HeldEdit, exc: StaleWriteError) -> None:
        from zwdesk.core.errors import chinese_part

        message = chinese_part(str(exc))
        who = exc.current.by or "其他用户"
        when = f"于 {exc.current.at:%H:%M} " if exc.current.at else ""
        self._conflicts[edit.part] = Conflict(edit.part, message, f"已被 {who} {when}修改")
        self._hold(edit, self._conflicts[edit.part].note)
        self.conflictsChanged.emit()

    def _hold(self, edit: _HeldEdit, note: str) -> None:
        key = edit.merge_key or f"{edit.label}#{len(self._held)}"
        self._held.pop(key, None)
        self._held[key] = edit  # the latest of a field, in the order they were typed
        self.last_failure = note

    # --- the server away ---

    def _go_offline(self, edit: _HeldEdit, exc: ConnectionLostError) -> None:
        self._hold(edit, OFFLINE_NOTE)
        self.went_away(str(exc))

    def went_away(self, reason: str) -> None:
        """The server cannot be reached: edits are held from now on (see the module)."""
        from zwdesk.core.errors import chinese_part

        self.offline, self.offline_reason = True, chinese_part(reason)
        self.offlineChanged.emit(True)

    def reconnected(self) -> bool:
        """The server is back: the held edits stored in order, each against the versions it
        was made against (another's change meanwhile is a conflict, never overwritten).
        False when one was not stored (a conflict, or the server gone again)."""
        self.offline = False
        held, self._held = list(self._held.values()), {}
        stored = self._replay(held)
        self.offlineChanged.emit(self.offline)
        self.reloaded.emit()
        return stored

    def _replay(self, held: list[_HeldEdit]) -> bool:
        """Store held edits in order; from the first that is not stored on, they stay held."""
        for number, edit in enumerate(held):
            if not self._store(edit):
                for rest in held[number + 1:]:
                    self._hold(rest, self.last_failure)
                return False
        self._clear_held_refusals()
        return True

    def keep_mine(self) -> bool:
        """以我的为准保存: the held edits made again, in order, against the versions now
        current (the user has seen the other's change). False when one is refused again
        (a third writer): its part is in conflict anew, the rest stays held."""
        held = list(self._held.values())
        self._drop_conflicts()
        self.read_versions()
        stored = self._replay([replace(edit, expected=self._expected(edit.part))
                               for edit in held])
        self.reloaded.emit()
        self.conflictsChanged.emit()
        return stored

    def take_theirs(self) -> None:
        """载入对方版本: the held edits are dropped; the forms show what is stored."""
        self._drop_conflicts()
        self._clear_held_refusals()
        self.read_versions()
        self.reloaded.emit()
        self.conflictsChanged.emit()

    def _drop_conflicts(self) -> None:
        self._conflicts.clear()
        self._held.clear()

    def _clear_held_refusals(self) -> None:
        before = len(self._refusals)
        self._refusals = {k: r for k, r in self._refusals.items() if r.base is None}
        if len(self._refusals) != before:
            self.refusalsChanged.emit()

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

    # --- other programs ---

    def remember_state(self) -> None:
        """Note how the issues with an undo history look now, as this session leaves them."""
        for issue_id in self._stacks:
            if issue_id not in self._fingerprints:
                self._fingerprints[issue_id] = issue_fingerprint(issue_id)

    def drop_changed_histories(self, defer: bool) -> set[int]:
        """Another program has written: drop the undo history of every issue it changed
        (``defer``: once control returns to the event loop, as an undo is running now) and
        return their ids. The open issue is read again."""
        dropped = {issue_id for issue_id in self._stacks
                   if self._fingerprints.get(issue_id) != issue_fingerprint(issue_id)}
        if defer:
            QTimer.singleShot(0, lambda: self._drop_histories(dropped))
        else:
            self._drop_histories(dropped)
        self.refresh_issue()
        self.read_versions()
        return dropped

    def _drop_histories(self, issue_ids: set[int]) -> None:
        for issue_id in issue_ids:
            self._drop_history(issue_id)

    def _drop_history(self, issue_id: int) -> None:
        stack = self._stacks.get(issue_id)
        if stack is None or stack.count() == 0:
            self._fingerprints.pop(issue_id, None)
            return
        issue = issue_info(issue_id)
        # Replaced by an import (new rows) or deleted: the label it had when it was opened.
        self.historyDropped.emit(issue.label if issue
                                 else self._labels.get(issue_id, "已删除的一期"))
        stack.clear()
        self._fingerprints.pop(issue_id, None)
        self.clear_refusals(issue_id, keep_held=True)  # a conflict's typed text stays

    # --- refusals ---

    def refuse(self, node: Node, key: str, refusal: Refusal) -> None:
        if self.issue is not None:
            self._refusals[(self.issue.id, node, key)] = refusal
            self.refusalsChanged.emit()

    def accept(self, node: Node, key: str) -> None:
        if self.issue is not None and self._refusals.pop((self.issue.id, node, key), None):
            self.refusalsChanged.emit()

    def refusals_of(self, node: Node) -> dict[str, Refusal]:
        issue_id = self.issue.id if self.issue is not None else None
        return {key: r for (i, n, key), r in self._refusals.items() if i == issue_id and n == node}

    def refusals(self) -> dict[tuple[Node, str], Refusal]:
        """Every refused entry of the open issue, by its node and field key."""
        issue_id = self.issue.id if self.issue is not None else None
        return {(n, key): r for (i, n, key), r in self._refusals.items() if i == issue_id}

    def clear_refusals(self, issue_id: int, keep_held: bool = False) -> None:
        before = len(self._refusals)
        self._refusals = {k: r for k, r in self._refusals.items()
                          if k[0] != issue_id or (keep_held and r.base is not None)}
        if len(self._refusals) != before:
            self.refusalsChanged.emit()
