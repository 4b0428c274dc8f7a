"""报送情况: per unit, the items submitted in a month, quarter or year and how many were adopted
(ui/tally_dialog.ui), with export to .xlsx, .csv or the Word 通报 (zwdesk.core.tally)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from zwdesk.app import filedialogs
from zwdesk.app.qt import (
    QComboBox,
    QDialog,
    QHeaderView,
    QSettings,
    Qt,
    QTableWidgetItem,
    QWidget,
)
from zwdesk.app.uiload import load_ui
from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError, quote_path
from zwdesk.core.tally import (
    QUARTERS,
    TOTAL,
    Tally,
    make_tally,
    month_range,
    quarter_range,
    write_tally,
    year_range,
)
from zwdesk.store.inbox import tally_counts

MONTH, QUARTER, YEAR = "月", "季度", "年"
FILE_FILTER = "Excel 表格 (*.xlsx);;Word 通报 (*.docx);;CSV 文件 (*.csv)"
SUFFIX_OF_FILTER = {"Excel": ".xlsx", "Word": ".docx", "CSV": ".csv"}


def period_of(kind: str, year: int, part: int) -> tuple[dt.date, dt.date]:
    """The first and last day of month ``part`` (1–12), quarter ``part`` (1–4) or the year."""
    if kind == MONTH:
        return month_range(dt.date(year, part, 1))
    if kind == QUARTER:
        return quarter_range(year, part)
    return year_range(year)


class TallyView:
    def __init__(self, parent: QWidget | None, error: Callable[[str, str], None],
                 shown: dt.date | None = None) -> None:
        """``shown``: a day of the month shown first (today's month if None)."""
        today = shown or dt.date.today()
        self.error = error  # a message box (the main window's, so tests can answer it)
        self.dialog: QDialog = load_ui("tally_dialog.ui", parent)
        self.dialog.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.table = self.child("table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        width = self.table.fontMetrics().horizontalAdvance("100.0%") + 32
        for column in (1, 2, 3):
            header.resizeSection(column, width)
        self.table.verticalHeader().hide()
        self.child("periodKind").addItems([MONTH, QUARTER, YEAR])
        self.child("part").setSizeAdjustPolicy(  # 第四季度 whole, not 第四
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        year = self.child("year")
        year.setRange(limits.YEAR_MIN, limits.YEAR_MAX)
        year.setValue(today.year)
        self._fill_parts(today.month)
        self.child("periodKind").currentTextChanged.connect(lambda _k: self._kind_changed())
        year.valueChanged.connect(lambda _y: self.show_tally())
        self.child("part").currentIndexChanged.connect(lambda _i: self.show_tally())
        self.child("exportButton").clicked.connect(lambda: self.export())
        self.child("buttons").rejected.connect(self.dialog.close)
        self.tally: Tally | None = None
        self.show_tally()

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def show(self) -> None:
        self.dialog.resize(700, 520)
        self.dialog.show()

    # --- the period ---

    def kind(self) -> str:
        return self.child("periodKind").currentText()

    def _fill_parts(self, month: int) -> None:
        part = self.child("part")
        part.blockSignals(True)
        part.clear()
        if self.kind() == MONTH:
            part.addItems([f"{m}月" for m in range(1, 13)])
            part.setCurrentIndex(month - 1)
        elif self.kind() == QUARTER:
            part.addItems([f"第{q}季度" for q in QUARTERS])
            part.setCurrentIndex((month - 1) // 3)
        part.setVisible(self.kind() != YEAR)
        part.blockSignals(False)

    def _kind_changed(self) -> None:
        """Month ↔ quarter keeps the time of year: 第二季度 becomes 4月, 5月 becomes 第二季度."""
        index = max(self.child("part").currentIndex(), 0)
        was_quarter = self.child("part").count() == len(QUARTERS)
        self._fill_parts(index * 3 + 1 if was_quarter else index + 1)
        self.show_tally()

    def period(self) -> tuple[dt.date, dt.date]:
        return period_of(self.kind(), self.child("year").value(),
                         self.child("part").currentIndex() + 1)

    # --- the table ---

    def show_tally(self) -> None:
        start, end = self.period()
        self.tally = make_tally(start, end, tally_counts(start, end))
        self.child("title").setText(f"<b>{self.tally.title()}</b>")
        self.child("summary").setText(self.tally.summary())
        rows = self.tally.table()
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if cells[0] == TOTAL and row == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)

    def cells(self) -> list[list[str]]:
        """What the table shows, row by row (the 合计 line last)."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    # --- export ---

    def export(self, target: Path | None = None) -> bool:
        """导出…: the file asked for (its suffix, or the filter chosen, decides the format),
        written atomically; a Chinese message when it cannot be."""
        if target is None:
            target = self._ask_target()
            if target is None:
                return False
        try:
            write_tally(target, self.tally)
        except ZwdeskError as exc:
            self.error("未能导出", str(exc))
            return False
        except OSError as exc:
            self.error("未能导出", f"{quote_path(target)}: 无法写入（{exc.strerror or exc}）")
            return False
        QSettings().setValue("export/folder", str(target.parent))
        self.child("summary").setText(f"{self.tally.summary()}\n已导出 {quote_path(target)}")
        return True

    def _ask_target(self) -> Path | None:
        folder = Path(QSettings().value("export/folder", str(Path.home())))
        name = str(folder / f"{self.tally.period()}报送采用情况.xlsx")
        path, chosen = filedialogs.get_save_file_name(self.dialog, "导出报送情况", name,
                                                      FILE_FILTER)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in SUFFIX_OF_FILTER.values():
            suffix = next(s for key, s in SUFFIX_OF_FILTER.items() if chosen.startswith(key))
            target = target.with_name(target.name + suffix)
        return target
