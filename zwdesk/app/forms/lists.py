"""Editors of list-like blocks: numbered items, plain paragraphs, inspection checks, and the
list of departments. ``RowList`` is the one piece that keeps a QListWidget in step with ordered
rows and runs add / delete / move for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zwdesk.app.fields import LINE_BREAKS, one_paragraph, strip_typed_number
from zwdesk.app.forms.base import Form
from zwdesk.app.nodes import part_of
from zwdesk.app.qt import QEvent, QListWidget, QListWidgetItem, QMessageBox, QObject, Qt, QTimer
from zwdesk.core import wording
from zwdesk.core.fieldkeys import parse_field
from zwdesk.core.kinds import department_list
from zwdesk.store import content
from zwdesk.store.editing import TooManyError
from zwdesk.store.inbox import Origin, origins

PREVIEW_CHARS = 60
ORIGIN_MARKER = "　〔来稿〕"  # after an item adopted from the inbox (its tooltip says whose)


@dataclass(frozen=True)
class RowAccess:
    """The store's functions for one kind of row under a section (an entry, a check)."""

    rows: Callable[[int], list[Any]]  # a section's rows, in order
    row: Callable[[int], Any]  # one row by its id; None once it is gone
    delete: Callable[[int], None]
    move: Callable[[int, int], bool]


ENTRIES = RowAccess(content.entries, content.entry, content.delete_entry, content.move_entry)
CHECKS = RowAccess(content.checks, content.check, content.delete_check, content.move_check)


class RowList:
    """Mirrors the ordered rows under one section in a list widget: plain rows (each with its
    ``id``), read and changed through the store functions of ``access``."""

    def __init__(self, form: Form, list_name: str, access: RowAccess,
                 describe: Callable[[Any, int], str],
                 tooltip: Callable[[Any], str] = lambda _row: "") -> None:
        self.form, self.access, self.describe, self.tooltip = form, access, describe, tooltip
        self.view: QListWidget = form.fields.widget(list_name)
        self.rows: list[Any] = []
        for name, handler in (("deleteButton", self.delete_current), ("upButton", self.move_up),
                              ("downButton", self.move_down)):
            form.fields.widget(name).clicked.connect(handler)
        form.fields.by_key[f"{list_name}.buttons"] = form.fields.widget("deleteButton")

    def reload(self) -> None:
        keep = self.view.currentRow()
        self.rows = self.access.rows(self.form.node.section_id)
        self.view.blockSignals(True)
        self.view.clear()
        for index, row in enumerate(self.rows):
            item = QListWidgetItem(self.describe(row, index))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(self.tooltip(row))
            self.view.addItem(item)
        self.view.blockSignals(False)
        self.select(min(max(keep, 0), len(self.rows) - 1))

    def refresh_current_label(self) -> None:
        """Update the shown text of the selected row after its fields were edited: one row
        read, however long the list (a keystroke must not relabel two thousand rows)."""
        index = self.view.currentRow()
        if not 0 <= index < len(self.rows):
            return
        fresh = self.access.row(self.rows[index].id)
        if fresh is not None:
            self.rows[index] = fresh
            self.view.item(index).setText(self.describe(fresh, index))

    def select(self, index: int) -> None:
        self.view.setCurrentRow(index)
        if index < 0:
            self.view.currentRowChanged.emit(-1)

    def current(self) -> Any:  # noqa: ANN401 - the selected row (EntryRow, CheckRow) or None
        index = self.view.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _edit(self, label: str, apply: Callable[[], object]) -> None:
        self.form.editor.edit(label, apply, part=part_of(self.form.node))
        self.reload()

    def add(self, label: str, create: Callable[[], object]) -> None:
        try:
            self._edit(label, create)
        except TooManyError as exc:
            QMessageBox.information(self.view, f"不能{label}", str(exc))
            return
        self.select(len(self.rows) - 1)

    def delete_current(self) -> None:
        row = self.current()
        if row is not None:
            self._edit("删除一条", lambda: self.access.delete(row.id))

    def _move(self, delta: int) -> None:
        row = self.current()
        if row is None:
            return
        index = self.view.currentRow()
        self._edit("调整顺序", lambda: self.access.move(row.id, delta))
        self.select(max(0, min(index + delta, len(self.rows) - 1)))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def set_read_only(self, read_only: bool) -> None:
        for name in ("deleteButton", "upButton", "downButton", "addButton"):
            self.form.fields.widget(name).setEnabled(not read_only)


def _short(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"


class _RowsEditor(Form):
    """A list of rows (``self.rows``, a RowList) and the fields of the selected row."""

    rows: RowList
    list_key = ""  # the field key of the list in the checks: items, checks, …

    def _show_current(self, _index: int) -> None:
        raise NotImplementedError

    def focus_field(self, key: str) -> None:
        """``items[2]`` selects the third row; ``items`` alone (an empty list) offers 添加."""
        ref = parse_field(key)
        if ref.name != self.list_key:
            return
        if ref.index is None:
            self.fields.widget("addButton").setFocus()
            return
        self.rows.select(ref.index)
        self._focus_row_field(ref.sub)

    def _focus_row_field(self, sub: str | None) -> None:
        self.rows.view.setFocus()

    def load(self) -> None:
        self.rows.reload()
        self._show_current(self.rows.view.currentRow())

    def after_edit(self) -> None:
        self.rows.refresh_current_label()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.rows.set_read_only(read_only)


class _EnterStartsNewEntry(QObject):
    """Enter (or Shift+Enter) in an item's text starts the next item: a line break inside a
    justified paragraph never prints well."""

    def __init__(self, editor: EntriesEditor) -> None:
        super().__init__(editor.widget)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return,
                                                                     Qt.Key.Key_Enter):
            self.editor.split_at_cursor()
            return True
        return False


class EntriesEditor(_RowsEditor):
    """Numbered items (1. 2. 3.) or plain paragraphs: a list and the full text of the selected."""

    ui_file = "entries_form.ui"

    def __init__(self, editor, parent=None, numbered: bool = True) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.numbered = numbered
        self.list_key = "items" if numbered else "paragraphs"
        self.origins: dict[int, Origin] = {}  # entry id → the 来稿 it was adopted from
        self.rows = RowList(self, "entries", ENTRIES, self._describe, self._origin_text)
        self.fields.bind_text("entry_text", "entry_text", "内容", self._write_text,
                              tidy=self._tidy)
        self._enter_filter = _EnterStartsNewEntry(self)
        self.fields.widget("entry_text").installEventFilter(self._enter_filter)
        self.fields.widget("addButton").clicked.connect(self.add_entry)
        self.rows.view.currentRowChanged.connect(self._show_current)
        if not numbered:
            self.fields.widget("hint").setText("每一段单独一条；段落不编号。按回车另起一段。")
            self.fields.widget("addButton").setText("添加一段")

    def _describe(self, row: content.EntryRow, index: int) -> str:
        label = wording.item_label(index + 1) if self.numbered else ""
        marker = ORIGIN_MARKER if row.id in self.origins else ""
        return label + (_short(row.text) if row.text else "（空）") + marker

    def _origin_text(self, row: content.EntryRow) -> str:
        """来稿：省市场监管局窗口 3月15日 for an entry adopted from the inbox, else ''."""
        origin = self.origins.get(row.id)
        if origin is None:
            return ""
        day = f"{origin.date.month}月{origin.date.day}日"
        return f"来稿：{origin.unit} {day}（编号 {origin.item_id}）"

    def load(self) -> None:
        """The origins of the issue's entries in one query, then the list."""
        issue = self.editor.issue
        self.origins = origins(issue.id) if issue is not None else {}
        super().load()

    def _tidy(self, text: str) -> tuple[str, str]:
        """Several paragraphs pasted into one entry: stored joined at once, and the user is
        offered to make them separate entries. A typed item number is removed."""
        parts = self._parts(text)
        note = ""
        if len(parts) > 1:
            row = self.rows.current()
            QTimer.singleShot(0, lambda: self._offer_split(row.id, parts))
            text, note = one_paragraph(text)
        elif LINE_BREAKS.search(text):
            text, note = one_paragraph(text)
        if self.numbered:
            text, number_note = strip_typed_number(text)
            note = number_note or note
        return text, note

    def _parts(self, text: str) -> list[str]:
        parts = [part.strip() for part in LINE_BREAKS.split(text) if part.strip()]
        return [strip_typed_number(p)[0] for p in parts] if self.numbered else parts

    def _offer_split(self, row_id: int, parts: list[str]) -> None:
        kind = "条" if self.numbered else "段"
        question = (f"粘贴的内容有 {len(parts)} 段。要分成 {len(parts)} {kind}吗？\n"
                    f"（选“否”则合并为一{kind}，可以再按回车分开。）")
        if self.editor.read_only or not self.editor.ask("粘贴多段文字", question):
            return
        index = [r.id for r in self.rows.rows].index(row_id)
        self.rows._edit(f"分成{len(parts)}{kind}", lambda: content.split_entry(row_id, parts))
        self.rows.select(index + len(parts) - 1)

    def split_at_cursor(self) -> None:
        """Enter: the text after the cursor becomes the next entry, and the cursor goes there."""
        row = self.rows.current()
        if row is None or self.editor.read_only:
            return
        text_edit = self.fields.widget("entry_text")
        text, at = text_edit.toPlainText(), text_edit.textCursor().position()
        before, after = text[:at].rstrip(), text[at:].lstrip()
        index = self.rows.view.currentRow()

        self.rows._edit("另起一条" if self.numbered else "另起一段",
                        lambda: content.split_entry(row.id, [before, after]))
        self.rows.select(index + 1)
        text_edit.setFocus()
        cursor = text_edit.textCursor()
        cursor.setPosition(0)
        text_edit.setTextCursor(cursor)

    def _write_text(self, text: str) -> None:
        row = self.rows.current()
        if row is not None:
            content.set_entry_text(row.id, text)

    def add_entry(self) -> None:
        self.rows.add("添加一条", lambda: content.new_entry(self.node.section_id))
        self.fields.widget("entry_text").setFocus()

    def _show_current(self, _index: int) -> None:
        row = self.rows.current()
        text_edit = self.fields.widget("entry_text")
        text_edit.setEnabled(row is not None)
        add = self.fields.widget("addButton").text()  # 添加一条, or 添加一段 for paragraphs
        text_edit.setPlaceholderText("" if row is not None else
                                     f"这里还没有内容：请先点上方的“{add}”，再在这里填写。")
        self.fields.row_id = row.id if row else None
        self.fields.set_text("entry_text", row.text if row else "")
        self.fields.widget("origin").setText(self._origin_text(row) if row else "")

    def _focus_row_field(self, sub: str | None) -> None:
        self.fields.widget("entry_text").setFocus()


GOOD = "总体情况良好。"


class InspectionEditor(_RowsEditor):
    """The checks of the 大厅巡查 section: a run-in title and the finding."""

    ui_file = "inspection_form.ui"
    list_key = "checks"

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.rows = RowList(self, "checks", CHECKS, self._describe)
        self.fields.bind_text("check_title", "check_title", "巡查项目", self._setter("title"),
                              tidy=strip_typed_number)
        self.fields.bind_text("check_finding", "check_finding", "巡查情况",
                              self._setter("finding"), tidy=one_paragraph)
        self.fields.widget("addButton").clicked.connect(self.add_check)
        self.fields.widget("goodButton").clicked.connect(self.fill_good)
        self.rows.view.currentRowChanged.connect(self._show_current)

    @staticmethod
    def _describe(row: content.CheckRow, index: int) -> str:
        title = wording.with_full_stop(row.title or "（空）")
        heading = wording.subsection_label(index + 1) + title
        return heading + _short(row.finding)

    def _setter(self, column: str):  # noqa: ANN202
        def write(value: str) -> None:
            row = self.rows.current()
            if row is not None:
                content.update_check(row.id, **{column: value})
        return write

    def add_check(self) -> None:
        self.rows.add("添加巡查项", lambda: content.new_check(self.node.section_id, "", GOOD))
        self.fields.widget("check_title").setFocus()

    def fill_good(self) -> None:
        row = self.rows.current()
        if row is None:
            return
        self.fields.set_text("check_finding", GOOD)
        self.editor.edit("填入“总体情况良好。”",
                         lambda: content.update_check(row.id, finding=GOOD),
                         part=part_of(self.node))
        self.rows.refresh_current_label()

    def _show_current(self, _index: int) -> None:
        row = self.rows.current()
        self.fields.row_id = row.id if row else None
        for name in ("check_title", "check_finding", "goodButton"):
            self.fields.widget(name).setEnabled(row is not None)
        self.fields.set_text("check_title", row.title if row else "")
        self.fields.set_text("check_finding", row.finding if row else "")

    def _focus_row_field(self, sub: str | None) -> None:
        self.fields.widget("check_finding" if sub == "finding" else "check_title").setFocus()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.fields.widget("goodButton").setEnabled(not read_only)


class DepartmentEditor(_RowsEditor):
    """The list of departments not yet authorised, picked from the registry or typed in."""

    ui_file = "department_form.ui"
    list_key = "departments"

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.rows = RowList(self, "departments", ENTRIES, lambda row, _i: row.text)
        self.picker = self.fields.widget("picker")
        self.fields.widget("addButton").clicked.connect(self.add_picked)
        self.picker.lineEdit().returnPressed.connect(self.add_picked)
        self.picker.lineEdit().setPlaceholderText("选择或输入部门名称")
        self.fields.widget("registryButton").clicked.connect(self.manage_registry)

    def _fill_picker(self) -> None:
        from zwdesk.store.departments import registry_names

        listed = {row.text for row in self.rows.rows}
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItems([name for name in registry_names() if name not in listed])
        self.picker.setCurrentIndex(-1)
        self.picker.clearEditText()
        self.picker.blockSignals(False)

    def add_picked(self) -> None:
        from zwdesk.core.cleantext import clean_text
        from zwdesk.store.departments import remember

        name = clean_text(self.picker.currentText()).strip()
        if not name:
            self.fields.show_error("picker", "请先选择或输入部门名称")
            return
        if name in {row.text for row in self.rows.rows}:
            self.fields.show_error("picker", f"“{name}”已在名单中")
            return
        self.fields.show_error("picker", "")
        remember(name)
        self.rows.add(f"加入{name}", lambda: content.new_entry(self.node.section_id, name))
        self._after_change()

    def manage_registry(self) -> None:
        from zwdesk.app.dialogs import DepartmentsDialog

        DepartmentsDialog(self.widget).exec()
        self._fill_picker()

    def _after_change(self) -> None:
        self._fill_picker()
        self.fields.widget("sentence").setText(
            "将印为：" + department_list.sentence([row.text for row in self.rows.rows]))

    def load(self) -> None:
        self.rows.reload()
        self._after_change()

    def after_edit(self) -> None:
        self.rows.reload()
        self._after_change()


    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.picker.setEnabled(not read_only)
