"""The 统计 window: the week's 综窗 counts of a year by week, month, quarter or year, and a
今年以来 line against the year before; the value under the mouse; export to PNG and Excel.

The charts are zwdesk.app.charts' (the same as ``zwdesk stats -o FILE.png``); the figures come
from zwdesk.store.figures, two years of them at a time (all years by year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from zwdesk.app.charts import SERIES_INDEX, align_left, make_chart, write_png
from zwdesk.app.filedialogs import ask_save_path
from zwdesk.app.qt import (
    QChartView,
    QComboBox,
    QCursor,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPointF,
    QPushButton,
    Qt,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from zwdesk.app.windowsize import remember_geometry
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.stats import (
    ISSUE,
    PERIOD_NAMES,
    PERIODS,
    WEEK_KEYS,
    WEEK_NAMES,
    ChartData,
    PeriodRow,
    Series,
    by_period,
    sequence_chart,
    share_slots,
    year_chart,
    ytd_chart,
)
from zwdesk.store.figures import figure_span, issue_figures

# A bulletin's week may end a few days into the next year (2020年第53期 on 2021-01-01) or its
# 第1期 in the last days of the year before.
YEAR_SLACK = dt.timedelta(days=14)
HOVER_HINT = "将鼠标移到线上的点，可看到该时段的数字。"


class StatsView:
    """The window (not modal: issues can be edited beside it). ``error(title, text)`` shows a
    failure (the main window's, so tests answer it in one place)."""

    def __init__(self, parent: QWidget | None, error: Callable[[str, str], None]) -> None:
        self.error = error
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle("统计")
        self.rows: list[PeriodRow] = []
        self.charts: list[ChartData] = []
        layout = QVBoxLayout(self.dialog)
        layout.addLayout(self._controls())
        self.views = [QChartView(), QChartView()]
        for name, view in zip(("countsChart", "ytdChart"), self.views, strict=True):
            view.setObjectName(name)
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to type there; the mouse hovers
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            layout.addWidget(view, 1)
        self.hover = QLabel(HOVER_HINT)
        self.hover.setObjectName("hoverLabel")
        layout.addWidget(self.hover)
        self._fill_years()
        self.refresh()
        if not remember_geometry(self.dialog, "stats"):
            self._size_to_screen(parent)

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.by = _combo("byCombo", [(f"按{PERIOD_NAMES[by]}", by) for by in PERIODS])
        self.year = _combo("yearCombo", [])
        self.measure = _combo("measureCombo", [(WEEK_NAMES[key], key) for key in WEEK_KEYS])
        for label, combo in (("时段：", self.by), ("年份：", self.year),
                             ("今年以来：", self.measure)):
            row.addWidget(QLabel(label))
            row.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        row.addStretch(1)
        for name, text, slot in (("exportPngButton", "导出图片…", self.export_png),
                                 ("exportXlsxButton", "导出 Excel…", self.export_xlsx)):
            button = QPushButton(text)
            button.setObjectName(name)
            # Enter in the window (a combo box chosen) asks for no file.
            button.setAutoDefault(False)
            button.setDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _fill_years(self) -> None:
        """The years that have issues, the latest chosen."""
        span = figure_span()
        years = range(span[1].year, span[0].year - 1, -1) if span else [dt.date.today().year]
        self.year.blockSignals(True)  # one refresh at the end, not one per year added
        for year in years:
            self.year.addItem(f"{year}年", year)
        self.year.blockSignals(False)

    def _size_to_screen(self, parent: QWidget | None) -> None:
        screen = (parent.screen() if parent is not None else self.dialog.screen())
        area = screen.availableGeometry()
        self.dialog.resize(min(1100, area.width() - 40), min(760, area.height() - 60))

    # --- what is shown ---

    def refresh(self) -> None:
        """Figures, charts and hover hint for the chosen period kind, year and 今年以来 count."""
        by, year, key = self.by.currentData(), self.year.currentData(), self.measure.currentData()
        self.year.setEnabled(by != "year")  # by year the charts show every year
        self.rows = self._periods(by, year)
        if by == "year":
            self.charts = [sequence_chart(self.rows, by), ytd_chart(self.rows, by, year, key)]
        else:
            self.charts = share_slots([year_chart(self.rows, _kind(by), year),
                                       ytd_chart(self.rows, _kind(by), year, key)], _kind(by))
        for view, data in zip(self.views, self.charts, strict=True):
            self._show(view, data)
        self.hover.setText(HOVER_HINT if self.rows else "所选年份还没有期刊。")

    @staticmethod
    def _periods(by: str, year: int) -> list[PeriodRow]:
        """The periods of ``year`` and the year before; by year, of every year. By week, each
        issue by its 第N期 in its own year: an ISO week would put 2021年第1期 (to 1 January
        2021) in 2020's week 53, beside 2020's issues."""
        if by == "year":
            return by_period(issue_figures(), by)
        figures = issue_figures(dt.date(year - 1, 1, 1) - YEAR_SLACK,
                                dt.date(year, 12, 31) + YEAR_SLACK)
        if by == "week":
            figures = [f for f in figures if f.year in (year - 1, year)]
        return [row for row in by_period(figures, _kind(by)) if row.year in (year - 1, year)]

    def _show(self, view: QChartView, data: ChartData) -> None:
        old = view.chart()
        chart = make_chart(data)
        for shown in chart.series():  # a line broken by gaps is drawn in parts
            series = data.series[shown.property(SERIES_INDEX)]
            shown.hovered.connect(lambda point, state, series=series:
                                  self._hovered(series, point, state))
        # Laid out anew (other labels, a resize): the plot areas aligned again.
        chart.plotAreaChanged.connect(lambda _area: align_left([v.chart() for v in self.views]))
        view.setChart(chart)
        old.deleteLater()  # the view gives up its old chart without deleting it

    def _hovered(self, series: Series, point: QPointF, state: bool) -> None:
        """The nearest period's figure under the line, in the label below and a tooltip."""
        if not state or not series.points:
            return
        x, value = min(series.points, key=lambda p: abs(p[0] - point.x()))
        text = f"{series.labels.get(x, '')}　{series.what or series.name}：{value:,}"
        self.hover.setText(text)
        QToolTip.showText(QCursor.pos(), text)

    # --- export ---

    def _file_stem(self) -> str:
        by = self.by.currentData()
        year = "各年" if by == "year" else f"{self.year.currentData()}年"
        return f"统计-{year}-按{PERIOD_NAMES[by]}"

    def _has_figures(self) -> bool:
        """Whether the charts show any figure; an empty export is refused, with a message."""
        if any(series.points for chart in self.charts for series in chart.series):
            return True
        self.error("无法导出", "没有可导出的数字：所选年份还没有期刊。")
        return False

    def export_png(self) -> None:
        if not self._has_figures():
            return
        path = ask_save_path(self.dialog, "导出图片", f"{self._file_stem()}.png",
                             "PNG 图片 (*.png)")
        if path is not None:
            self._export(lambda: write_png(path, self.charts), path)

    def export_xlsx(self) -> None:
        """The workbook of what the window shows (zwdesk.core.statsbook.write_charts_xlsx)."""
        from zwdesk.core.statsbook import write_charts_xlsx

        if not self._has_figures():
            return
        path = ask_save_path(self.dialog, "导出 Excel", f"{self._file_stem()}.xlsx",
                             "Excel 工作簿 (*.xlsx)")
        if path is not None:
            self._export(lambda: write_charts_xlsx(path, self.charts), path)

    def _export(self, write: Callable[[], None], path: object) -> None:
        try:
            write()
        except ZwdeskError as exc:
            self.error("无法导出", str(exc))
            return
        self.hover.setText(f"已导出 {path}")


def _kind(by: str) -> str:
    """The rows the window shows for a choice of 时段: 按周 is by 第N期."""
    return ISSUE if by == "week" else by


def _combo(name: str, choices: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for text, data in choices:
        combo.addItem(text, data)
    return combo
