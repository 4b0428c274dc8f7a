"""The 通报 of the submission tally: read back from the .docx, and rendered by LibreOffice."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zwdesk.core.docx_render import _inherited as inherited  # the basedOn chain
from zwdesk.core.notice import ISSUER, write_notice

TITLE = "关于2023年3月政务服务信息报送采用情况的通报"
SUMMARY = ("2023年3月，各单位共报送政务服务信息31条，《政务服务工作》采用15条，采用率48.4%。"
           "现将各单位报送采用情况通报如下。")
HEADER = ("单位", "报送", "采用", "采用率")
ROWS = [("省市场监管局窗口", "12", "8", "66.7%"), ("省公安厅出入境管理局窗口", "9", "5", "55.6%"),
        ("省医保局窗口", "7", "2", "28.6%"), ("中心办公室", "3", "0", "0.0%"),
        ("合计", "31", "15", "48.4%")]
DATE = dt.date(2023, 4, 3)


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "通报.docx"
    write_notice(path, TITLE, SUMMARY, HEADER, ROWS, date=DATE)
    return path


def test_title_summary_table_and_signature(notice: Path) -> None:
    document = docx.Document(str(notice))
    texts = [(p.text, p.style.name) for p in document.paragraphs]
    assert texts == [(TITLE, "通报标题"), (SUMMARY, "通报正文"), ("", "通报正文"),
                     (ISSUER, "通报落款"), ("2023年4月3日", "通报落款")]
    (table,) = document.tables
    assert table.style.name == "通报表格"
    assert [tuple(cell.text for cell in row.cells) for row in table.rows] == [HEADER, *ROWS]


def test_header_and_total_bold_numbers_centred_names_left(notice: Path) -> None:
    table = docx.Document(str(notice)).tables[0]
    styles = [[cell.paragraphs[0].style for cell in row.cells] for row in table.rows]
    assert {s.name for s in styles[0]} == {"通报表头"}
    assert {s.name for s in styles[-1]} == {"通报表格合计"}
    assert [s.name for s in styles[1]] == ["通报表格文字"] + ["通报表格数字"] * 3
    for style in (styles[0][0], styles[-1][0]):
        assert style.font.bold is True
    assert styles[1][0].font.bold is False
    align = [inherited(s, lambda s: s.paragraph_format.alignment) for s in styles[1]]
    assert align == [WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.CENTER] * 3
    signature = docx.Document(str(notice)).paragraphs[-1].style
    assert signature.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # the header row repeats on every page of a long table
    assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_a_last_row_that_is_not_a_total_is_not_bold(tmp_path: Path) -> None:
    path = tmp_path / "n.docx"
    write_notice(path, TITLE, SUMMARY, HEADER, ROWS[:2], date=DATE)
    last = docx.Document(str(path)).tables[0].rows[-1]
    assert last.cells[0].paragraphs[0].style.name == "通报表格文字"


def test_page_setup_fonts_and_page_numbers_of_the_bulletin_family(notice: Path) -> None:
    document = docx.Document(str(notice))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title = document.styles["通报标题"]
    assert title.font.name == "方正小标宋简体" and title.font.size.pt == 22
    assert document.styles["通报正文"].font.name == "仿宋_GB2312"
    footers = zipfile.ZipFile(notice).read("word/footer1.xml").decode()
    assert "PAGE" in footers


def test_rows_must_match_the_header(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_notice(tmp_path / "n.docx", TITLE, SUMMARY, HEADER, [("只有一格",)], date=DATE)
    assert not (tmp_path / "n.docx").exists()


def test_the_date_is_today_by_default(tmp_path: Path) -> None:
    path = tmp_path / "n.docx"
    write_notice(path, TITLE, SUMMARY, HEADER, ROWS)
    today = dt.date.today()
    assert docx.Document(str(path)).paragraphs[-1].text == (
        f"{today.year}年{today.month}月{today.day}日")


def lines_of(words: list[dict]) -> list[list[dict]]:
    lines: dict[int, list[dict]] = {}
    for word in words:
        lines.setdefault(round(word["top"]), []).append(word)
    return [sorted(line, key=lambda w: w["x0"]) for _top, line in sorted(lines.items())]


@pytest.mark.render
def test_the_notice_renders_on_one_page_with_every_cell(notice: Path, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from zwdesk.core.office import convert_to_pdf, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    convert_to_pdf(notice, tmp_path / "notice.pdf")
    with pdfplumber.open(tmp_path / "notice.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        flat = page.extract_text().replace(" ", "").replace("\n", "")
        lines = lines_of(page.extract_words())
    assert TITLE in flat and SUMMARY in flat
    texts = [[w["text"] for w in line] for line in lines]
    table = [texts.index(list(HEADER)) + n for n in range(len(ROWS) + 1)]
    assert [texts[i] for i in table] == [list(HEADER), *map(list, ROWS)]
    body = [lines[i] for i in table[1:-1]]
    assert len({round(line[0]["x0"]) for line in body}) == 1  # the units set left
    for column in (1, 2, 3):  # the numbers centred in their column
        cells = [lines[i][column] for i in table]
        centres = [(cell["x0"] + cell["x1"]) / 2 for cell in cells]
        assert max(centres) - min(centres) < 1.5
    issuer = next(line for line in lines if line[0]["text"] == ISSUER)
    date = next(line for line in lines if "".join(w["text"] for w in line) == "2023年4月3日")
    right_edge = float(page.width) - 1474 / 20 - 4 * 16  # the margin and four 3号 characters
    assert abs(issuer[-1]["x1"] - right_edge) < 3 and abs(date[-1]["x1"] - right_edge) < 3
    assert texts[-1] == ["—", "1", "—"]  # the page number, as in the bulletin
