"""The reader on hand-made Word files: the same bulletin written the ways Word and WPS write
it (tests/handmade.py), small wording differences, what is kept as text, and refusals."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from support.builders import (
    department_block,
    items_block,
    leaf,
    make_issue,
    random_issue,
    sample_data,
    text_block,
    window_block,
)
from support.handmade import COMMENT_TEXT, Options, handmade_docx, package, paragraphs_docx
from support.hostile import ole2_file
from support.reader_expect import as_read

from zwdesk.core import exchange
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.reader import ReaderError, convert_to_docx_many, read_document, read_docx_bytes
from zwdesk.core.reader.autonumber import Numbering
from zwdesk.core.reader.package import OLE2_MAGIC
from zwdesk.core.reader.paragraphs import join_breaks

SINGLE_OPTIONS = {
    "direct formatting, split runs": Options(),
    "full-width indents": Options(split_runs=False, indent=True),
    "automatic numbering": Options(autonumber=True),
    "报头 in a table": Options(masthead="table"),
    "报头 in a text box": Options(masthead="textbox"),
    "版记 as bordered paragraphs": Options(distribution="borders"),
    "版记 in a text box": Options(distribution="textbox"),
    "date as a field": Options(date_field=True, masthead="table"),
    "soft line breaks": Options(soft_breaks=True),
    "empty paragraphs and page breaks": Options(empty_paragraphs=True),
    "tracked changes": Options(tracked_changes=True),
    "comments": Options(comment=True),
}


def parsed(data: dict) -> dict:
    return exchange.parse_issue(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("name", SINGLE_OPTIONS)
def test_each_way_of_writing_reads_the_same(name: str) -> None:
    for seed in range(8):
        issue = parsed(random_issue(seed) if seed else sample_data())
        options = dataclasses.replace(SINGLE_OPTIONS[name], seed=seed)
        data, _ = handmade_docx(issue, options)
        result = read_docx_bytes(data, f"{name}.docx")
        assert result.issue == as_read(issue), (name, seed)
        assert result.kept_as_text == [] and result.warnings == []


@pytest.mark.parametrize("chunk", range(4))
def test_random_combinations_read_the_same(chunk: int) -> None:
    for seed in range(chunk * 40, chunk * 40 + 40):
        issue = parsed(random_issue(1000 + seed))
        options = Options.random(seed)
        data, commented = handmade_docx(issue, options)
        result = read_docx_bytes(data, "组合.docx")
        assert result.issue == as_read(issue), options
        assert result.kept_as_text == [] and result.warnings == [], options
        if commented is not None:
            assert [comment for _, comment in result.comments] == [COMMENT_TEXT]
            assert commented in result.comments[0][0]


# --- wording ----------------------------------------------------------------------------------

MASTHEAD = ["政务服务工作", "2024年第3期（总第450期）",
            "四川省政府政务服务和公共资源交易服务中心\t2024年1月22日", "（1月15日—1月19日）"]
DISTRIBUTION = ["报：中心领导。", "送：各相关省级部门（单位）。", "发：各部门窗口。",
                "（共印90份）"]


def read_paragraphs(*body: str, masthead: list[str] = MASTHEAD) -> object:
    return read_docx_bytes(paragraphs_docx([*masthead, *body, *DISTRIBUTION]), "手写.docx")


def first_block(*body: str) -> dict:
    return read_paragraphs("一、情况", *body).issue["sections"][0]["block"]


def test_window_stats_as_hand_typed() -> None:
    typed = ("本周，咨询815人次，受理1,168件，颁发１１８５件，流转1682件；今年以来，咨询4281人次、"
             "受理1545件、颁发11620件、流转29266件")
    assert first_block(typed) == window_block((815, 1168, 1185, 1682), (4281, 1545, 11620, 29266))


def test_department_list_as_hand_typed() -> None:
    typed = ("目前，尚未授权无差别综合窗口的省级部门（单位）共3个，分别是：科技厅，民政厅、"
             "成都海关。")
    assert first_block(typed) == department_block(["科技厅", "民政厅", "成都海关"])


def test_a_count_that_contradicts_the_list_is_reported() -> None:
    result = read_paragraphs("一、情况",
                             "目前，未授权无差别综合窗口的省级部门（单位）有7个：科技厅、民政厅。")
    assert result.issue["sections"][0]["block"]["departments"] == ["科技厅", "民政厅"]
    assert any("写明有7个" in w and "2个" in w for w in result.warnings)


def test_platform_stats_with_and_without_other_categories() -> None:
    block = first_block("据四川一体化政务服务平台数据统计，2024年1月1日至2024年1月19日，"
                        "省本级行政许可事项受理10件，办结9件；公共服务事项受理8件，办结7件。")
    assert block["kind"] == "platform_stats" and block["other"]["categories"] == 0
    assert block["licensing"] == {"accepted": 10, "completed": 9}


def test_unplaceable_paragraphs_are_kept_as_text_where_they_stood() -> None:
    typed = ["本周主要做了以下工作：", "1.召开专班会。", "2.开展培训。"]
    result = read_paragraphs("一、推进情况", *typed, "二、其他", "（一）小标题", "一段文字。")
    first = result.issue["sections"][0]
    assert first["block"] == text_block(typed)
    assert "本周主要做了以下工作：" in result.kept_as_text
    assert result.issue["sections"][1]["subsections"][0]["block"] == text_block(["一段文字。"])
    assert result.warnings


def test_unknown_masthead_lines_are_kept() -> None:
    result = read_paragraphs("一、情况", "一段文字。", masthead=["内部资料　注意保存", *MASTHEAD])
    assert "内部资料　注意保存" in result.kept_as_text
    assert result.issue["sections"][0]["block"]["paragraphs"][0] == "内部资料　注意保存"


def test_unknown_masthead_lines_do_not_make_a_typed_first_block_text() -> None:
    result = read_paragraphs("一、情况", "1.一条。", masthead=["内部资料　注意保存", *MASTHEAD])
    assert result.issue["sections"][0]["block"] == items_block(["一条。"])
    assert result.kept_as_text == ["内部资料　注意保存"]
    assert any("内部资料　注意保存" in w and "未放入" in w for w in result.warnings)


def test_a_date_in_chinese_numerals() -> None:
    masthead = [*MASTHEAD[:2], "四川省政务服务中心\t二〇二四年一月二十二日", MASTHEAD[3]]
    result = read_paragraphs("一、情况", "1.一条。", masthead=masthead)
    assert result.issue["issue_date"].isoformat() == "2024-01-22"
    assert result.issue["editor"] == "四川省政务服务中心"
    assert result.warnings == [] and result.kept_as_text == []


def test_an_unreadable_date_keeps_the_organisation() -> None:
    masthead = [*MASTHEAD[:2], "四川省政务服务中心\t2024年1月32日", MASTHEAD[3]]
    result = read_paragraphs("一、情况", "1.一条。", masthead=masthead)
    assert result.issue["editor"] == "四川省政务服务中心"
    assert result.issue["issue_date"].isoformat() == "2024-01-01"
    assert result.issue["sections"][0]["block"] == items_block(["一条。"])
    assert any("印发日期" in w for w in result.warnings) and result.kept_as_text == []


def test_a_week_in_december_read_in_january_is_last_years() -> None:
    masthead = [*MASTHEAD[:2], "中心\t2024年1月3日", "（12月25日—12月29日）"]
    result = read_paragraphs("一、情况", "文字。", masthead=masthead)
    period = result.issue["period"]
    assert (period["start"].isoformat(), period["end"].isoformat()) == ("2023-12-25", "2023-12-29")


def test_numbers_typed_out_of_a_section_are_not_headings() -> None:
    result = read_paragraphs("一、情况", "1.5万人次参与，同比增长。", "五一、十一期间照常办公。")
    assert result.issue["sections"][0]["block"]["kind"] == "text"
    assert len(result.issue["sections"]) == 1


def test_a_heading_numbered_one_off_is_still_a_heading() -> None:
    result = read_paragraphs("一、情况", "文字。", "二、进展", "文字。", "二、巡查",
                             "一、二季度计划", "文字。")
    titles = [section["title"] for section in result.issue["sections"]]
    assert titles == ["情况", "进展", "巡查"]
    assert result.issue["sections"][2]["block"]["paragraphs"] == ["一、二季度计划", "文字。"]


def test_soft_breaks_join() -> None:
    assert join_breaks("受理\n168件") == "受理168件"
    assert join_breaks("RB/T214\n2017 and\n more") == "RB/T214 2017 and more"


# --- automatic numbering ------------------------------------------------------------------------


def numbering(xml: str) -> Numbering:
    from lxml import etree
    from support.handmade import NS

    return Numbering(etree.fromstring(f"<w:numbering {NS}>{xml}</w:numbering>"))


def level(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/>{extra}</w:lvl>')


def test_numbering_levels_restart_and_continue() -> None:
    n = numbering(
        f'<w:abstractNum w:abstractNumId="1">{level(0, "chineseCounting", "%1、")}'
        f'{level(1, "chineseCounting", "（%2）")}{level(2, "decimal", "%1.%3")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="5"/></w:lvlOverride></w:num>')
    shown = [n.label(num, lvl) for num, lvl in
             [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 0), ("1", 1), ("2", 0), ("3", 0),
              ("9", 0)]]
    assert shown == ["一、", "（一）", "（二）", "一.1", "二、", "（一）", "三、", "五、", ""]


def test_numbering_lvl_restart_zero_never_restarts() -> None:
    never = '<w:lvlRestart w:val="0"/>'
    n = numbering(
        f'<w:abstractNum w:abstractNumId="1">{level(0, "decimal", "%1.")}'
        f'{level(1, "decimal", "%2)", never)}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    assert [n.label("1", lvl) for lvl in (0, 1, 0, 1)] == ["1.", "1)", "2.", "2)"]


def test_numbering_in_a_heading_style() -> None:
    from support.handmade import NS

    styles = (f'<w:styles {NS}><w:style w:type="paragraph" w:styleId="H1">'
              '<w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
              '</w:pPr></w:style></w:styles>')
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in MASTHEAD)
    body += '<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>'
    body += "<w:p><w:r><w:t>文字。</w:t></w:r></w:p>"
    body += "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in DISTRIBUTION)
    data = package(body, f'<w:abstractNum w:abstractNumId="1">{level(0, "chineseCounting", "%1、")}'
                   '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    import io
    import zipfile

    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as z:
        z.writestr("word/styles.xml", styles)
    result = read_docx_bytes(buffer.getvalue(), "样式编号.docx")
    assert result.issue["sections"][0]["title"] == "标题"


# --- refusals ---------------------------------------------------------------------------------


def test_a_document_that_is_not_a_bulletin_is_refused() -> None:
    with pytest.raises(ReaderError, match="不像一期简报：没有找到报头（没有期号行") as caught:
        read_docx_bytes(paragraphs_docx(["会议通知", "请各单位按时参会。"]), "通知.docx")
    assert "通知.docx" in str(caught.value) and isinstance(caught.value, ZwdeskError)


def test_a_masthead_without_sections_is_refused() -> None:
    with pytest.raises(ReaderError, match="一级标题"):
        read_docx_bytes(paragraphs_docx(MASTHEAD), "空.docx")


@pytest.mark.parametrize(("data", "cause"), [
    (b"PK\x03\x04 not really a zip", "已损坏"),
    (b"", "为空"),
    (ole2_file(["EncryptionInfo", "EncryptedPackage"]), "已加密"),
    (ole2_file(["WordDocument", "1Table"]), "旧版 Word 格式"),
    (package("<w:p><w:r><w:t>未闭合</w:p>"), "已损坏"),
])
def test_damaged_and_encrypted_files_are_refused(data: bytes, cause: str) -> None:
    with pytest.raises(ReaderError, match=cause):
        read_docx_bytes(data, "坏.docx")


def test_a_doc_without_an_office_suite_is_refused(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.core import office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    monkeypatch.setattr(office, "find_converter", lambda: None)
    doc = tmp_path / "旧.doc"
    doc.write_bytes(OLE2_MAGIC + b"\0" * 100)
    with pytest.raises(ReaderError, match="没有找到可用的办公软件") as caught:
        read_document(doc)
    assert "旧.doc" in str(caught.value)


def test_unsupported_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="不支持的文件类型"):
        read_document(tmp_path / "a.txt")
    with pytest.raises(ReaderError, match="不存在"):
        read_document(tmp_path / "无.docx")


@pytest.mark.skipif(__import__("zwdesk.core.office", fromlist=["x"]).find_soffice() is None,
                    reason="LibreOffice not installed")
def test_doc_files_convert_in_one_run(tmp_path: Path) -> None:
    from zwdesk.core.office import convert_batch_with_libreoffice
    from zwdesk.operations import write_bulletin

    sources = []
    for number in (1, 2):
        issue = parsed(make_issue(number=number, sections=[leaf("情况", items_block(["一条。"]))]))
        write_bulletin(issue, tmp_path / f"{number}.docx")
        sources.append(tmp_path / f"{number}.docx")
    docs = convert_batch_with_libreoffice(sources, tmp_path, "doc")
    out = tmp_path / "out"
    out.mkdir()
    missing = tmp_path / "无.doc"
    results = convert_to_docx_many([*docs.values(), missing], out)
    assert isinstance(results[missing], ReaderError) and "无.doc" in str(results[missing])
    for number, doc in enumerate(docs.values(), start=1):
        assert read_document(results[doc]).issue["number"] == number
        assert read_document(doc).issue["number"] == number


def test_garbage_named_doc_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "坏.doc"
    broken.write_bytes(b"\0garbage" * 10)
    with pytest.raises(ReaderError, match="坏.doc"):
        read_document(broken)


# --- stray paragraphs (a hard return inside a finding or an item, a closing line) ------------

CHECKS = ["（一）按时到岗情况。总体情况良好。", "（二）大厅防控情况。大厅人员管控到位，"]


def test_a_finding_split_by_a_hard_return_is_joined() -> None:
    result = read_paragraphs("一、大厅巡查情况", *CHECKS, "物业消杀落实到位。")
    assert result.issue["sections"][0]["block"]["checks"] == [
        {"title": "按时到岗情况", "finding": "总体情况良好。"},
        {"title": "大厅防控情况", "finding": "大厅人员管控到位，物业消杀落实到位。"}]
    assert any("第（二）项的巡查情况分两段，已合并" in w for w in result.warnings)
    assert result.kept_as_text == []


def test_a_closing_line_after_the_checks_is_no_check_of_its_own() -> None:
    result = read_paragraphs("一、大厅巡查情况", CHECKS[0], "本周巡查共发现问题0个。")
    [check] = result.issue["sections"][0]["block"]["checks"]
    assert check == {"title": "按时到岗情况", "finding": "总体情况良好。本周巡查共发现问题0个。"}
    assert any("本周巡查共发现问题0个。" in w for w in result.warnings)


def test_a_check_title_may_end_with_a_colon() -> None:
    result = read_paragraphs("一、大厅巡查情况", "（一）着装情况：总体情况良好。", CHECKS[0])
    checks = result.issue["sections"][0]["block"]["checks"]
    assert checks[0] == {"title": "着装情况", "finding": "总体情况良好。"}
    assert result.warnings == []


def test_a_paragraph_wholly_in_the_run_in_style_is_read_by_its_wording() -> None:
    from zwdesk.core.kinds.inspection import read_check
    from zwdesk.core.para import INSPECTION
    from zwdesk.core.reader.paragraphs import Line

    def whole(text: str) -> Line:
        return Line(text, INSPECTION, run_in=len(text))

    expected = {"title": "大厅防控情况", "finding": "大厅人员管控到位，"}
    assert read_check(whole(CHECKS[1])) == expected
    assert read_check(whole("物业消杀落实到位。")) is None
    assert read_check(whole("（三）着装情况：良好。")) == {"title": "着装情况", "finding": "良好。"}


def test_an_item_split_by_a_hard_return_is_joined() -> None:
    result = read_paragraphs("一、推进情况", "1.召开专班会，", "明确责任分工。", "2.开展培训。",
                             "（以上工作由专班负责）")
    assert result.issue["sections"][0]["block"] == items_block(
        ["召开专班会，明确责任分工。", "2.开展培训。（以上工作由专班负责）"[2:]])
    assert len([w for w in result.warnings if "续段合并" in w]) == 2
    assert result.kept_as_text == []


def test_items_numbered_out_of_sequence_are_items() -> None:
    result = read_paragraphs("一、推进情况", "1.一。", "2.二。", "3.新增。", "3.三。", "4.四。")
    assert result.issue["sections"][0]["block"] == items_block(["一。", "二。", "新增。", "三。",
                                                                "四。"])
    assert any("1、2、3、3、4" in w and "不连续" in w for w in result.warnings)


# --- a document is a bulletin only if it opens with a 报头 -------------------------------------


def refusal(paragraphs: list[str]) -> str:
    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(paragraphs_docx(paragraphs), "指南.docx")
    assert caught.value.cause.startswith("不像一期简报：没有找到报头（")
    return caught.value.cause


def test_a_guide_quoting_an_issue_is_no_bulletin() -> None:
    from support.hostile import guide_docx

    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(guide_docx(), "指南.docx")
    assert caught.value.cause.startswith("不像一期简报：没有找到报头（文件开头没有单独成行的期号")
    assert "“2023年第10期（总第430期）”只出现在正文的“（本文参考了《政务服务" \
        in caught.value.cause


def test_an_issue_line_quoted_on_its_own_below_the_text_is_no_masthead() -> None:
    cause = refusal(["简报编写指南", "本文介绍如何编写简报。", "政务服务工作",
                     "2023年第10期（总第430期）", "中心\t2023年3月21日", "一、情况", "文字。"])
    assert "只出现在正文" in cause


def test_what_the_masthead_lacks_is_named() -> None:
    assert "没有期号行" in refusal(["会议纪要", "一、情况", "文字。"])
    no_date = refusal(["政务服务工作", "2024年第3期（总第450期）", "一、情况", "文字。"])
    assert "期号行之下没有编印单位和印发日期" in no_date and "没有刊名" not in no_date
    no_name = refusal(["2024年第3期（总第450期）", "四川省政务服务中心\t2024年1月22日",
                       "一、情况", "文字。"])
    assert "期号行之上没有刊名" in no_name and "没有编印单位" not in no_name


def test_masthead_layouts_that_stay_readable() -> None:
    layouts = [
        ["政务服务工作 2024年第3期（总第450期）", "四川省政务服务中心 2024年1月22日"],  # one line
        ["内部资料", "注意保存", "政务服务工作", "2024年第3期（总第450期）",
         "四川省政务服务中心", "2024年1月22日"],  # the organisation above its date
        ["政务服务工作", "2024年第３期（总第450期）", "（1月15日—1月19日）",
         "四川省政务服务中心\t二〇二四年一月二十二日"],  # the period before the date
    ]
    for masthead in layouts:
        result = read_paragraphs("一、情况", "1.一条。", masthead=masthead)
        assert (result.issue["publication"], result.issue["serial"]) == ("政务服务工作", 450), \
            masthead
        assert result.issue["editor"] == "四川省政务服务中心", masthead


@pytest.mark.parametrize(("body", "place"), [
    (["一、情况", "1.一条。", "2.", "3.三条。"], "“一、情况 / 第2条”只有编号“2.”"),
    (["一、情况", "（一）小标题", "1.一条。", "2."],
     "“一、情况 / （一）小标题 / 第2条”只有编号“2.”"),
    (["一、情况", "（一）", "文字。", "（二）小标题", "文字。"], "的标题只有编号“（一）”"),
    (["一、", "文字。"], "“第一部分”的标题只有编号“一、”"),
])
def test_a_number_without_text_is_refused_naming_its_place(body: list[str], place: str) -> None:
    with pytest.raises(ReaderError) as caught:
        read_paragraphs(*body)
    assert place in caught.value.cause and "没有内容" in caught.value.cause
