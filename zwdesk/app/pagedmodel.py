"""A lazy table model: the row count, and the rows the view shows read a page at a time.

The issue list and the 来稿 list are both this: they open as fast with tens of thousands of
rows stored as with a few, because only the count and the pages shown are ever read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from zwdesk.app.qt import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt


class PagedTableModel(QAbstractTableModel):
    """Subclasses give the column headers, the page size, and how to count and read rows."""

    headers: Sequence[str] = ()
    page_size = 100

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._pages: dict[int, list[Any]] = {}

    def count_rows(self) -> int:
        raise NotImplementedError

    def read_page(self, offset: int, limit: int) -> list[Any]:
        raise NotImplementedError

    def reset_rows(self) -> None:
        """Count again and forget the pages read (the view asks for what it shows)."""
        self.beginResetModel()
        self._count = self.count_rows()
        self._pages.clear()
        self.endResetModel()

    def row_object(self, row: int) -> Any:  # noqa: ANN401 - what the subclass reads
        """The object of a row (its page read if it was not), or None outside the rows."""
        if not 0 <= row < self._count:
            return None
        size = self.page_size
        page = self._pages.get(row // size)
        if page is None:
            page = self._pages[row // size] = self.read_page(row // size * size, size)
        return page[row % size] if row % size < len(page) else None

    def rows_read(self) -> Iterator[tuple[int, Any]]:
        """(row, object) of every row read so far."""
        for number, page in self._pages.items():
            for offset, thing in enumerate(page):
                yield number * self.page_size + offset, thing

    def replace_row(self, row: int, thing: Any) -> None:  # noqa: ANN401
        self._pages[row // self.page_size][row % self.page_size] = thing
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
