"""The list of issues as a lazy table model: it reads the rows the view shows, a page at a time.

The window opens as fast with 50 000 issues stored as with 50: only the count and the first
page are read; refreshing one issue's row re-reads that row alone.
"""

from __future__ import annotations

from zwdesk.app.pagedmodel import PagedTableModel
from zwdesk.app.qt import QModelIndex, QPersistentModelIndex, Qt
from zwdesk.core.wording import period_line
from zwdesk.store.issues import (
    STATUS_DRAFT,
    STATUS_FINAL,
    IssueSummary,
    count_issues,
    issue_position,
    issue_summaries,
    issue_summary,
)

HEADERS = ("年份", "期号", "总期号", "时段", "状态")
STATUS_NAMES = {STATUS_DRAFT: "草稿", STATUS_FINAL: "已定稿"}
PAGE = 200


def issue_cells(issue: IssueSummary) -> tuple[str, ...]:
    """What a row shows: 2023 | 第9期 | 总第429期 | （3月6日—3月10日） | 草稿."""
    return (str(issue.year), f"第{issue.number}期", f"总第{issue.serial}期",
            period_line(issue.period_start, issue.period_end),
            STATUS_NAMES.get(issue.status, issue.status))


class IssueListModel(PagedTableModel):
    headers = HEADERS
    page_size = PAGE

    def count_rows(self) -> int:
        return count_issues()

    def read_page(self, offset: int, limit: int) -> list[IssueSummary]:
        return issue_summaries(offset, limit)

    def reload(self) -> None:
        """Issues were added, deleted or renumbered: count them again, forget what was read."""
        self.reset_rows()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        issue = self.issue_at(index.row())
        if issue is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return issue_cells(issue)[index.column()]
        return None

    def issue_at(self, row: int) -> IssueSummary | None:
        return self.row_object(row)

    def issue_id(self, row: int) -> int | None:
        issue = self.issue_at(row)
        return issue.id if issue is not None else None

    def row_of(self, issue_id: int) -> int | None:
        position = issue_position(issue_id)
        return position if position is not None and position < self._count else None

    def refresh_issue(self, issue_id: int) -> bool:
        """One issue's period or status changed: re-read its row alone (a row not read yet is
        read fresh when shown). False when the row cannot stay where it is (the issue was
        renumbered or is gone): then the list must be reloaded."""
        for row, issue in self.rows_read():
            if issue.id == issue_id:
                fresh = issue_summary(issue_id)
                if fresh is None or (fresh.year, fresh.number) != (issue.year, issue.number):
                    return False
                self.replace_row(row, fresh)
                return True
        return True
