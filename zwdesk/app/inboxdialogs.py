"""The 来稿 view's small dialogs: the place to adopt an item into (ui/adopt_dialog.ui) and the
reason for not adopting it or sending it back (ui/reason_dialog.ui)."""

from __future__ import annotations

from zwdesk.app.dialogs import _Dialog
from zwdesk.app.qt import QDialogButtonBox, QListWidgetItem, Qt, QWidget
from zwdesk.core.cleantext import clean_text
from zwdesk.core.errors import quote
from zwdesk.store.inbox import InboxItem, Place, place_for_topic

PLACE_ROLE = Qt.ItemDataRole.UserRole
SUMMARY_CHARS = 60


def item_summary(item: InboxItem) -> str:
    """来稿 7（省市场监管局窗口 2023-03-15）：3月14日，…"""
    return (f"来稿 {item.id}（{quote(item.unit)} {item.date.isoformat()}）："
            f"{quote(item.text, SUMMARY_CHARS)}")


class AdoptDialog(_Dialog):
    """Which section or subsection of the open issue takes the item. Chosen to begin with: the
    one its topic names, else (when it has no topic) the one that took this unit's 来稿 last
    in this issue (``unit_place``), else none — OK waits until the editor chooses (a guess
    would put news in the wrong place unnoticed)."""

    ui_file = "adopt_dialog.ui"

    def __init__(self, parent: QWidget | None, issue_label: str, item: InboxItem,
                 offered: list[Place], unit_place: int | None = None) -> None:
        super().__init__(parent)
        self.dialog.setWindowTitle(f"采用到 {issue_label}")
        topic = f"\n拟投栏目：{quote(item.topic)}" if item.topic else ""
        self.child("summary").setText(item_summary(item) + topic)
        self.places = self.child("places")
        for place in offered:
            row = QListWidgetItem(place.label)
            row.setData(PLACE_ROLE, place.section_id)
            self.places.addItem(row)
        ids = [place.section_id for place in offered]
        suggested = place_for_topic(item.topic, offered)
        if suggested is not None:
            self.places.setCurrentRow(offered.index(suggested))
        elif not item.topic.strip() and unit_place in ids:  # a topic no place names: ask
            self.places.setCurrentRow(ids.index(unit_place))
        ok = self.child("buttons").button(QDialogButtonBox.StandardButton.Ok)
        self.places.itemSelectionChanged.connect(
            lambda: ok.setEnabled(bool(self.places.selectedItems())))
        ok.setEnabled(bool(self.places.selectedItems()))
        self.places.itemDoubleClicked.connect(lambda _item: self._accept())

    def problem(self) -> str:
        return "" if self.places.selectedItems() else "请选择放入的栏目"

    def section_id(self) -> int:
        return self.places.selectedItems()[0].data(PLACE_ROLE)


class ReasonDialog(_Dialog):
    """不采用 (a reason optional) or 退回 (a reason required)."""

    ui_file = "reason_dialog.ui"

    def __init__(self, parent: QWidget | None, title: str, item: InboxItem,
                 required: bool) -> None:
        super().__init__(parent)
        self.required = required
        self.dialog.setWindowTitle(title)
        self.child("summary").setText(item_summary(item))
        self.child("reasonLabel").setText("退回原因（必填，单位据此修改）：" if required
                                          else "不采用的原因（可不填）：")
        self.child("reason").setPlainText(item.reason)

    def reason(self) -> str:
        return clean_text(self.child("reason").toPlainText()).strip()

    def problem(self) -> str:
        return "请填写退回原因" if self.required and not self.reason() else ""
