"""The inbox (来稿) as a lazy table model: the count and the pages the view shows, read through
zwdesk.store.inbox, so the list opens as fast with 20 000 来稿 as with 20. Rows can be dragged
(onto the outline, to adopt them): the drag carries the 来稿's id.
"""

from __future__ import annotations

from zwdesk.app.pagedmodel import PagedTableModel
from zwdesk.app.qt import (
    QByteArray,
    QColor,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from zwdesk.store.inbox import (
    STATE_ADOPTED,
    STATE_DECLINED,
    STATE_RETURNED,
    InboxItem,
    ItemFilter,
    count_items,
    list_items,
)

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


class InboxListModel(PagedTableModel):
    headers = HEADERS
    page_size = PAGE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.where = ItemFilter()

    def count_rows(self) -> int:
        return count_items(self.where)

    def read_page(self, offset: int, limit: int) -> list[InboxItem]:
        return list_items(self.where, offset, limit)

    def reload(self, where: ItemFilter | None = None) -> None:
        """Count again (under a new filter, if given) and forget the pages read."""
        if where is not None:
            self.where = where
        self.reset_rows()

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
        return self.row_object(row)

    def row_of(self, item_id: int, near: int = 0) -> int | None:
        """The row of a 来稿 in the first page, the page of row ``near`` (where it was before
        a reload) or any page read; None if not there (a row not read is not looked for)."""
        self.item_at(0)
        self.item_at(near)
        return next((row for row, item in self.rows_read() if item.id == item_id), None)

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
