"""The tally (报送采用情况): per unit, how many items it submitted in a period and how many
of them were adopted, as government information offices report it monthly. Pure Python: the
store hands in one (unit, 报送, 采用) per unit (zwdesk.store.inbox.tally_counts).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zwdesk.core.errors import ZwdeskError, quote_path

HEADER = ("单位", "报送", "采用", "采用率")
TOTAL = "合计"
NO_RATE = "—"  # nothing submitted: no rate
QUARTERS = ("一", "二", "三", "四")


@dataclass(frozen=True)
class TallyRow:
    unit: str
    submitted: int  # 报送
    adopted: int  # 采用

    @property
    def rate(self) -> float | None:
        """采用/报送 as a fraction (0.333…), None when nothing was submitted."""
        return self.adopted / self.submitted if self.submitted else None

    def rate_text(self) -> str:
        """33.3%: one decimal, rounded half up from the exact fraction (not the float)."""
        if not self.submitted:
            return NO_RATE
        tenths = (2000 * self.adopted + self.submitted) // (2 * self.submitted)
        return f"{tenths // 10}.{tenths % 10}%"

    def cells(self) -> tuple[str, str, str, str]:
        return (self.unit, str(self.submitted), str(self.adopted), self.rate_text())


@dataclass(frozen=True)
class Tally:
    start: dt.date
    end: dt.date
    rows: list[TallyRow]  # sorted: 采用, then 报送, descending; then the unit's name
    total: TallyRow

    def period(self) -> str:
        return period_title(self.start, self.end)

    def title(self) -> str:
        """关于2023年3月政务服务信息报送采用情况的通报"""
        return f"关于{self.period()}政务服务信息报送采用情况的通报"

    def summary(self) -> str:
        """2023年3月，共有12个单位报送信息86条，采用41条，采用率47.7%。"""
        if not self.rows:
            return f"{self.period()}，没有单位报送信息。"
        return (f"{self.period()}，共有{len(self.rows)}个单位报送信息{self.total.submitted}条，"
                f"采用{self.total.adopted}条，采用率{self.total.rate_text()}。")

    def table(self) -> list[tuple[str, str, str, str]]:
        """The rows and the 合计 line as text, without the header."""
        return [row.cells() for row in (*self.rows, self.total)]


def make_tally(start: dt.date, end: dt.date, counts: Iterable[tuple[str, int, int]]) -> Tally:
    rows = sorted((TallyRow(*count) for count in counts),
                  key=lambda r: (-r.adopted, -r.submitted, r.unit))
    total = TallyRow(TOTAL, sum(r.submitted for r in rows), sum(r.adopted for r in rows))
    return Tally(start, end, rows, total)


def month_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``today``'s month (the default period)."""
    return today.replace(day=1), _month_end(today.year, today.month)


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter (1–4)."""
    return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_title(start: dt.date, end: dt.date) -> str:
    """A whole year 2023年, half-year 2023年上半年, quarter 2023年第一季度, month 2023年3月,
    whole months 2023年1—2月; else the days, 2023年3月1日至3月15日 (the year again when it
    changes)."""
    if start.day == 1 and start.year == end.year:
        if (start.month, end) == (1, dt.date(end.year, 12, 31)):
            return f"{start.year}年"
        if start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
            return f"{start.year}年第{QUARTERS[start.month // 3]}季度"
        if end == _month_end(start.year, start.month):
            return f"{start.year}年{start.month}月"
        if (start.month, end) == (1, _month_end(end.year, 6)):
            return f"{start.year}年上半年"
        if (start.month, end) == (7, _month_end(end.year, 12)):
            return f"{start.year}年下半年"
        if end.month > start.month and end == _month_end(end.year, end.month):
            return f"{start.year}年{start.month}—{end.month}月"  # whole months: 1—2月
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    last = f"{end.month}月{end.day}日" if end.year == start.year else (
        f"{end.year}年{end.month}月{end.day}日")
    return f"{first}至{last}"


# --- files ---



def write_tally(target: Path, tally: Tally) -> None:
    """The table as .csv or .xlsx, or the 通报 as .docx (zwdesk.core.notice), by the suffix."""
    suffix = target.suffix.lower()
    if suffix == ".csv":
        from zwdesk.core.csvfile import write_csv

        write_csv(target, (HEADER, *tally.table()))
    elif suffix == ".xlsx":
        _write_xlsx(target, tally)
    elif suffix == ".docx":
        from zwdesk.core.notice import write_notice  # the 通报 in the bulletin's style

        write_notice(target, tally.title(), tally.summary(), list(HEADER),
                     [list(cells) for cells in tally.table()])
    else:
        raise ZwdeskError(f"报送情况只能写成 .csv、.xlsx 或 .docx 文件 (expected .csv, .xlsx "
                          f"or .docx, got {quote_path(target)})")


def _write_xlsx(path: Path, tally: Tally) -> None:
    """Counts as numbers and the rate as a number formatted 0.0%, so Excel can sum and sort."""
    from zwdesk.core.xlsxfile import new_sheet, save_workbook

    book, sheet = new_sheet("报送采用情况")
    sheet.print_title_rows = "2:2"
    sheet.append([tally.title()])
    sheet.append(list(HEADER))
    for row in (*tally.rows, tally.total):
        sheet.append([row.unit, row.submitted, row.adopted, row.rate])
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 36
    save_workbook(book, path)
