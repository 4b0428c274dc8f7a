"""The 统计 window, driven through its widgets on two generated years of weekly issues; the
charts' points are compared with sums taken straight from the database."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from support.paths import ROOT  # noqa: E402

from zwdesk.app import filedialogs
from zwdesk.app.qt import QAction, QApplication, QImage, QPointF, QPushButton, Qt
from zwdesk.core.stats import period_label

sys.path.insert(0, str(ROOT / "scripts"))
import bench_data  # noqa: E402

COUNTS = ("consult", "accept", "issue", "transfer")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:  # noqa: ANN001
    db = tmp_path_factory.mktemp("two-years") / "years.sqlite3"
    bench_data.build_weekly_years(db, 2023, 2)
    return db


@pytest.fixture
def stats(qtbot, qt_settings, two_years, tmp_path, dialogs, monkeypatch):  # noqa: ANN001, ANN201
    """The main window on a copy of the two years, its 统计… chosen from the menu."""
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    db = tmp_path / "years.sqlite3"
    shutil.copy(two_years, db)
    window = MainWindow(Session.open(db))
    dialogs.install(window, monkeypatch)
    qtbot.addWidget(window.window)
    window.show()
    window.window.findChild(QAction, "actionStats").trigger()
    view = window.stats_view
    qtbot.addWidget(view.dialog)
    view.db = db  # for the tests' own queries
    return view


def database_periods(db: Path, by: str) -> dict[str, dict]:
    """Per period: the week's counts summed and the 今年以来 of its last issue, by SQL."""
    periods: dict[str, dict] = {}
    query = ("SELECT i.year, i.number, i.period_end, w.week_consult, w.week_accept, w.week_issue, "
             "w.week_transfer, w.ytd_consult, w.ytd_accept, w.ytd_issue, w.ytd_transfer "
             "FROM windowstats w JOIN section s ON w.section_id = s.id "
             "JOIN issue i ON s.issue_id = i.id ORDER BY i.period_end")
    with sqlite3.connect(db) as connection:
        for year, number, end, *figures in connection.execute(query):
            label = f"{year}-N{number:02d}" if by == "issue" else \
                period_label(dt.date.fromisoformat(end), by)
            period = periods.setdefault(label, {"week": [0] * 4})
            period["week"] = [a + b for a, b in zip(period["week"], figures[:4], strict=True)]
            period["ytd"] = figures[4:]
    return periods


def shown(view, chart: int) -> list[list[tuple[int, int]]]:  # noqa: ANN001
    """Each line's points as drawn."""
    return [[(round(p.x()), round(p.y())) for p in series.points()]
            for series in view.views[chart].chart().series()]


def place(label: str) -> int:
    return int(label[5:].lstrip("WQN"))


def expected_counts(periods: dict[str, dict], year: int) -> list[list[tuple[int, int]]]:
    mine = sorted((place(label), p["week"]) for label, p in periods.items()
                  if label.startswith(str(year)))
    return [[(x, week[k]) for x, week in mine] for k in range(4)]


def expected_ytd(periods: dict[str, dict], year: int, k: int) -> list[tuple[int, int]]:
    return sorted((place(label), p["ytd"][k]) for label, p in periods.items()
                  if label.startswith(str(year)))


def choose(combo, data: object) -> None:  # noqa: ANN001
    combo.setCurrentIndex(combo.findData(data))


def test_the_weeks_of_the_latest_year_against_the_year_before(stats) -> None:  # noqa: ANN001
    assert [stats.year.itemData(i) for i in range(stats.year.count())] == [2024, 2023]
    assert stats.year.currentData() == 2024 and stats.by.currentData() == "week"
    weeks = database_periods(stats.db, "issue")  # 按周: each issue by its 第N期
    assert shown(stats, 0) == expected_counts(weeks, 2024)
    assert len(shown(stats, 0)[0]) == 52
    this_year, last_year = shown(stats, 1)
    assert this_year == expected_ytd(weeks, 2024, 0)  # 咨询人次 by default
    assert last_year == expected_ytd(weeks, 2023, 0)
    assert this_year[9][0] == last_year[9][0] == 10  # week 10 above week 10
    chart = stats.views[1].chart()
    assert [s.name() for s in chart.series()] == ["2024年", "2023年"]
    assert chart.series()[1].pen().style() == Qt.PenStyle.DashLine  # the year before: muted
    QApplication.processEvents()  # laid out
    counts_area, ytd_area = (view.chart().plotArea() for view in stats.views)
    assert abs(counts_area.left() - ytd_area.left()) < 1  # week 10 above week 10
    assert counts_area.width() == pytest.approx(ytd_area.width(), abs=1)


def test_by_month_and_another_count_and_year(stats) -> None:  # noqa: ANN001
    choose(stats.by, "month")
    choose(stats.measure, "transfer")
    months = database_periods(stats.db, "month")
    assert shown(stats, 0) == expected_counts(months, 2024)
    assert shown(stats, 1) == [expected_ytd(months, 2024, 3), expected_ytd(months, 2023, 3)]
    assert [x for x, _ in shown(stats, 0)[0]] == list(range(1, 13))
    choose(stats.year, 2023)
    assert shown(stats, 0) == expected_counts(months, 2023)
    assert shown(stats, 1)[1] == []  # no 2022 in the database
    assert stats.views[1].chart().title() == "今年以来流转：2023年与2022年"


def test_by_year_shows_every_year(stats) -> None:  # noqa: ANN001
    choose(stats.by, "year")
    assert not stats.year.isEnabled()
    years = database_periods(stats.db, "year")
    counts = shown(stats, 0)
    assert [[value for _x, value in line] for line in counts] == [
        [years["2023"]["week"][k], years["2024"]["week"][k]] for k in range(4)]
    [year_end] = shown(stats, 1)
    assert year_end == [(2023, years["2023"]["ytd"][0]), (2024, years["2024"]["ytd"][0])]
    assert years["2024"]["ytd"][0] == years["2024"]["week"][0]  # the chain is unbroken


def test_hovering_a_line_shows_the_period_and_its_figure(stats) -> None:  # noqa: ANN001
    weeks = database_periods(stats.db, "issue")
    consult = stats.views[0].chart().series()[0]
    consult.hovered.emit(QPointF(10.3, 0), True)
    # The axis' own words (第10期), with the year.
    assert stats.hover.text() == f"2024年第10期　咨询人次：{weeks['2024-N10']['week'][0]:,}"
    assert stats.charts[0].slots[10] == "第10期"
    last_year = stats.views[1].chart().series()[1]
    last_year.hovered.emit(QPointF(20, 0), True)
    assert stats.hover.text() == \
        f"2023年第20期　今年以来咨询人次：{weeks['2023-N20']['ytd'][0]:,}"
    last_year.hovered.emit(QPointF(21, 0), False)  # leaving the line keeps the last figure
    assert "2023年第20期" in stats.hover.text()
    choose(stats.by, "quarter")
    stats.views[0].chart().series()[0].hovered.emit(QPointF(1, 0), True)
    assert stats.hover.text().startswith("2024年一季度　咨询人次：")
    assert stats.charts[0].ticks[0] == (1, "一季度")


def test_export_png_and_excel(stats, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    from zwdesk.app.charts import CHART_HEIGHT, PNG_WIDTH

    choose(stats.by, "quarter")
    answers = iter([str(tmp_path / "季度图"), str(tmp_path / "季度表.xlsx")])
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *args: (next(answers), ""))
    qtbot.mouseClick(stats.dialog.findChild(QPushButton, "exportPngButton"),
                     Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "季度图.png"))  # the suffix added
    assert (image.width(), image.height()) == (PNG_WIDTH, 2 * CHART_HEIGHT)  # both charts
    assert len({image.pixel(x, y) for x in range(0, PNG_WIDTH, 9)
                for y in range(0, image.height(), 9)}) > 20
    qtbot.mouseClick(stats.dialog.findChild(QPushButton, "exportXlsxButton"),
                     Qt.MouseButton.LeftButton)
    # The workbook holds what the window shows: 2024's four counts by quarter, and 今年以来
    # 咨询人次 of 2024 against 2023, each with its chart.
    sheet = load_workbook(tmp_path / "季度表.xlsx").active
    quarters = database_periods(stats.db, "quarter")
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(max_col=9)]
    assert cells[0][0] == "2024年综窗办件（按季度合计）" and cells[0][6] == stats.charts[1].title
    assert cells[0][6] == "今年以来咨询人次：2024年与2023年"
    assert cells[1] == ["时段", "咨询人次", "受理", "颁发", "流转", None, "时段", "2024年",
                        "2023年"]
    names = ["一季度", "二季度", "三季度", "四季度"]
    assert [row[:5] for row in cells[2:]] == [
        [name, *quarters[f"2024-Q{q}"]["week"]] for q, name in enumerate(names, start=1)]
    assert [row[6:] for row in cells[2:]] == [
        [name, quarters[f"2024-Q{q}"]["ytd"][0], quarters[f"2023-Q{q}"]["ytd"][0]]
        for q, name in enumerate(names, start=1)]
    counts, ytd = sheet._charts
    assert len(counts.series) == 4 and len(ytd.series) == 2
    assert ytd.series[0].val.numRef.f == "'统计'!$H$3:$H$6"
    assert not list(tmp_path.glob(".zwdesk-*"))  # written atomically: no temporary left


def test_an_export_that_fails_says_so(stats, dialogs, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *args: (str(tmp_path / "没有的文件夹" / "图.png"), ""))
    stats.export_png()
    [(kind, title, text)] = dialogs.shown
    assert (kind, title) == ("error", "无法导出")
    assert "图.png" in text and "文件夹不存在" in text
    stats.export_xlsx()
    assert "图.xlsx" in dialogs.shown[-1][2]  # the suffix of the chosen kind


@pytest.fixture(scope="module")
def year_2021(tmp_path_factory) -> Path:  # noqa: ANN001
    """2020 and 2021: 2021年第1期's week ends on Friday 1 January 2021, in ISO week 2020-W53."""
    db = tmp_path_factory.mktemp("year-2021") / "years.sqlite3"
    bench_data.build_weekly_years(db, 2020, 2)
    return db


def test_by_week_the_first_issue_of_a_year_is_that_years(qtbot, qt_settings, year_2021,  # noqa: ANN001
                                                         stats) -> None:
    from zwdesk.app.statsview import StatsView
    from zwdesk.store.database import open_database

    open_database(year_2021)
    with sqlite3.connect(year_2021) as connection:
        [(first_end,)] = connection.execute(
            "SELECT period_end FROM issue WHERE year = 2021 AND number = 1").fetchall()
    assert period_label(dt.date.fromisoformat(first_end), "week") == "2020-W53"
    view = StatsView(None, stats.error)
    qtbot.addWidget(view.dialog)
    assert view.year.currentData() == 2021 and view.by.currentData() == "week"
    issues = database_periods(year_2021, "issue")
    counts = shown(view, 0)
    assert counts == expected_counts(issues, 2021)
    assert counts[0][0] == (1, issues["2021-N01"]["week"][0])
    this_year, last_year = shown(view, 1)
    assert this_year == expected_ytd(issues, 2021, 0) and this_year[0][0] == 1
    assert last_year == expected_ytd(issues, 2020, 0)
    # Both charts use the same slots: 第1期 … of the year.
    assert [x for x, _ in counts[0]] == [x for x, _ in this_year]
    assert view.charts[0].slots == view.charts[1].slots | view.charts[0].slots
    assert view.charts[1].ticks[0] == (1, "第1期")


def test_an_export_without_figures_is_refused(qtbot, qt_settings, stats, dialogs, tmp_path,  # noqa: ANN001
                                              monkeypatch) -> None:
    from zwdesk.app.statsview import StatsView
    from zwdesk.store.database import open_database

    open_database(tmp_path / "empty.sqlite3")
    view = StatsView(None, stats.error)
    qtbot.addWidget(view.dialog)
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *args: (str(tmp_path / "空.xlsx"), ""))
    view.export_xlsx()
    view.export_png()
    assert [text for _kind, _title, text in dialogs.shown] == [
        "没有可导出的数字：所选年份还没有期刊。"] * 2
    assert not list(tmp_path.glob("空*"))


def test_enter_in_the_window_asks_for_no_file(stats, qtbot, monkeypatch) -> None:  # noqa: ANN001
    asked = []
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *args: asked.append(args) or ("", ""))
    stats.dialog.show()
    stats.dialog.activateWindow()
    for widget in (stats.by, stats.year, stats.measure):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClick(widget, Qt.Key.Key_Enter)
    assert asked == [] and stats.dialog.isVisible()
    assert all(view.focusPolicy() == Qt.FocusPolicy.NoFocus for view in stats.views)
    for name in ("exportPngButton", "exportXlsxButton"):
        button = stats.dialog.findChild(QPushButton, name)
        assert not button.autoDefault() and not button.isDefault()


def test_a_missing_period_is_a_gap_in_the_line(qtbot) -> None:  # noqa: ANN001
    from zwdesk.app.charts import make_chart
    from zwdesk.app.qt import QChartView
    from zwdesk.core.stats import ChartData, Series

    labels = {x: f"第{x}期" for x in (1, 2, 3, 5, 6, 9)}
    data = ChartData("t", [Series("咨询人次", [(1, 10), (2, 12), (3, 11), (5, 15), (6, 14),
                                             (9, 13)], labels),
                           Series("受理", [(1, 4), (2, 5)], labels)], [])
    chart = make_chart(data)
    drawn = [[(round(p.x()), round(p.y())) for p in series.points()] for series in chart.series()]
    assert drawn == [[(1, 10), (2, 12), (3, 11)], [(5, 15), (6, 14)], [(9, 13)],
                     [(1, 4), (2, 5)]]
    parts = chart.series()[:3]
    assert len({part.pen().color().name() for part in parts}) == 1  # one line, in parts
    assert parts[0].pen().color() != chart.series()[3].pen().color()
    view = QChartView(chart)
    qtbot.addWidget(view)
    view.show()
    QApplication.processEvents()
    shown = [m.series().name() for m in chart.legend().markers() if m.isVisible()]
    assert shown == ["咨询人次", "受理"]  # named once


def test_a_year_in_progress_stands_above_the_same_places_of_the_year_before(
        stats, qtbot) -> None:  # noqa: ANN001
    from zwdesk.app.statsview import StatsView
    from zwdesk.store.models import Issue, database

    with database.atomic():  # 2024 so far: 第1—30期 (their figures go with them: cascade)
        Issue.delete().where((Issue.year == 2024) & (Issue.number > 30)).execute()
    view = StatsView(None, stats.error)
    qtbot.addWidget(view.dialog)
    counts, (this_year, last_year) = shown(view, 0), shown(view, 1)
    assert max(x for x, _ in counts[0]) == max(x for x, _ in this_year) == 30
    assert max(x for x, _ in last_year) == 52
    axes = [v.chart().axes(Qt.Orientation.Horizontal)[0] for v in view.views]
    assert [(a.min(), a.max()) for a in axes] == [(0.5, 52.5)] * 2  # 第10期 above 第10期
    assert view.charts[0].ticks == view.charts[1].ticks
