"""Figures over time: summed by week, month, quarter and year, from the command line."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

import pytest
from support.builders import sample_data, write_json
from support.paths import ROOT  # noqa: E402

from zwdesk import cli
from zwdesk.core.exchange import issue_to_json, parse_issue
from zwdesk.core.nextissue import next_issue
from zwdesk.core.stats import (
    IssueFigures,
    by_period,
    period_label,
    sequence_chart,
    year_chart,
    ytd_chart,
)

sys.path.insert(0, str(ROOT / "scripts"))
import bench_data  # noqa: E402


def test_period_labels():
    day = dt.date(2023, 3, 10)
    assert [period_label(day, by) for by in ("week", "month", "quarter", "year")] == [
        "2023-W10", "2023-03", "2023-Q1", "2023"]
    assert period_label(dt.date(2024, 12, 31), "week") == "2025-W01"  # ISO weeks
    with pytest.raises(ValueError):
        period_label(day, "fortnight")


def _figures(month: int, day: int, consult: int, licensing: int | None) -> IssueFigures:
    week = {"consult": consult, "accept": 1, "issue": 2, "transfer": 3}
    platform = None if licensing is None else {"licensing_accepted": licensing}
    return IssueFigures(2023, month * 10 + day, dt.date(2023, month, day), week, platform)


def test_weeks_are_summed_and_cumulative_figures_are_the_periods_last():
    issues = [_figures(3, 31, 10, 300), _figures(1, 6, 1, 100), _figures(1, 13, 2, 120),
              _figures(2, 3, 4, None)]
    rows = by_period(issues, "month")
    assert [(r.label, r.issues, r.week["consult"], r.week["transfer"]) for r in rows] == [
        ("2023-01", 2, 3, 6), ("2023-02", 1, 4, 3), ("2023-03", 1, 10, 3)]
    assert [r.platform for r in rows] == [{"licensing_accepted": 120}, None,
                                         {"licensing_accepted": 300}]
    [quarter] = by_period(issues, "quarter")
    assert (quarter.label, quarter.issues, quarter.week["consult"]) == ("2023-Q1", 4, 17)
    assert quarter.platform == {"licensing_accepted": 300}


@pytest.fixture
def weeks_db(tmp_path):  # noqa: ANN001, ANN201
    """Eight weekly issues from the sample on: 2023-03-10, 03-17, … 04-28."""
    db = tmp_path / "weeks.sqlite3"
    issue = parse_issue(write_json(tmp_path / "s.json", sample_data()).read_text("utf-8"))
    for n in range(8):
        if n:
            issue = next_issue(issue)
            block = issue["sections"][0]["subsections"][0]["block"]
            block["week"] = {"consult": 100 + n, "accept": n, "issue": 2 * n, "transfer": 1}
        source = tmp_path / f"{n}.json"
        source.write_text(issue_to_json(issue), encoding="utf-8")
        assert cli.main(["--db", str(db), "import", str(source)]) == 0
    return db


def test_stats_by_month_on_the_screen(weeks_db, capsys):  # noqa: ANN001
    capsys.readouterr()
    assert cli.main(["--db", str(weeks_db), "stats", "--by", "month"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert lines[0][:6] == ["时段", "期数", "咨询人次", "受理", "颁发", "流转"]
    march, april = lines[1], lines[2]
    assert march[:6] == ["2023-03", "4", str(815 + 101 + 102 + 103), str(168 + 1 + 2 + 3),
                         str(1185 + 2 + 4 + 6), str(1682 + 3)]
    assert april[:2] == ["2023-04", "4"]
    assert len(lines) == 3


def test_stats_between_dates_by_week_into_a_csv(weeks_db, tmp_path, capsys):  # noqa: ANN001
    target = tmp_path / "统计.csv"
    assert cli.main(["--db", str(weeks_db), "stats", "--from", "2023-03-11", "--to",
                     "2023-03-31", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese header right
    rows = data.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("时段,期数,咨询人次")
    assert [row.split(",")[:3] for row in rows[1:]] == [
        ["2023-W11", "1", "101"], ["2023-W12", "1", "102"], ["2023-W13", "1", "103"]]


def test_stats_usage_errors(weeks_db, tmp_path, capsys):  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--db", str(weeks_db), "stats", "--from", "2023-13-01"])
    assert exit_info.value.code == 2
    assert "日期不存在" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--db", str(weeks_db), "stats", "--from", "3月1日"])
    assert "日期缺少年份" in capsys.readouterr().err
    assert cli.main(["--db", str(weeks_db), "stats", "--from", "2023年3月20日",
                     "--to", "2023/3/1"]) == 1
    assert "起始日期 2023-03-20 晚于截止日期 2023-03-01" in capsys.readouterr().err
    assert cli.main(["--db", str(weeks_db), "stats", "--from", "2030-01-01",
                     "-o", str(tmp_path / "x.xlsx")]) == 1
    assert "没有期刊" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
    assert cli.main(["--db", str(weeks_db), "stats", "-o", str(tmp_path / "x.txt")]) == 1
    assert "只能写成 .csv、.xlsx 或 .png" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()


# --- years of weekly issues: the Excel workbook, the PNG chart ---


@pytest.fixture(scope="module")
def years_db(tmp_path_factory):  # noqa: ANN001, ANN201
    """Every week of 2023 and 2024 (104 issues), figures varying week by week."""
    db = tmp_path_factory.mktemp("years") / "years.sqlite3"
    bench_data.build_weekly_years(db, 2023, 2)
    return db


def db_figures(db, by: str) -> list:  # noqa: ANN001
    """The periods' figures summed straight from the tables (no zwdesk code in between)."""
    sums: dict[str, list[int]] = {}
    with sqlite3.connect(db) as connection:
        for end, *week in connection.execute(
                "SELECT i.period_end, w.week_consult, w.week_accept, w.week_issue, "
                "w.week_transfer FROM windowstats w JOIN section s ON w.section_id = s.id "
                "JOIN issue i ON s.issue_id = i.id"):
            label = period_label(dt.date.fromisoformat(end), by)
            sums[label] = [a + b for a, b in zip(sums.get(label, [0] * 4), week, strict=True)]
    return sorted(sums.items())


def test_stats_into_an_excel_workbook_with_charts(years_db, tmp_path):  # noqa: ANN001
    from openpyxl import load_workbook

    target = tmp_path / "统计.xlsx"
    assert cli.main(["--db", str(years_db), "stats", "--by", "month", "-o", str(target)]) == 0
    sheet = load_workbook(target).active
    assert sheet.title == "统计"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert [cell.value for cell in sheet[1]][:6] == ["时段", "期数", "咨询人次", "受理", "颁发",
                                                     "流转"]
    table = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    expected = db_figures(years_db, "month")
    assert [(row[0], row[2:6]) for row in table] == [(label, week) for label, week in expected]
    assert all(isinstance(row[6], int) and row[6] > 0 for row in table)  # numbers, not text
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["G"].width >= 12  # 行政许可受理 fits
    week_chart, platform_chart = sheet._charts
    last = len(expected) + 1
    assert [s.val.numRef.f for s in week_chart.series] == [
        f"'统计'!${c}$2:${c}${last}" for c in "CDEF"]
    assert [s.tx.strRef.f for s in week_chart.series] == [f"'统计'!{c}1" for c in "CDEF"]
    assert week_chart.series[0].cat.numRef.f == f"'统计'!$A$2:$A${last}"
    assert [s.val.numRef.f for s in platform_chart.series] == [
        f"'统计'!${c}$2:${c}${last}" for c in "GHIJKL"]


def test_stats_into_a_png_chart(years_db, tmp_path):  # noqa: ANN001
    from zwdesk.app.charts import CHART_HEIGHT, PNG_WIDTH
    from zwdesk.app.qt import QImage

    target = tmp_path / "统计.png"
    target.write_bytes(b"old")
    assert cli.main(["--db", str(years_db), "stats", "-o", str(target)]) == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == (PNG_WIDTH, CHART_HEIGHT)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # lines, axes, text in colour and anti-aliased: not a blank page
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_a_png_that_cannot_be_written_leaves_the_old_file(years_db, tmp_path, capsys,  # noqa: ANN001
                                                          monkeypatch):  # noqa: ANN001
    from zwdesk.app.qt import QImage

    target = tmp_path / "统计.png"
    target.write_bytes(b"old")
    monkeypatch.setattr(QImage, "save", lambda *args: False)
    assert cli.main(["--db", str(years_db), "stats", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "无法写入文件" in err and "统计.png" in err and ".tmp" not in err
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert cli.main(["--db", str(years_db), "stats", "--from", "2030-01-01", "-o",
                     str(target)]) == 1
    assert "没有期刊" in capsys.readouterr().err


def test_year_to_date_is_the_periods_last_and_years_align_by_place():
    def week(year: int, month: int, day: int, ytd: int) -> IssueFigures:
        return IssueFigures(year, 1, dt.date(year, month, day), {"consult": 1},
                            ytd={"consult": ytd})

    issues = [week(2023, 3, 10, 100), week(2023, 3, 17, 110), week(2024, 3, 8, 120),
              week(2024, 12, 31, 999)]  # 2024-12-31 is in ISO week 2025-W01
    weeks = by_period(issues, "week")
    assert [(r.label, r.year, r.index, r.ytd) for r in weeks] == [
        ("2023-W10", 2023, 10, {"consult": 100}), ("2023-W11", 2023, 11, {"consult": 110}),
        ("2024-W10", 2024, 10, {"consult": 120}), ("2025-W01", 2025, 1, {"consult": 999})]
    chart = ytd_chart(weeks, "week", 2024, "consult")
    this_year, last_year = chart.series
    assert (this_year.points, last_year.points) == ([(10, 120)], [(10, 100), (11, 110)])
    assert not this_year.muted and last_year.muted
    assert chart.ticks == [(10, "第10周"), (11, "第11周")]
    [march] = [r for r in by_period(issues, "month") if r.label == "2023-03"]
    assert march.ytd == {"consult": 110} and march.week == {
        "consult": 2, "accept": 0, "issue": 0, "transfer": 0}
    counts = year_chart(by_period(issues, "quarter"), "quarter", 2024)
    assert counts.series[0].points == [(1, 1), (4, 1)] and counts.ticks == [
        (1, "一季度"), (2, "二季度"), (3, "三季度"), (4, "四季度")]  # the quarters between too


def test_many_periods_get_at_most_thirteen_axis_labels():
    rows = by_period([IssueFigures(2023, n, dt.date(2023, 1, 6) + dt.timedelta(weeks=n),
                                   {"consult": n}) for n in range(52)], "week")
    chart = sequence_chart(rows, "week")
    assert 10 <= len(chart.ticks) <= 13
    assert chart.ticks[0] == (0, "2023-W01")
    assert [value for _x, value in chart.series[0].points] == list(range(52))
