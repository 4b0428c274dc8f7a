"""The Word 报送单: the blank form, and forms filled the way people fill them read back.

Each filled form starts from the blank form zwdesk writes, opened and edited with python-docx
as Word or WPS would leave it: prompts typed over or left, text typed beside a prompt, rows
added (Tab) and deleted, paragraphs pasted with line breaks and mixed formatting, tracked
changes, hyperlinks, fields.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from support.paths import DATA
from support.wordform import fill_fields, item_rows, open_form, type_into, type_over_prompt

from zwdesk.core import limits
from zwdesk.core.bulletin import compose
from zwdesk.core.docx_render import docx_bytes
from zwdesk.core.exchange import FormatError
from zwdesk.core.submission import Submission, SubmittedItem
from zwdesk.core.submission_form import (
    BLANK_ROWS,
    CONTENT_PROMPT,
    FIELDS,
    TITLE,
    read_form,
    write_blank_form,
)

PROMPT = dict(FIELDS)


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    path = tmp_path / "报送单.docx"
    write_blank_form(path)
    return path


def save(document, tmp_path: Path, name: str = "已填.docx") -> Path:  # noqa: ANN001
    path = tmp_path / name
    document.save(str(path))
    return path


def expected(*items: tuple[str, str], unit="省市场监管局窗口", author="王敏",  # noqa: ANN001
             phone="028-86000000", date=dt.date(2023, 3, 15)) -> Submission:
    return Submission(unit, author, phone, date,
                      tuple(SubmittedItem(text, topic) for text, topic in items))


# --- the blank form ------------------------------------------------------------------------------


def test_blank_form_has_title_field_labels_prompts_and_item_rows(blank: Path) -> None:
    document = open_form(blank)
    assert document.paragraphs[0].text == TITLE
    assert document.paragraphs[0].style.name == "报送单标题"
    fields = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert fields == [[label, prompt] for label, prompt in FIELDS]
    prompt_run = document.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert prompt_run.style.name == "报送单提示"
    assert prompt_run.style.font.color.rgb == docx.shared.RGBColor(0x80, 0x80, 0x80)
    items = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert items[0] == ["序号", "栏目（可不填）", "信息内容"]
    assert items[1:] == [["1", "", CONTENT_PROMPT], ["2", "", ""], ["3", "", ""]]
    assert len(items) == BLANK_ROWS + 1
    assert "Tab" in document.paragraphs[-1].text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.tables[0].style.name == "报送单表格"


def test_blank_form_paragraphs_carry_named_styles_only(blank: Path) -> None:
    xml = zipfile.ZipFile(blank).read("word/document.xml").decode()
    body = parse_xml(xml.encode())
    for p in body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        assert ppr is not None and ppr.find(qn("w:pStyle")) is not None
        assert [child.tag for child in ppr] == [qn("w:pStyle")]
    assert "footerReference" not in xml  # a form has no page numbers


def test_a_blank_form_returned_as_it_is_is_refused(blank: Path) -> None:
    with pytest.raises(FormatError) as caught:
        read_form(blank)
    assert caught.value.path == "报送单位" and "空的" in caught.value.problem
    assert str(blank) in str(caught.value)


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "form.docx"
    target.write_bytes(b"old")
    write_blank_form(target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["form.docx"]


# --- filled forms --------------------------------------------------------------------------------


def test_prompts_typed_over_and_items_typed_in(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    rows = item_rows(document)
    type_into(rows[0].cells[1], "厅（局）长进大厅")
    type_over_prompt(rows[0].cells[2], "3月14日，省市场监管局副局长到大厅调研。")
    type_into(rows[1].cells[2], "窗口办理营业执照120件。")
    assert read_form(save(document, tmp_path)) == expected(
        ("3月14日，省市场监管局副局长到大厅调研。", "厅（局）长进大厅"),
        ("窗口办理营业执照120件。", ""))


def test_prompts_left_are_empty_and_text_typed_beside_a_prompt_is_kept(
        blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document, author=None, phone=None)
    unit_cell = document.tables[0].rows[0].cells[1]
    unit_cell.paragraphs[0].runs[0].text = PROMPT["报送单位"]  # the prompt left …
    unit_cell.paragraphs[0].add_run("省医保局窗口")  # … and the unit typed after it
    first = item_rows(document)[0].cells[2]
    first.paragraphs[0].insert_paragraph_before("医保窗口办理业务300件。")  # prompt left below
    submission = read_form(save(document, tmp_path))
    assert submission == expected(("医保窗口办理业务300件。", ""), unit="省医保局窗口",
                                  author="", phone="")


def test_rows_added_with_tab_deleted_and_left_empty(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    table = document.tables[1]
    for _ in range(3):
        table.add_row()  # Tab in the last cell adds a row without a number
    rows = item_rows(document)
    type_over_prompt(rows[0].cells[2], "第一条。")
    table._tbl.remove(rows[1]._tr)  # the second row deleted
    type_into(rows[2].cells[2], "第三行的一条。")
    # rows[3] left empty
    type_into(rows[4].cells[1], "一网通办")
    type_into(rows[4].cells[2], "新增行里的一条。")
    assert read_form(save(document, tmp_path)) == expected(
        ("第一条。", ""), ("第三行的一条。", ""), ("新增行里的一条。", "一网通办"))


def test_more_items_than_rows(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    table = document.tables[1]
    while len(table.rows) < 13:
        table.add_row()
    for number, row in enumerate(item_rows(document), 1):
        row.cells[2].paragraphs[0].text = f"第{number}条信息。"
    submission = read_form(save(document, tmp_path))
    assert [item.text for item in submission.items] == [f"第{n}条信息。" for n in range(1, 13)]


def test_pasted_paragraphs_line_breaks_tabs_and_formatting(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    cell = item_rows(document)[0].cells[2]
    cell.paragraphs[0].text = ""  # the prompt deleted
    pasted = cell.paragraphs[0]
    numbered = pasted.add_run("一、\t3月15日，")  # a number and a tab from the source
    numbered.bold = True
    pasted.add_run("大厅开展“政务服务")
    broken = pasted.add_run("开放日”活动")
    broken.font.size, broken.italic = Pt(12), True
    broken.add_break()  # a line break pasted from a PDF
    pasted.add_run("，群众代表 30 人参加。")
    cell.add_paragraph("\u3000\u3000活动现场办理业务12件。")  # a second paragraph, indented
    assert read_form(save(document, tmp_path)).items == (SubmittedItem(
        "3月15日，大厅开展“政务服务开放日”活动，群众代表 30 人参加。活动现场办理业务12件。"),)


def test_numbered_items_typed_into_one_cell_are_items_each(blank: Path, tmp_path: Path) -> None:
    """1.… and 2.… typed into one row (a blank line between) are two 来稿; the (1)(2) of one
    item stay in it."""
    document = open_form(blank)
    fill_fields(document)
    rows = item_rows(document)
    first = rows[0].cells[2]
    type_over_prompt(first, "1.交易中心本周完成项目交易35个。")
    first.add_paragraph("")
    first.add_paragraph("2.开通不见面开标系统，")
    first.add_paragraph("远程开标12场。")  # the second item goes on in a paragraph of its own
    rows[0].cells[1].paragraphs[0].add_run("交易服务")
    second = rows[1].cells[2]
    second.paragraphs[0].add_run("三、优化服务，措施如下：")
    second.add_paragraph("（1）延长服务时间；")
    second.add_paragraph("（2）增设自助设备6台。")
    assert read_form(save(document, tmp_path)) == expected(
        ("交易中心本周完成项目交易35个。", "交易服务"),
        ("开通不见面开标系统，远程开标12场。", "交易服务"),
        ("优化服务，措施如下：（1）延长服务时间；（2）增设自助设备6台。", ""))


def tracked(kind: str, text: str) -> str:
    tag = "w:delText" if kind == "del" else "w:t"
    return (f'<w:{kind} {nsdecls("w")} w:id="{len(text)}" w:author="审稿人" '
            f'w:date="2023-03-15T10:00:00Z"><w:r><{tag} xml:space="preserve">{text}</{tag}>'
            f"</w:r></w:{kind}>")


def test_tracked_changes_read_as_accepted(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    paragraph = item_rows(document)[0].cells[2].paragraphs[0]
    paragraph.runs[0].text = "窗口办理"
    paragraph._p.append(parse_xml(tracked("del", "营业执照")))
    paragraph._p.append(parse_xml(tracked("ins", "食品经营许可证")))
    paragraph.add_run("45件。")
    unit = document.tables[0].rows[0].cells[1].paragraphs[0]
    unit._p.append(parse_xml(tracked("ins", "（驻厅）")))
    submission = read_form(save(document, tmp_path))
    assert submission.items == (SubmittedItem("窗口办理食品经营许可证45件。"),)
    assert submission.unit == "省市场监管局窗口（驻厅）"


def test_a_row_deleted_with_changes_tracked_is_gone(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    rows = item_rows(document)
    type_over_prompt(rows[0].cells[2], "留下的一条。")
    type_into(rows[1].cells[2], "删去的一条。")
    rows[1]._tr.get_or_add_trPr().append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="9" w:author="审稿人" w:date="2023-03-15T10:00:00Z"/>'))
    assert read_form(save(document, tmp_path)).items == (SubmittedItem("留下的一条。"),)


def test_hyperlinks_and_fields_read_as_shown(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document, date=None)
    paragraph = item_rows(document)[0].cells[2].paragraphs[0]
    paragraph.runs[0].text = "详见"
    rid = document.part.relate_to("http://www.sczwfw.gov.cn/", RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>四川政务服务网</w:t></w:r>'
        "</w:hyperlink>"))
    paragraph.add_run("。")
    date = document.tables[0].rows[3].cells[1].paragraphs[0]
    date.runs[0].text = ""
    # a date field: its code is not text, its result is
    date._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    date._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> DATE '
                             '\\@ "yyyy年M月d日" </w:instrText></w:r>'))
    date._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    date._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>2023年3月16日</w:t></w:r>'))
    date._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    submission = read_form(save(document, tmp_path))
    assert submission.items == (SubmittedItem("详见四川政务服务网。"),)
    assert submission.date == dt.date(2023, 3, 16)


def test_content_controls_around_a_value_are_read(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document, author=None)
    paragraph = document.tables[0].rows[1].cells[1].paragraphs[0]
    paragraph.runs[0].text = ""
    paragraph._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r>'
        "<w:t>李华</w:t></w:r></w:sdtContent></w:sdt>"))
    type_over_prompt(item_rows(document)[0].cells[2], "一条。")
    assert read_form(save(document, tmp_path)).author == "李华"


def test_labels_typed_with_the_value(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document, unit="单位：省公安厅出入境窗口", phone=None)
    phone_row = document.tables[0].rows[2]
    phone_row.cells[0].paragraphs[0].runs[0].text = "联系电话：０２８－８６００１２３４"
    author_row = document.tables[0].rows[1]
    author_row.cells[0].paragraphs[0].runs[0].text = "撰 稿 人\u3000王敏、李华"
    author_row.cells[1].paragraphs[0].runs[0].text = ""
    type_over_prompt(item_rows(document)[0].cells[2], "出入境窗口办证80件。")
    submission = read_form(save(document, tmp_path))
    assert (submission.unit, submission.phone) == ("省公安厅出入境窗口", "028-86001234")
    assert submission.author == "王敏、李华"


def test_rows_inserted_and_tables_joined_fields_found_by_label(
        blank: Path, tmp_path: Path) -> None:
    """A row inserted above 报送单位, the rows reordered, and the paragraph between the tables
    deleted (Word then joins the two tables into one)."""
    document = open_form(blank)
    fill_fields(document)
    fields, items = document.tables
    extra = copy.deepcopy(fields.rows[0]._tr)
    fields._tbl.insert(fields._tbl.index(fields.rows[0]._tr), extra)
    fields.rows[0].cells[0].paragraphs[0].runs[0].text = "备注"
    fields.rows[0].cells[1].paragraphs[0].runs[0].text = "请尽快采用"
    fields._tbl.append(fields.rows[1]._tr)  # 报送单位 moved to the end
    type_over_prompt(items.rows[1].cells[2], "一条。")
    between = fields._tbl.getnext()
    between.getparent().remove(between)
    for row in list(items._tbl.iter(qn("w:tr"))):
        fields._tbl.append(row)
    items._tbl.getparent().remove(items._tbl)
    assert read_form(save(document, tmp_path)) == expected(("一条。", ""))


def test_a_topic_merged_over_several_rows_is_each_items_topic(
        blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    document.tables[1].add_row()
    rows = item_rows(document)
    type_into(rows[0].cells[1], "厅（局）长进大厅")
    rows[0].cells[1].merge(rows[1].cells[1])  # one 栏目 cell over the first two items
    type_over_prompt(rows[0].cells[2], "第一条。")
    type_into(rows[1].cells[2], "第二条。")
    type_into(rows[3].cells[2], "第三条。")
    xml = document.tables[1]._tbl.xml
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert read_form(save(document, tmp_path)).items == (
        SubmittedItem("第一条。", "厅（局）长进大厅"),
        SubmittedItem("第二条。", "厅（局）长进大厅"),
        SubmittedItem("第三条。"))


def test_a_prompt_half_deleted_is_still_no_content(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    unit = document.tables[0].rows[0].cells[1].paragraphs[0]
    unit.runs[0].text = "请填写单位名称）省税务局窗口"  # the first bracket deleted
    type_over_prompt(item_rows(document)[0].cells[2], "一条。")
    assert read_form(save(document, tmp_path)).unit == "省税务局窗口"


@pytest.mark.parametrize(("typed", "unit", "text", "date"), [
    # clicked into the grey prompt and typed there: the prompt's pieces are no content
    ("（请填写单位省档案馆窗口名称）", "省档案馆窗口", "（请填写一条档案信息。信息）",
     "2023年3月15日"),
    # the prompt selected but its closing bracket, typed over
    ("省自然资源厅窗口）", "省自然资源厅窗口", "（请填写一条信息档案馆开放查阅。）",
     "2023年3月15日"),
    # a name with brackets of its own, and the example date in the prompt changed
    ("省政务服务中心（省公共资源交易中心）", "省政务服务中心（省公共资源交易中心）",
     "档案信息。", "（请填写日期，如2023年3月16日）"),
])
def test_text_typed_into_a_prompt(blank: Path, tmp_path: Path, typed: str, unit: str,
                                  text: str, date: str) -> None:
    document = open_form(blank)
    fill_fields(document, date=date)
    document.tables[0].rows[0].cells[1].paragraphs[0].runs[0].text = typed
    item_rows(document)[0].cells[2].paragraphs[0].runs[0].text = text
    submission = read_form(save(document, tmp_path))
    assert submission.unit == unit
    assert [item.text for item in submission.items] == [
        "档案信息。" if "档案信息" in text else "档案馆开放查阅。"]
    assert submission.date == dt.date(2023, 3, 16 if "16" in date else 15)


@pytest.mark.parametrize("typed", [
    "2023-03-15", "2023年3月15日", "2023.3.15", "2023/3/15", "2023 年 3 月 15 日",
    "２０２３年３月１５日", "２０２３－０３－１５", "20230315", "二〇二三年三月十五日",
    "2023年03月15日（星期三）",
])
def test_dates_as_people_type_them(blank: Path, tmp_path: Path, typed: str) -> None:
    document = open_form(blank)
    fill_fields(document, date=typed)
    type_over_prompt(item_rows(document)[0].cells[2], "一条。")
    assert read_form(save(document, tmp_path)).date == dt.date(2023, 3, 15)


@pytest.mark.parametrize(("typed", "words"), [
    ("3月15日", "缺少年份"), ("2023年2月30日", "日期不存在"), ("下周一", "无法识别"),
    (None, "缺少日期"),
])
def test_dates_refused(blank: Path, tmp_path: Path, typed: str | None, words: str) -> None:
    document = open_form(blank)
    fill_fields(document, date=typed)
    type_over_prompt(item_rows(document)[0].cells[2], "一条。")
    with pytest.raises(FormatError) as caught:
        read_form(save(document, tmp_path))
    assert caught.value.path == "报送日期" and words in caught.value.problem


def test_unit_missing_is_refused_naming_the_field(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document, unit=None)
    type_over_prompt(item_rows(document)[0].cells[2], "一条。")
    path = save(document, tmp_path)
    with pytest.raises(FormatError) as caught:
        read_form(path)
    assert caught.value.path == "报送单位" and caught.value.source == str(path)


def test_a_topic_without_text_names_the_item(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    rows = item_rows(document)
    type_over_prompt(rows[0].cells[2], "一条。")
    type_into(rows[1].cells[1], "一网通办")
    with pytest.raises(FormatError) as caught:
        read_form(save(document, tmp_path))
    assert caught.value.path == "第2条信息" and "不能为空" in caught.value.problem


def test_no_items_is_refused(blank: Path, tmp_path: Path) -> None:
    document = open_form(blank)
    fill_fields(document)
    with pytest.raises(FormatError) as caught:
        read_form(save(document, tmp_path))
    assert caught.value.path == "信息条目"


def test_a_bulletin_given_by_mistake(sample_issue: dict, tmp_path: Path) -> None:
    path = tmp_path / "简报.docx"
    path.write_bytes(docx_bytes(compose(sample_issue)))
    with pytest.raises(FormatError) as caught:
        read_form(path)
    assert "不是报送单" in caught.value.problem and str(path) in str(caught.value)


@pytest.mark.parametrize(("content", "words"), [
    (b"PK\x03\x04 not really a zip", "损坏"),
    (b"", "文件为空"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Word"),
])
def test_damaged_files_are_refused(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "坏文件.docx"
    path.write_bytes(content)
    with pytest.raises(FormatError) as caught:
        read_form(path)
    assert words in caught.value.problem and caught.value.source == str(path)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "大文件.docx"
    with path.open("wb") as file:
        file.truncate(limits.MAX_FILE_BYTES + 1)
    with pytest.raises(FormatError) as caught:
        read_form(path)
    assert "文件过大" in caught.value.problem


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "表格.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(FormatError, match="不是 Word 文档"):
        read_form(path)


# --- saved by an office suite --------------------------------------------------------------------


def filled_for_office(blank: Path, tmp_path: Path) -> Path:
    document = open_form(blank)
    fill_fields(document)
    rows = item_rows(document)
    type_into(rows[0].cells[1], "厅（局）长进大厅")
    type_over_prompt(rows[0].cells[2], "3月14日，副局长到大厅调研。")
    rows[0].cells[2].add_paragraph("调研组察看了企业开办专区。")
    type_into(rows[2].cells[2], "窗口办理营业执照120件。")
    return save(document, tmp_path, "filled.docx")


OFFICE_EXPECTED = expected(
    ("3月14日，副局长到大厅调研。调研组察看了企业开办专区。", "厅（局）长进大厅"),
    ("窗口办理营业执照120件。", ""))


@pytest.mark.render
@pytest.mark.parametrize("fmt", ["docx", "doc"])
def test_a_form_saved_by_libreoffice_reads_the_same(blank: Path, tmp_path: Path,
                                                   fmt: str) -> None:
    from zwdesk.core import office

    if office.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    filled = filled_for_office(blank, tmp_path)
    out = tmp_path / "saved"
    out.mkdir()
    saved = office.convert_batch_with_libreoffice([filled], out, fmt)[filled]
    assert isinstance(saved, Path) and saved.suffix == f".{fmt}"
    assert read_form(saved) == OFFICE_EXPECTED


@pytest.mark.render
def test_the_blank_form_renders_on_one_page(blank: Path, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from zwdesk.core.office import convert_to_pdf, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    convert_to_pdf(blank, tmp_path / "form.pdf")
    with pdfplumber.open(tmp_path / "form.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        text = page.extract_text().replace(" ", "")
        chars = [c for c in page.chars if c["text"].strip()]
    for label, prompt in FIELDS:
        assert label in text and prompt.replace(" ", "") in text
    assert TITLE in text and "信息内容" in text and "栏目（可不填）" in text
    shown = "".join(c["text"] for c in chars)

    def colours(word: str) -> set:
        start = shown.index(word)
        return {tuple(round(v, 3) for v in c["non_stroking_color"])
                for c in chars[start:start + len(word)]}

    grey, black = (round(0x80 / 255, 3),) * 3, (0.0,) * 3
    assert {c for _label, prompt in FIELDS for c in colours(prompt)} == {grey}
    assert colours(TITLE) | {c for label, _prompt in FIELDS for c in colours(label)} == {black}


# --- telling a 报送单 from an issue (a file dropped on the main window) -----------------------


def test_a_form_is_told_from_an_issue_by_its_text(blank: Path, tmp_path: Path) -> None:
    from zwdesk.core.submission_form import looks_like_form

    document = open_form(blank)
    fill_fields(document)
    document.paragraphs[0].text = ""  # the title deleted: the labels still say it
    filled = save(document, tmp_path)
    data = DATA
    assert looks_like_form(blank) and looks_like_form(filled)
    assert not looks_like_form(data / "2023-09-plain.docx")
    assert not looks_like_form(data / "2023-09.doc")
    assert not looks_like_form(tmp_path / "没有的.docx")


@pytest.mark.render
def test_a_form_saved_as_doc_is_told_from_an_issue(blank: Path, tmp_path: Path) -> None:
    from zwdesk.core import office
    from zwdesk.core.submission_form import looks_like_form

    if office.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "doc").mkdir()
    saved = office.convert_batch_with_libreoffice([blank], tmp_path / "doc", "doc")[blank]
    assert saved.suffix == ".doc" and looks_like_form(saved)
