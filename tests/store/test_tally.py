"""The tally (报送采用情况): the figures per unit, their order, the rate, the period's name, and
the table on screen, in .csv, .xlsx and the 通报 .docx."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest
from openpyxl import load_workbook
from support.builders import SAMPLE_JSON

from zwdesk import cli
from zwdesk.core.exchange import read_issue
from zwdesk.core.submission import make_submission
from zwdesk.core.tally import TallyRow, make_tally, month_range, period_title
from zwdesk.store import inbox
from zwdesk.store.issues import save_issue

D = dt.date


@pytest.mark.parametrize(("adopted", "submitted", "text"), [
    (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 16, "6.3%"), (3, 16, "18.8%"), (0, 5, "0.0%"),
    (5, 5, "100.0%"), (41, 86, "47.7%"), (1, 7, "14.3%"), (0, 0, "—")])
def test_the_rate_has_one_decimal_rounded_half_up(adopted, submitted, text) -> None:  # noqa: ANN001
    assert TallyRow("单位", submitted, adopted).rate_text() == text


def test_rows_are_sorted_by_adopted_then_submitted_then_name() -> None:
    tally = make_tally(D(2023, 3, 1), D(2023, 3, 31), [
        ("乙单位", 10, 2), ("甲单位", 4, 4), ("丙单位", 12, 2), ("丁单位", 3, 0),
        ("戊单位", 12, 2)])
    assert [row.unit for row in tally.rows] == ["甲单位", "丙单位", "戊单位", "乙单位", "丁单位"]
    assert tally.total == TallyRow("合计", 41, 10)
    assert tally.table()[-1] == ("合计", "41", "10", "24.4%")
    assert tally.table()[0] == ("甲单位", "4", "4", "100.0%")
    assert tally.title() == "关于2023年3月政务服务信息报送采用情况的通报"
    assert tally.summary() == "2023年3月，共有5个单位报送信息41条，采用10条，采用率24.4%。"


def test_an_empty_period() -> None:
    tally = make_tally(D(2023, 4, 1), D(2023, 6, 30), [])
    assert tally.rows == [] and tally.table() == [("合计", "0", "0", "—")]
    assert tally.summary() == "2023年第二季度，没有单位报送信息。"


@pytest.mark.parametrize(("start", "end", "title"), [
    (D(2023, 3, 1), D(2023, 3, 31), "2023年3月"),
    (D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
    (D(2023, 2, 1), D(2023, 2, 27), "2023年2月1日至2月27日"),
    (D(2023, 1, 1), D(2023, 3, 31), "2023年第一季度"),
    (D(2023, 10, 1), D(2023, 12, 31), "2023年第四季度"),
    (D(2023, 2, 1), D(2023, 4, 30), "2023年2—4月"),
    (D(2024, 1, 1), D(2024, 2, 29), "2024年1—2月"),
    (D(2023, 1, 1), D(2023, 6, 30), "2023年上半年"),
    (D(2023, 7, 1), D(2023, 12, 31), "2023年下半年"),
    (D(2023, 2, 1), D(2023, 4, 29), "2023年2月1日至4月29日"),
    (D(2023, 1, 1), D(2023, 12, 31), "2023年"),
    (D(2023, 3, 1), D(2023, 3, 15), "2023年3月1日至3月15日"),
    (D(2023, 12, 25), D(2024, 1, 5), "2023年12月25日至2024年1月5日"),
    (D(2023, 1, 1), D(2024, 12, 31), "2023年1月1日至2024年12月31日"),
    (D(2023, 3, 8), D(2023, 3, 8), "2023年3月8日"),
])
def test_the_period_in_words(start, end, title) -> None:  # noqa: ANN001
    assert period_title(start, end) == title


def test_the_default_period_is_the_current_month() -> None:
    assert month_range(D(2024, 2, 14)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert month_range(D(2023, 12, 31)) == (D(2023, 12, 1), D(2023, 12, 31))


# --- counted in the store ---


def _submit(unit: str, date: dt.date, count: int, source: str) -> list[int]:
    items = [(f"{unit}{date}第{n}条。", "") for n in range(count)]
    return inbox.add_submission(make_submission(source, unit, "", "", date, items), source)


@pytest.fixture
def month(store):  # noqa: ANN001, ANN201
    """March 2023: 市场监管 3 items (2 adopted), 公安 3 (1 adopted, 1 declined), 交通 1;
    items of 28 Feb and 1 Apr, adopted, are outside the month."""
    issue = save_issue(read_issue(SAMPLE_JSON))
    place = inbox.find_place(issue, "3.2").id
    market = _submit("省市场监管局窗口", D(2023, 3, 1), 2, "a") + _submit(
        "省市场监管局窗口", D(2023, 3, 31), 1, "b")
    police = _submit("省公安厅窗口", D(2023, 3, 15), 3, "c")
    _submit("省交通运输厅窗口", D(2023, 3, 20), 1, "d")
    for item in (market[0], market[2], police[1], *_submit("省公安厅窗口", D(2023, 2, 28), 1, "e"),
                 *_submit("省交通运输厅窗口", D(2023, 4, 1), 1, "f")):
        inbox.adopt(item, place)
    inbox.decline(police[0], "重复")
    return store


def test_counts_per_unit_in_one_grouped_query(month) -> None:  # noqa: ANN001
    counts = inbox.tally_counts(D(2023, 3, 1), D(2023, 3, 31))
    assert sorted(counts) == [("省交通运输厅窗口", 1, 0), ("省公安厅窗口", 3, 1),
                              ("省市场监管局窗口", 3, 2)]
    assert sorted(inbox.tally_counts(D(2023, 2, 1), D(2023, 4, 30))) == [
        ("省交通运输厅窗口", 2, 1), ("省公安厅窗口", 4, 2), ("省市场监管局窗口", 3, 2)]
    assert inbox.tally_counts(D(2023, 5, 1), D(2023, 5, 31)) == []


def _tally(db, capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    status = cli.main(["--db", str(db), "tally", *args])
    out, err = capsys.readouterr()
    return status, out, err


MARCH = ("--from", "2023-03-01", "--to", "2023-03-31")
EXPECTED = [["省市场监管局窗口", "3", "2", "66.7%"], ["省公安厅窗口", "3", "1", "33.3%"],
            ["省交通运输厅窗口", "1", "0", "0.0%"], ["合计", "7", "3", "42.9%"]]


def test_tally_on_screen_and_in_a_csv(month, tmp_path, capsys) -> None:  # noqa: ANN001
    db = month.location
    month.close()
    status, out, _ = _tally(db, capsys, *MARCH)
    assert status == 0
    assert [line.split("\t") for line in out.splitlines()] == [
        ["单位", "报送", "采用", "采用率"], *EXPECTED]
    target = tmp_path / "三月.csv"
    status, out, _ = _tally(db, capsys, *MARCH, "-o", str(target))
    assert status == 0 and "三月.csv" in out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # for Excel and WPS
    rows = [line.split(",") for line in data.decode("utf-8-sig").splitlines()]
    assert rows == [["单位", "报送", "采用", "采用率"], *EXPECTED]


def test_tally_as_an_xlsx_with_numbers(month, tmp_path, capsys) -> None:  # noqa: ANN001
    db = month.location
    month.close()
    target = tmp_path / "三月.xlsx"
    assert _tally(db, capsys, *MARCH, "-o", str(target))[0] == 0
    sheet = load_workbook(target).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "关于2023年3月政务服务信息报送采用情况的通报"
    assert rows[1] == ["单位", "报送", "采用", "采用率"]
    assert [row[:3] for row in rows[2:]] == [[r[0], int(r[1]), int(r[2])] for r in EXPECTED]
    assert [round(row[3], 4) for row in rows[2:]] == [0.6667, 0.3333, 0.0, 0.4286]
    assert {sheet.cell(r, 4).number_format for r in range(3, 7)} == {"0.0%"}
    # printed on A4 at the page's width, the header row on every page
    assert (sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == (9, 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$2:$2"


def test_tally_as_a_notice(month, tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    """The .docx is the 通报 that zwdesk.core.notice writes: what it is given."""
    calls = []
    notice = types.ModuleType("zwdesk.core.notice")
    notice.write_notice = lambda *args: calls.append(args)
    monkeypatch.setitem(sys.modules, "zwdesk.core.notice", notice)
    db = month.location
    month.close()
    target = tmp_path / "通报.docx"
    assert _tally(db, capsys, *MARCH, "-o", str(target))[0] == 0
    assert calls == [(target, "关于2023年3月政务服务信息报送采用情况的通报",
                      "2023年3月，共有3个单位报送信息7条，采用3条，采用率42.9%。",
                      ["单位", "报送", "采用", "采用率"], EXPECTED)]


def test_tally_refusals(month, tmp_path, capsys) -> None:  # noqa: ANN001
    db = month.location
    month.close()
    status, out, err = _tally(db, capsys, "-o", str(tmp_path / "表.txt"))
    assert status == 1 and "只能写成 .csv、.xlsx 或 .docx" in err and "表.txt" in err
    assert not (tmp_path / "表.txt").exists()
    status, out, err = _tally(db, capsys, "--from", "2023-04-01", "--to", "2023-03-01")
    assert status == 1 and "晚于" in err
    with pytest.raises(SystemExit):
        _tally(db, capsys, "--from", "2023-02-30")
    assert "日期不存在：2023-02-30" in capsys.readouterr().err


def test_tally_to_alone_is_its_month(month, capsys) -> None:  # noqa: ANN001
    """--to without --from: the month it falls in, not from the first of this month."""
    db = month.location
    month.close()
    alone = _tally(db, capsys, "--to", "2023年3月31日")
    both = _tally(db, capsys, "--from", "2023-03-01", "--to", "2023-03-31")
    assert alone == both and alone[0] == 0 and len(alone[1]) > 2


def test_tally_defaults_to_this_month(store, tmp_path, capsys) -> None:  # noqa: ANN001
    today = dt.date.today()
    _submit("本月单位", today, 2, "a")
    _submit("上月单位", today.replace(day=1) - dt.timedelta(days=1), 1, "b")
    db = store.location
    store.close()
    status, out, _ = _tally(db, capsys)
    assert status == 0
    assert out.splitlines()[1:] == ["本月单位\t2\t0\t0.0%", "合计\t2\t0\t0.0%"]
