"""``zwdesk stats -o FILE.xlsx`` and the 统计 view's export: the table of zwdesk.core.stats
in a worksheet, with native Excel charts (they stay live in Excel and WPS, unlike a picture).

openpyxl is imported here only, on first use: the rest of zwdesk starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.core.errors import ZwdeskError
from zwdesk.core.stats import (
    HEADER_CHINESE,
    PERIOD_NAMES,
    PLATFORM_KEYS,
    WEEK_KEYS,
    ChartData,
    PeriodRow,
)
from zwdesk.core.xlsxfile import new_sheet, save_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_TITLE = "统计"
FIRST_WEEK_COLUMN = 3  # C: 咨询人次 … F: 流转
FIRST_PLATFORM_COLUMN = FIRST_WEEK_COLUMN + len(WEEK_KEYS)  # G … L
# Widths in characters (a Chinese character counts about two): the label, then the figures.
COLUMN_WIDTHS = (10, 6, 10, 9, 9, 9, *([14] * len(PLATFORM_KEYS)))
CHART_WIDTH_CM, CHART_HEIGHT_CM = 24, 9
CHART_ROWS = 19  # rows a chart of that height covers, so the second starts below the first


def write_stats_xlsx(target: Path, rows: list[PeriodRow], by: str) -> None:
    """The table (Chinese header, figures as numbers, header row frozen) and two line charts
    (the week's 综窗 counts; the platform's cumulative figures) beside it, written atomically."""
    save_workbook(stats_workbook(rows, by), target)


def stats_workbook(rows: list[PeriodRow], by: str) -> Workbook:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book, sheet = new_sheet(SHEET_TITLE, landscape=True)
    sheet.print_title_rows = "1:1"
    sheet.append(HEADER_CHINESE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # A period without a platform block leaves its cells empty (not 0, not "").
        sheet.append([None if cell == "" else cell for cell in row.cells()])
    sheet.freeze_panes = "A2"
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if rows:
        anchor = get_column_letter(len(HEADER_CHINESE) + 2)  # one empty column after the table
        period = PERIOD_NAMES[by]
        sheet.add_chart(_line_chart(sheet, len(rows), FIRST_WEEK_COLUMN, len(WEEK_KEYS),
                                    f"综窗办件（按{period}合计）"), f"{anchor}2")
        sheet.add_chart(_line_chart(sheet, len(rows), FIRST_PLATFORM_COLUMN,
                                    len(PLATFORM_KEYS), f"平台累计数（各{period}末）"),
                        f"{anchor}{2 + CHART_ROWS}")
    return book


def write_charts_xlsx(target: Path, charts: list[ChartData]) -> None:
    """What the 统计 window shows, as it shows it: each chart's figures as a table (a row per
    place on its x axis, a column per line, empty where a line has no figure) with a native
    line chart of the table beside it, written atomically. Refused when no chart has a
    figure: an empty workbook would look like a year without work."""
    if not any(series.points for chart in charts for series in chart.series):
        raise ZwdeskError("没有可导出的数字：所选年份还没有期刊。")
    save_workbook(charts_workbook(charts), target)


def charts_workbook(charts: list[ChartData]) -> Workbook:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book, sheet = new_sheet(SHEET_TITLE, landscape=True)
    column = 1
    anchor_row = 2
    tables_width = sum(len(chart.series) + 2 for chart in charts)
    anchor = get_column_letter(tables_width + 1)
    for chart in charts:
        # Every place of the axis, a missing period's included: its empty cells are a gap.
        slots = sorted(chart.slots or {x for series in chart.series for x, _value in series.points})
        sheet.cell(1, column, chart.title).font = Font(bold=True)
        for offset, name in enumerate(("时段", *(series.name for series in chart.series))):
            sheet.cell(2, column + offset, name).font = Font(bold=True)
        for row, x in enumerate(slots, start=3):
            sheet.cell(row, column, chart.slots.get(x, str(x)))
            for offset, series in enumerate(chart.series, start=1):
                sheet.cell(row, column + offset, dict(series.points).get(x))
        sheet.column_dimensions[get_column_letter(column)].width = 10
        for offset in range(1, len(chart.series) + 1):
            sheet.column_dimensions[get_column_letter(column + offset)].width = 11
        line = _line_chart(sheet, len(slots), column + 1, len(chart.series), chart.title,
                           header_row=2, label_column=column)
        sheet.add_chart(line, f"{anchor}{anchor_row}")
        anchor_row += CHART_ROWS
        column += len(chart.series) + 2  # one empty column between the tables
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    return book


def _line_chart(sheet: Worksheet, count: int, first_column: int, columns: int, title: str,
                header_row: int = 1, label_column: int = 1) -> LineChart:
    """A line per column (its header row as the name) over the period labels of
    ``label_column``; an empty cell is a gap in the line."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.chart.legend import Legend

    chart = LineChart()
    chart.title = title
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    data = Reference(sheet, min_col=first_column, max_col=first_column + columns - 1,
                     min_row=header_row, max_row=count + header_row)
    chart.add_data(data, titles_from_data=True)
    for series in chart.series:
        series.smooth = False  # openpyxl's default: a smoothed line overshoots where it drops
    chart.display_blanks = "gap"
    chart.set_categories(Reference(sheet, min_col=label_column, min_row=header_row + 1,
                                   max_row=count + header_row))
    chart.y_axis.number_format = "#,##0"
    # openpyxl ≥ 3.1 marks both axes deleted unless told: Excel then draws no axis labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = Legend(legendPos="b")  # below the plot (a new chart's is on the right)
    return chart
