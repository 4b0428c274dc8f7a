"""粘贴来稿…: a unit's message pasted as text (ui/paste_dialog.ui). The unit is picked or typed
(the registry offered, completing as one types), the date is today unless changed, and the list
beside the message shows, as it is typed, the items it will become: one a paragraph, typed
numbers (1. 一、) removed — the very rule zwdesk.store.inbox.add_pasted stores them by — and, in
grey, the lines left out (greeting, introduction, signature, thanks: zwdesk.core.pasted). A
signature naming a registered unit fills an empty 报送单位."""

from __future__ import annotations

import datetime as dt
import html

from zwdesk.app.dialogs import _Dialog
from zwdesk.app.fields import from_qdate, to_qdate
from zwdesk.app.qt import QColor, QCompleter, QListWidgetItem, Qt, QWidget
from zwdesk.core.cleantext import clean_text
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.pasted import read_pasted, signed_date
from zwdesk.core.submission import pasted_items
from zwdesk.core.unitnames import named_in, near_names, unit_name
from zwdesk.store.inbox import PASTED, add_pasted, unit_names

LEFT_OUT_COLOUR = "#808080"
NO_UNIT = "请选择或填写报送单位"
NEAR_SHOWN = 3  # registered names offered under a typed one


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
        unit.currentTextChanged.connect(lambda _text: self._unit_changed())
        self.child("unitNote").linkActivated.connect(unit.setCurrentText)
        self._unit_changed()
        self.child("date").setDate(to_qdate(today or dt.date.today()))
        self._default_date = self.child("date").date()
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
        dated = signed_date(message.left_out)
        if dated is not None and self.child("date").date() == self._default_date:
            self.child("date").setDate(to_qdate(dated))  # the message's date, not today's
            self._default_date = self.child("date").date()
        self.child("previewLabel").setText(f"将加入的来稿：{len(items)} 条" if items
                                           else "将加入的来稿")

    def _unit_changed(self) -> None:
        """The note under 报送单位: a name not in the registry is said to be new, with the
        registered names close to it to click (省医保局 → 是否指“省医保局窗口”？); the
        missing-unit message goes once a unit is there."""
        typed = self._field("unit")
        note = unit_note(typed, self.names)
        self.child("unitNote").setText(note)
        self.child("unitNote").setVisible(bool(note))
        if typed and self.child("error").text() == NO_UNIT:
            self.child("error").clear()

    def problem(self) -> str:
        """Stored on OK: the message names the field (报送单位, 第3条信息) when it is refused,
        and nothing is stored."""
        if not self._field("unit"):
            return NO_UNIT
        try:
            self.added = add_pasted(self._field("unit"), self.child("message").toPlainText(),
                                    from_qdate(self.child("date").date()), self._field("author"),
                                    self._field("phone"))
        except ZwdeskError as exc:
            return str(exc)
        return ""


def unit_note(typed: str, names: list[str]) -> str:
    """新单位，将加入单位名录。是否指“省医保局窗口”？ (each name a link that takes it); ''
    for a registered name or none typed."""
    name = unit_name(typed)  # the form it is stored in: a no-break space is no other unit
    if not name or name in names:
        return ""
    near = near_names(typed, names)[:NEAR_SHOWN]
    links = "、".join(f'<a href="{html.escape(n)}">“{html.escape(n)}”</a>' for n in near)
    return "<span style='color:#b35c00'>新单位，将加入单位名录。</span>" + (
        f"是否指{links}？" if near else "")
