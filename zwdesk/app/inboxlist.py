"""The inbox (来稿) as a lazy table model: the count and the pages the view shows, read through
zwdesk.store.inbox, so the list opens as fast with 20 000 来稿 as with 20. Rows can be dragged
(onto the outline, to adopt them): the drag carries the 来稿's id.
"""

from __future__ import annotations

from zwdesk.app.qt import (
    QAbstractTableModel,
    QByteArray,
    QColor,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from zwdesk.store.inbox import InboxItem, ItemFilter, count_items, list_items
from zwdesk.store.models import STATE_ADOPTED, STATE_DECLINED, STATE_RETURNED

HEADERS = ("状态", "日期", "单位", "内容", "采用于")
PAGE = 100
SNIPPET = 40  # characters of the text in the list; the whole text is shown beside
ITEM_MIME = "application/x-zwdesk-inbox-item"
STATE_COLOURS = {STATE_ADOPTED: "#2a7d2a", STATE_DECLINED: "#808080", STATE_RETURNED: "#b35c00"}


def item_cells(item: InboxItem) -> tuple[str, ...]:
    """待审 | 2023-03-15 | 省市场监管局窗口 | 3月14日，… | 2023-9"""
    text = item.text.replace("\n", " ")
    return (item.state, item.date.isoformat(), item.unit,
            text if len(text) <= SNIPPET else text[:SNIPPET] + "…",
            "{}-{}".format(*item.issue) if item.issue else "")


def dragged_item(mime: QMimeData) -> int | None:
    """The 来稿 id a drag carries, or None for any other drag."""
    if not mime.hasFormat(ITEM_MIME):
        return None
    return int(bytes(mime.data(ITEM_MIME).data()).decode("ascii"))


class InboxListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.where = ItemFilter()
        self._count = 0
        self._pages: dict[int, list[InboxItem]] = {}

    def reload(self, where: ItemFilter | None = None) -> None:
        """Count again (under a new filter, if given) and forget the pages read."""
        self.beginResetModel()
        if where is not None:
            self.where = where
        self._count = count_items(self.where)
        self._pages.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.item_at(index.row())
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item_cells(item)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return item.text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            colour = STATE_COLOURS.get(item.state)
            return QColor(colour) if colour else None
        return None

    def item_at(self, row: int) -> InboxItem | None:
        if not 0 <= row < self._count:
            return None
        page = self._pages.get(row // PAGE)
        if page is None:
            page = self._pages[row // PAGE] = list_items(self.where, row // PAGE * PAGE, PAGE)
        return page[row % PAGE] if row % PAGE < len(page) else None

    def row_of(self, item_id: int, near: int = 0) -> int | None:
        """The row of a 来稿 in the first page, the page of row ``near`` (where it was before
        a reload) or any page read; None if not there (a row not read is not looked for)."""
        self.item_at(0)
        self.item_at(near)
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == item_id:
                    return number * PAGE + offset
        return None

    # --- dragging onto the outline ---

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ITEM_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        item = self.item_at(indexes[0].row()) if indexes else None
        if item is not None:
            mime.setData(ITEM_MIME, QByteArray(str(item.id).encode("ascii")))
            mime.setText(item.text)
        return mime
