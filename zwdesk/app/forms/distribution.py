"""The 版记 form: 报/送/发 lines, the number of copies, and the distribution list behind them
(each recipient's group and copies), from which the lines and 共印N份 can follow."""

from __future__ import annotations

from zwdesk.app.forms.base import Form
from zwdesk.app.nodes import part_of
from zwdesk.app.qt import QComboBox, QHeaderView, QMessageBox, Qt, QTableWidgetItem
from zwdesk.core.cleantext import clean_text
from zwdesk.core.exchange import GROUPS
from zwdesk.core.fieldkeys import parse_field
from zwdesk.core.limits import COPIES_MAX
from zwdesk.core.numbers import parse_count
from zwdesk.core.wording import lines_from_recipients
from zwdesk.store import content
from zwdesk.store.content import DistributionRow, RecipientRow
from zwdesk.store.editing import TooManyError, set_copies_auto, sync_copies

NAME_COLUMN, COPIES_COLUMN = 1, 2


class DistributionForm(Form):
    ui_file = "distribution_form.ui"
    LINES = (
        ("report", "report", "“报”"), ("send", "send", "“送”"), ("issue", "issue_line", "“发”"),
    )

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        f = self.fields
        for name, column, label in self.LINES:
            f.bind_text(name, name, label, self._setter(column))
        f.bind_count("copies", "copies", "印数", self._setter("copies"), 1, COPIES_MAX)
        self.table = f.widget("recipients")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cell_edited)
        f.widget("copies_auto").toggled.connect(self._auto_toggled)
        for name, handler in (("addRecipientButton", self.add_recipient),
                              ("deleteRecipientButton", self.delete_recipient),
                              ("upRecipientButton", lambda: self._move(-1)),
                              ("downRecipientButton", lambda: self._move(1)),
                              ("generateLinesButton", self.generate_lines)):
            f.widget(name).clicked.connect(handler)
            f.by_key[name] = f.widget(name)
        f.by_key["copies_auto"] = f.widget("copies_auto")
        f.by_key["recipients"] = self.table
        self.rows: list[RecipientRow] = []

    @property
    def issue_id(self) -> int:
        return self.editor.issue.id

    def _row(self) -> DistributionRow:
        return content.distribution(self.issue_id)

    def _setter(self, column: str):  # noqa: ANN202
        return lambda value: content.update_distribution(self.issue_id, **{column: value})

    # --- loading ---

    def load(self) -> None:
        row = self._row()
        self.fields.row_id = self.issue_id
        for name, column, _label in self.LINES:
            self.fields.set_text(name, getattr(row, column))
        self.fields.set_text("copies", str(row.copies))
        with self.fields.loading():
            self.fields.widget("copies_auto").setChecked(row.copies_auto)
        self.fields.widget("copies").setReadOnly(row.copies_auto or self.editor.read_only)
        self._fill_table()

    def _fill_table(self) -> None:
        keep = self.table.currentRow()
        self.rows = content.recipients(self.issue_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for index, recipient in enumerate(self.rows):
            self.table.setCellWidget(index, 0, self._group_box(recipient))
            self.table.setItem(index, NAME_COLUMN, QTableWidgetItem(recipient.name))
            copies = QTableWidgetItem(str(recipient.copies))
            copies.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(index, COPIES_COLUMN, copies)
        self.table.blockSignals(False)
        if self.rows:
            self.table.selectRow(min(max(keep, 0), len(self.rows) - 1))
        self._show_total()

    def _show_total(self) -> None:
        total = sum(r.copies for r in self.rows)
        self.fields.widget("registerTotal").setText(
            f"名单共 {len(self.rows)} 个单位，合计 {total} 份" if self.rows else "名单为空")

    def _group_box(self, recipient: RecipientRow) -> QComboBox:
        box = QComboBox()
        box.addItems(list(GROUPS))
        box.setCurrentText(recipient.group)
        box.setEnabled(not self.editor.read_only)
        box.currentTextChanged.connect(
            lambda group, rid=recipient.id: self._edit("修改类别", f"group:{rid}",
                                                       lambda: self._write(rid, group=group)))
        return box

    # --- edits ---

    def _edit(self, label: str, key: str | None, apply, refill: bool = True) -> None:  # noqa: ANN001
        """One undoable edit of the list; 共印N份 follows it when it is set to."""
        def apply_and_sync() -> None:
            apply()
            sync_copies(self.issue_id)

        self.editor.edit(label, apply_and_sync, merge_key=key, part=part_of(self.node))
        self.fields.set_text("copies", str(self._row().copies))
        if refill:
            self._fill_table()
        else:  # a cell edit: the cell shows the value already; its editor is still closing
            self.rows = content.recipients(self.issue_id)
            self._show_total()

    def _restore_cell(self, item: QTableWidgetItem) -> None:
        """Put the stored value back into a refused cell (the cell alone: its editor is still
        closing, and rebuilding the table under it would lose the next edit)."""
        recipient = self.rows[item.row()]
        self.table.blockSignals(True)
        item.setText(recipient.name if item.column() == NAME_COLUMN else str(recipient.copies))
        self.table.blockSignals(False)

    @staticmethod
    def _write(recipient_id: int, **values: object) -> None:
        content.update_recipient(recipient_id, **values)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        recipient = self.rows[item.row()]
        if item.column() == NAME_COLUMN:
            name = clean_text(item.text()).strip()
            if not name:
                self.fields.show_error("recipients", "接收单位：不能为空")
                self._restore_cell(item)
                return
            self.fields.show_error("recipients", "")
            self._edit("修改接收单位", None, lambda: self._write(recipient.id, name=name),
                       refill=False)
        elif item.column() == COPIES_COLUMN:
            value, problem = parse_count(item.text(), 1, COPIES_MAX)
            if problem:
                self.fields.show_error("recipients", f"份数：{problem}")
                self._restore_cell(item)
                return
            self.fields.show_error("recipients", "")
            self._edit("修改份数", None, lambda: self._write(recipient.id, copies=value),
                       refill=False)

    def add_recipient(self) -> None:
        group = self.rows[self.table.currentRow()].group if self.rows else "发"

        try:
            self._edit("添加接收单位", None,
                       lambda: content.new_recipient(self.issue_id, group, "（请填写单位名称）"))
        except TooManyError as exc:
            QMessageBox.information(self.table, "不能添加接收单位", str(exc))
            return
        self.table.selectRow(len(self.rows) - 1)
        self.table.editItem(self.table.item(len(self.rows) - 1, NAME_COLUMN))

    def _current(self) -> RecipientRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def delete_recipient(self) -> None:
        recipient = self._current()
        if recipient is not None:
            self._edit("删除接收单位", None,
                       lambda: content.delete_recipient(recipient.id))

    def _move(self, delta: int) -> None:
        recipient = self._current()
        if recipient is None:
            return
        index = self.table.currentRow()
        self._edit("调整顺序", None, lambda: content.move_recipient(recipient.id, delta))
        self.table.selectRow(max(0, min(index + delta, len(self.rows) - 1)))

    def _auto_toggled(self, auto: bool) -> None:
        if self.fields.is_loading:
            return
        self._edit("共印份数按名单合计" if auto else "共印份数手工填写", None,
                   lambda: set_copies_auto(self.issue_id, auto))
        self.fields.widget("copies").setReadOnly(auto)

    def generate_lines(self) -> None:
        """报/送/发 from the list: the names of each group joined by 、."""
        if not self.rows:
            self.fields.show_error("recipients", "分发名单为空，请先添加接收单位")
            return
        lines = lines_from_recipients([{"group": r.group, "name": r.name} for r in self.rows])
        values = {column: lines[name] for name, column, _label in self.LINES}
        self._edit("按名单生成报/送/发", None,
                   lambda: content.update_distribution(self.issue_id, **values))
        self.load()

    # --- read-only and focus ---

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)  # the list and its buttons are disabled with the rest
        row = self._row() if self.editor.issue else None
        self.fields.widget("copies").setReadOnly(read_only or bool(row and row.copies_auto))

    def focus_field(self, key: str) -> None:
        ref = parse_field(key)
        if ref.name == "recipients" and ref.index is not None:
            self.table.setCurrentCell(ref.index, NAME_COLUMN)
            self.table.setFocus()
        else:
            super().focus_field(key)
