"""Binding a form's widgets to database writes, with validation as the user types.

A field is found by its objectName in the .ui file; its error label, where the form has one,
is ``<name>_error`` beside it.

What the form shows is what is stored:

- A value that does not validate is never written. The field keeps what was typed (so nothing
  typed is lost), says beside it that it was not saved and what prints instead, and the edit
  session records the refusal, so the 检查 list shows it as an error and export names it.
- Counts are stored as they are typed; keys and dates (年份, 第N期, 总第M期, the dates) only when
  editing finishes (Enter, leaving the field, a date picked in the calendar, or ``flush`` before
  any command), so typing ``10`` never stores ``1`` on the way.
- The fields' own undo is switched off: Ctrl+Z goes to the edit session, which restores the
  database and the forms together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from zwdesk.app.editor import IssueEditor, Refusal
from zwdesk.app.nodes import part_of
from zwdesk.app.qt import (
    QAbstractSpinBox,
    QDate,
    QDateEdit,
    QEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QSizePolicy,
    QTimer,
    QWidget,
)
from zwdesk.core.cleantext import clean_text
from zwdesk.core.limits import MAX_COUNT, MAX_TEXT
from zwdesk.core.numbering import split_leading_number
from zwdesk.core.numbers import parse_count

if TYPE_CHECKING:
    from zwdesk.app.nodes import Node

ERROR_STYLE = "color:#c00000;"
NOTE_STYLE = "color:#8a6d00;"
BAD_FIELD_STYLE = "border:1px solid #c00000; background:#fff0f0;"
CONTROL_CHARS_NOTE = "已删除从 Word/WPS 粘贴带入的不可见控制字符"
NOT_WRITTEN = "数据库暂时无法写入（见提示），请稍后再改一次"

# A text field may tidy what was typed (e.g. remove a typed item number): the new text and a
# note for the user, or the text unchanged and "".
Tidy = Callable[[str], tuple[str, str]]

def strip_typed_number(text: str) -> tuple[str, str]:
    """A Tidy for items and titles: the bulletin numbers them itself, so a typed ``3.`` or
    ``（一）`` would print doubled (``3.3.``)."""
    marker, rest = split_leading_number(text)
    if not marker:
        return text, ""
    return rest, f"已去掉开头的编号“{marker.strip()}”：编号由程序按顺序自动加上"


LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\v]+")


def one_paragraph(text: str) -> tuple[str, str]:
    """A Tidy for a text that prints as one justified paragraph: no line breaks inside."""
    joined = LINE_BREAKS.sub("", text)
    return (joined, "此处印为一段，已去掉换行") if joined != text else (text, "")


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class _SessionUndo(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y through to the window's undo actions: a field's own
    undo would change what it shows (and store it again) out of step with the undo history."""

    KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        combo = event.keyCombination().toCombined()
        return any(event.matches(key) for key in self.KEYS) or combo == QKeySequence(
            "Ctrl+Y")[0].toCombined()


_SESSION_UNDO: _SessionUndo | None = None


def _route_undo_to_session(widget: QWidget) -> None:
    global _SESSION_UNDO
    if _SESSION_UNDO is None:
        _SESSION_UNDO = _SessionUndo()
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    for each in {widget, target}:
        if each is not None:
            each.installEventFilter(_SESSION_UNDO)
    if isinstance(widget, QPlainTextEdit):
        widget.setUndoRedoEnabled(False)


class Fields:
    """The bound fields of one form."""

    def __init__(self, root: QWidget, editor: IssueEditor, form_name: str) -> None:
        self.root, self.editor, self.form_name = root, editor, form_name
        self.by_key: dict[str, QWidget] = {}
        self.row_id: int | None = None  # the row being edited; part of the undo merge key
        self.node: Node | None = None  # the outline node the form shows; refusals hang off it
        self._names: dict[str, str] = {}  # field key → widget name
        self._stored: dict[str, str] = {}  # widget name → the text of the stored value
        # widget name → the stored text when the user began typing there (a count is stored
        # keystroke by keystroke: a refused entry puts this back, not a prefix such as "1")
        self._started: dict[str, str] = {}
        self._noted: set[str] = set()  # widget names showing a note about a tidied entry
        self._pending: dict[str, Callable[[], None]] = {}  # key → store what is typed
        self._loading = False

    def widget(self, name: str) -> QWidget:
        found = self.root.findChild(QWidget, name)
        if found is None:
            raise LookupError(f"{self.form_name}: no widget named {name}")
        return found

    @property
    def is_loading(self) -> bool:
        return self._loading

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Set widget values without treating them as user edits."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    # --- messages next to fields ---

    def show_error(self, name: str, message: str, style: str = ERROR_STYLE) -> None:
        label = self.root.findChild(QLabel, f"{name}_error")
        if label is not None:
            # Wrapped within the width its cell has anyway: a message must not widen a grid
            # column and make the neighbouring fields jump sideways while the user types.
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setText(message)
            label.setStyleSheet(style)
            label.setVisible(bool(message))
        widget = self.root.findChild(QWidget, name)
        if widget is not None:
            widget.setStyleSheet(BAD_FIELD_STYLE if message and style == ERROR_STYLE else "")
            widget.setToolTip(message)

    def clear_errors(self) -> None:
        self._noted.clear()
        for label in self.root.findChildren(QLabel):
            if label.objectName().endswith("_error"):
                self.show_error(label.objectName()[: -len("_error")], "")

    # --- refusals: typed, not stored ---

    def _refuse(self, name: str, key: str, label: str, typed: str, problem: str) -> None:
        stored = self._stored.get(name, "")
        if len(stored) > 20:
            stored = stored[:20] + "…"
        shown = f"{label}：{problem}。未保存，仍按“{stored}”印出" if stored else \
            f"{label}：{problem}。未保存"
        self._keep_refused(name, key, Refusal(label, typed, shown))

    def _keep_refused(self, name: str, key: str, refusal: Refusal) -> None:
        """A refused entry's message beside its field, and the edit session told of it."""
        self.show_error(name, refusal.message)
        self._noted.discard(name)
        if self.node is not None:
            self.editor.refuse(self.node, key, refusal)

    def _accept(self, name: str, key: str, note: str = "") -> None:
        """The entry is stored. ``note`` says how it was tidied; a note stays until the form
        shows another node (typing on must not hide it at the next keystroke)."""
        self._pending.pop(key, None)
        if note:
            self.show_error(name, note, NOTE_STYLE)
            self._noted.add(name)
        elif name not in self._noted:
            self.show_error(name, "")
        if self.node is not None:
            self.editor.accept(self.node, key)

    def show_refusals(self) -> None:
        """Put refused entries of the node back in their fields (after the form loaded the
        stored values), with their messages: what the user typed stays in view."""
        if self.node is None:
            return
        for key, refusal in self.editor.refusals_of(self.node).items():
            name = self._names.get(key)
            if name is None:
                continue
            with self.loading():
                widget = self.widget(name)
                if isinstance(widget, QDateEdit):
                    widget.setDate(to_qdate(dt.date.fromisoformat(refusal.text)))
                else:
                    _set_widget_text(widget, refusal.text)
            self.show_error(name, refusal.message)

    # --- bindings ---

    def _bind(self, name: str, key: str) -> QWidget:
        widget = self.widget(name)
        self.by_key[key] = widget
        self._names[key] = name
        _route_undo_to_session(widget)
        return widget

    def bind_text(self, name: str, key: str, label: str, write: Callable[[str], None],
                  tidy: Tidy | None = None) -> None:
        widget = self._bind(name, key)
        edited = lambda *_: self._text_edited(name, key, label, write, tidy)  # noqa: E731
        if isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(edited)
        else:
            widget.textEdited.connect(edited)

    def _text_edited(self, name: str, key: str, label: str, write: Callable[[str], None],
                     tidy: Tidy | None) -> None:
        if self._loading:
            return
        widget = self.widget(name)
        text = _widget_text(widget)
        cleaned = clean_text(text)
        if len(cleaned) > MAX_TEXT:  # not saved: the issue could not be dumped and read back
            too_long = f"最多 {MAX_TEXT} 个字符，现有 {len(cleaned)} 个"
            self._refuse(name, key, label, cleaned, too_long)
            return
        note = CONTROL_CHARS_NOTE if cleaned != text else ""
        if tidy is not None:
            cleaned, tidy_note = tidy(cleaned)
            note = tidy_note or note
        if cleaned != text:
            with self.loading():
                _set_widget_text(widget, cleaned)
        if self._write(label, key, lambda: write(cleaned)):
            self._accept(name, key, note)
        else:
            self._not_written(name, key, label, cleaned)

    def bind_count(self, name: str, key: str, label: str, write: Callable[[int], None],
                   minimum: int = 0, maximum: int = MAX_COUNT,
                   validate: Callable[[int], str | None] | None = None,
                   on_finish: bool = False) -> None:
        """A whole number. ``on_finish``: stored when editing finishes (keys such as 第N期),
        else as it is typed (counts). ``validate`` may refuse a well-formed number."""
        widget: QLineEdit = self._bind(name, key)

        def check(text: str) -> int | None:
            value, problem = parse_count(text, minimum, maximum)
            if value is not None and validate is not None:
                problem = validate(value) or ""
            if problem:
                put_back()
                self._refuse(name, key, label, text, problem)
                return None
            return value

        def put_back() -> None:
            """Typing 1,2O3 over 777 stored 1 on the way: the refused entry leaves 777."""
            started = self._started.get(name)
            if started and self._stored.get(name) != started:
                self._write(label, key, lambda: write(int(started)))
                self._stored[name] = started

        def store() -> None:
            self._pending.pop(key, None)
            value = check(widget.text())
            if value is None:
                return
            if self._write(label, key, lambda: write(value)):
                self._stored[name] = str(value)
                self._accept(name, key)
            else:
                self._not_written(name, key, label, widget.text())

        def edited(text: str) -> None:
            self._started.setdefault(name, self._stored.get(name, ""))
            if not on_finish:
                store()
                return
            value, problem = parse_count(text, minimum, maximum)
            if problem:  # say so at once; a taken number is checked when editing finishes
                self._refuse(name, key, label, text, problem)
            else:
                self.show_error(name, "")
            self._pending[key] = store

        widget.textEdited.connect(edited)
        widget.editingFinished.connect(lambda: self._run_pending(key))
        widget.editingFinished.connect(lambda: self._started.pop(name, None))

    def bind_date(self, name: str, key: str, label: str, write: Callable[[dt.date], None],
                  validate: Callable[[dt.date], str | None] | None = None) -> None:
        """A date, stored when editing finishes (see the module docstring)."""
        widget: QDateEdit = self._bind(name, key)

        def store() -> None:
            self._pending.pop(key, None)
            value = from_qdate(widget.date())
            problem = validate(value) if validate else None
            if problem:
                self._refuse(name, key, label, value.isoformat(), problem)
                return
            if self._stored.get(name) != value.isoformat():
                if not self._write(label, key, lambda: write(value)):
                    self._not_written(name, key, label, value.isoformat())
                    return
                self._stored[name] = value.isoformat()
            self._accept(name, key)

        def changed(_qdate: QDate) -> None:
            if not self._loading:
                self._pending[key] = store

        widget.dateChanged.connect(changed)
        widget.editingFinished.connect(lambda: self._run_pending(key))
        calendar = widget.calendarWidget()
        if calendar is not None:  # a date picked in the pop-up: the choice is made
            picked = lambda _d: QTimer.singleShot(0, lambda: self._run_pending(key))  # noqa: E731
            calendar.clicked.connect(picked)
            calendar.activated.connect(picked)

    def _run_pending(self, key: str) -> None:
        store = self._pending.get(key)
        if store is not None and not self._loading:
            store()

    def flush(self) -> None:
        """Store what is typed in a key or date field that has not finished editing (before a
        command such as export, another issue or another form)."""
        for key in list(self._pending):
            self._run_pending(key)

    def discard_pending(self) -> None:
        self._pending.clear()

    def _write(self, label: str, key: str, apply: Callable[[], object]) -> bool:
        """Store an edit; False when the database could not take it (locked, disk full: the
        editor has said so), and then the typed entry stays in view as not saved."""
        merge_key = f"{self.form_name}:{self.row_id}:{key}"
        return self.editor.edit(f"修改{label}", apply, merge_key=merge_key,
                                part=part_of(self.node))

    def _not_written(self, name: str, key: str, label: str, typed: str) -> None:
        """The edit was not stored: the database could not take it, or another desk changed
        this part meanwhile (the editor's ``last_failure``; the window's banner offers the
        choice). What was typed stays in view."""
        conflict = self.editor.last_failure
        if not conflict:
            self._refuse(name, key, label, typed, NOT_WRITTEN)
            return
        # 原来: what the field held when the user first typed over it, not what the form
        # shows since the other's version was read in under the typing.
        earlier = self.editor.refusals_of(self.node).get(key) if self.node is not None else None
        base = earlier.base if earlier is not None and earlier.base is not None else \
            self._stored.get(name, "")
        shown = f"{label}：{conflict}，您的修改未保存（见上方提示）"
        self._keep_refused(name, key, Refusal(label, typed, shown, base=base))

    def stored_text(self, key: str) -> str | None:
        """What the database holds for a field, as the form last read it."""
        name = self._names.get(key)
        return self._stored.get(name) if name is not None else None

    # --- setting values from the database ---

    def set_text(self, name: str, text: str) -> None:
        self._stored[name] = text
        self._started.pop(name, None)
        with self.loading():
            widget = self.widget(name)
            if _widget_text(widget) != text:
                _set_widget_text(widget, text)

    def set_date(self, name: str, value: dt.date) -> None:
        self._stored[name] = value.isoformat()
        with self.loading():
            self.widget(name).setDate(to_qdate(value))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.by_key.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(read_only)
                widget.style().unpolish(widget)  # the look follows (see make_application)
                widget.style().polish(widget)
            else:
                widget.setEnabled(not read_only)

    def focus(self, key: str) -> bool:
        widget = self.by_key.get(key)
        if widget is None:
            return False
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True


def _widget_text(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def _set_widget_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor().position()
        widget.setPlainText(text)
        cursor_at = widget.textCursor()
        cursor_at.setPosition(min(cursor, len(text)))
        widget.setTextCursor(cursor_at)
    else:
        position = widget.cursorPosition()
        widget.setText(text)
        widget.setCursorPosition(min(position, len(text)))
