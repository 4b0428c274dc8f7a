"""Binding a form's widgets to database writes, with validation as the user types.

A field is found by its objectName in the .ui file; its error label, where the form has one,
is ``<name>_error`` beside it. A value that does not validate is never written: the label says
what is wrong, in Chinese, and the stored value stays as it was.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from zwdesk.app.editor import IssueEditor
from zwdesk.app.qt import QDate, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget
from zwdesk.core.cleantext import clean_text
from zwdesk.core.limits import MAX_COUNT, MAX_TEXT

ERROR_STYLE = "color:#c00000;"
NOTE_STYLE = "color:#8a6d00;"
BAD_FIELD_STYLE = "border:1px solid #c00000; background:#fff0f0;"
CONTROL_CHARS_NOTE = "已删除从 Word/WPS 粘贴带入的不可见控制字符"

Validator = Callable[[object], "str | None"]


def parse_count(text: str, minimum: int = 0,
                maximum: int = MAX_COUNT) -> tuple[int | None, str]:
    """Parse what the user typed as a whole number; return (value, "") or (None, message)."""
    text = unicodedata.normalize("NFKC", text).strip()  # full-width ０-９ from Chinese IMEs
    if not text:
        return None, "请填写数字"
    if text.startswith("-") and text[1:].isdigit():
        return None, "不能为负数"
    if "," in text or "，" in text:
        return None, "请只输入数字，不要加逗号"
    if not text.isdigit() or not text.isascii():
        return None, "请输入整数（不能有小数或文字）"
    if len(text.lstrip("0")) > len(str(maximum)):  # int() refuses 4300 digits and more
        return None, f"应不大于 {maximum}"
    value = int(text)
    if value < minimum:
        return None, f"应不小于 {minimum}"
    if value > maximum:
        return None, f"应不大于 {maximum}"
    return value, ""


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class Fields:
    """The bound fields of one form."""

    def __init__(self, root: QWidget, editor: IssueEditor, form_name: str) -> None:
        self.root, self.editor, self.form_name = root, editor, form_name
        self.by_key: dict[str, QWidget] = {}
        self.row_id: int | None = None  # the row being edited; part of the undo merge key
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
            # Wrapped within its cell: a long message must not widen a grid column and make
            # the neighbouring fields jump sideways while the user types.
            label.setWordWrap(True)
            label.setText(message)
            label.setStyleSheet(style)
            label.setVisible(bool(message))
        widget = self.root.findChild(QWidget, name)
        if widget is not None:
            widget.setStyleSheet(BAD_FIELD_STYLE if message and style == ERROR_STYLE else "")
            widget.setToolTip(message)

    def clear_errors(self) -> None:
        for label in self.root.findChildren(QLabel):
            if label.objectName().endswith("_error"):
                self.show_error(label.objectName()[: -len("_error")], "")

    # --- bindings ---

    def bind_text(self, name: str, key: str, label: str, write: Callable[[str], None]) -> None:
        widget = self.widget(name)
        self.by_key[key] = widget
        if isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda: self._text_edited(name, key, label, write))
        else:
            widget.textEdited.connect(lambda _t: self._text_edited(name, key, label, write))

    def _text_edited(self, name: str, key: str, label: str, write: Callable[[str], None]) -> None:
        if self._loading:
            return
        widget = self.widget(name)
        text = _widget_text(widget)
        cleaned = clean_text(text)
        if len(cleaned) > MAX_TEXT:  # not saved: the issue could not be dumped and read back
            self.show_error(name, f"{label}：最多 {MAX_TEXT} 个字符，未保存 (too long, not saved)")
            return
        if cleaned != text:
            with self.loading():
                _set_widget_text(widget, cleaned)
            self.show_error(name, CONTROL_CHARS_NOTE, NOTE_STYLE)
        else:
            self.show_error(name, "")
        self._write(label, key, lambda: write(cleaned))

    def bind_count(self, name: str, key: str, label: str, write: Callable[[int], None],
                   minimum: int = 0, maximum: int = MAX_COUNT,
                   validate: Callable[[int], str | None] | None = None) -> None:
        widget: QLineEdit = self.widget(name)
        self.by_key[key] = widget

        def edited(text: str) -> None:
            value, problem = parse_count(text, minimum, maximum)
            if value is not None and validate is not None:
                problem = validate(value) or ""
            self.show_error(name, f"{label}：{problem}" if problem else "")
            if not problem:
                self._write(label, key, lambda: write(value))

        widget.textEdited.connect(edited)

    def bind_date(self, name: str, key: str, label: str, write: Callable[[dt.date], None],
                  validate: Callable[[dt.date], str | None] | None = None) -> None:
        widget: QDateEdit = self.widget(name)
        self.by_key[key] = widget

        def changed(qdate: QDate) -> None:
            if self._loading:
                return
            value = from_qdate(qdate)
            problem = validate(value) if validate else None
            self.show_error(name, f"{label}：{problem}" if problem else "")
            if not problem:
                self._write(label, key, lambda: write(value))

        widget.dateChanged.connect(changed)

    def _write(self, label: str, key: str, apply: Callable[[], object]) -> None:
        merge_key = f"{self.form_name}:{self.row_id}:{key}"
        self.editor.edit(f"修改{label}", apply, merge_key=merge_key)

    # --- setting values from the database ---

    def set_text(self, name: str, text: str) -> None:
        with self.loading():
            widget = self.widget(name)
            if _widget_text(widget) != text:
                _set_widget_text(widget, text)

    def set_date(self, name: str, value: dt.date) -> None:
        with self.loading():
            self.widget(name).setDate(to_qdate(value))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.by_key.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(read_only)
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
