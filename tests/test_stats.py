"""Figures over time: summed by week, month, quarter and year, from the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import sample_data, write_json

from zwdesk import cli
from zwdesk.core.exchange import issue_to_json, parse_issue
from zwdesk.core.nextissue import next_issue
from zwdesk.core.stats import IssueFigures, by_period, period_label


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
    assert "日期应为 YYYY-MM-DD" in capsys.readouterr().err
    assert cli.main(["--db", str(weeks_db), "stats", "-o", str(tmp_path / "x.xlsx")]) == 1
    assert "只能写成 .csv" in capsys.readouterr().err
