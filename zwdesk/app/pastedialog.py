"""粘贴来稿…: a unit's message pasted as text (ui/paste_dialog.ui). The unit is picked or typed
(the registry offered, completing as one types), the date is today unless changed, and the list
beside the message shows, as it is typed, the items it will become: one a paragraph, typed
numbers (1. 一、) removed — the very rule zwdesk.store.inbox.add_pasted stores them by — and, in
grey, the lines left out (greeting, introduction, signature, thanks: zwdesk.core.pasted). A
signature naming a registered unit fills an empty 报送单位."""

from __future__ import annotations

import datetime as dt

from zwdesk.app.dialogs import _Dialog
from zwdesk.app.fields import from_qdate, to_qdate
from zwdesk.app.qt import QColor, QCompleter, QListWidgetItem, Qt, QWidget
from zwdesk.core.cleantext import clean_text
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.pasted import read_pasted
from zwdesk.core.submission import pasted_items
from zwdesk.core.unitnames import named_in
from zwdesk.store.inbox import PASTED, add_pasted, unit_names

LEFT_OUT_COLOUR = "#808080"


class PasteDialog(_Dialog):
    ui_file = "paste_dialog.ui"

    def __init__(self, parent: QWidget | None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.added: list[int] = []  # the ids stored when OK was accepted
        unit = self.child("unit")
        self.names = unit_names()
        unit.addItems(self.names)
        unit.setCurrentIndex(-1)
        unit.lineEdit().setPlaceholderText("选择或输入单位名称")
        completer = QCompleter(self.names, unit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # 市场监管 finds 省市场监管局窗口
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        unit.setCompleter(completer)
        self.child("date").setDate(to_qdate(today or dt.date.today()))
        self.child("message").textChanged.connect(self.show_preview)
        self.show_preview()

    def _field(self, name: str) -> str:
        widget = self.child(name)
        text = widget.currentText() if name == "unit" else widget.text()
        return clean_text(text).strip()

    def items(self) -> list[str]:
        """The items the message becomes ([] while it cannot be read: the error says why)."""
        try:
            return pasted_items(PASTED, self.child("message").toPlainText())
        except ZwdeskError:
            return []

    def show_preview(self) -> None:
        preview = self.child("preview")
        preview.clear()
        items = self.items()
        preview.addItems([f"{n}. {text}" for n, text in enumerate(items, 1)])
        message = read_pasted(self.child("message").toPlainText())
        for line in message.left_out:
            row = QListWidgetItem(f"未作为信息：{quote(line, 60)}")
            row.setForeground(QColor(LEFT_OUT_COLOUR))
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            preview.addItem(row)
        signed = named_in(message.signature, self.names) if message.signature else ""
        if signed and not self._field("unit"):
            self.child("unit").setCurrentText(signed)
        self.child("previewLabel").setText(f"将加入的来稿：{len(items)} 条" if items
                                           else "将加入的来稿")

    def problem(self) -> str:
        """Stored on OK: the message names the field (报送单位, 第3条信息) when it is refused,
        and nothing is stored."""
        if not self._field("unit"):
            return "请选择或填写报送单位"
        try:
            self.added = add_pasted(self._field("unit"), self.child("message").toPlainText(),
                                    from_qdate(self.child("date").date()), self._field("author"),
                                    self._field("phone"))
        except ZwdeskError as exc:
            return str(exc)
        return ""
