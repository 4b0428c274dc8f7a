"""The Word export: page setup, footers and styles of the template, and the text as printed."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support.seed import seed_body, seed_text

from zwdesk.core.bulletin import compose
from zwdesk.core.docx_render import TemplateError, docx_bytes, render_docx
from zwdesk.core.errors import FileWriteError
from zwdesk.paths import resource_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "wp": WP}
EM_DASH = "\u2014"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# --- reading the package back --------------------------------------------------------------


class Package:
    """The XML parts of an exported .docx."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def style(self, name: str) -> etree._Element:
        found = self.styles.xpath("w:style[w:name/@w:val=$n]", namespaces=NS, n=name)
        assert found, f"style {name} missing"
        return found[0]

    def style_prop(self, name: str, path: str) -> etree._Element | None:
        """The first match of ``path`` in the style or, failing that, in its basedOn chain."""
        style = self.style(name)
        while style is not None:
            hits = style.xpath(path, namespaces=NS)
            if hits:
                return hits[0]
            based = style.find("w:basedOn", NS)
            style = (None if based is None else
                     self.styles.xpath("w:style[@w:styleId=$i]", namespaces=NS,
                                       i=based.get(w("val")))[0])
        return None

    def style_names_by_id(self) -> dict[str, str]:
        return {s.get(w("styleId")): s.find("w:name", NS).get(w("val"))
                for s in self.styles.findall("w:style", NS)}

    def footer(self, kind: str) -> etree._Element:
        ref = self.document.xpath(f"//w:sectPr/w:footerReference[@w:type='{kind}']",
                                  namespaces=NS)[0]
        rels = self.xml("word/_rels/document.xml.rels")
        target = rels.xpath("//*[@Id=$i]/@Target", i=ref.get(f"{{{R}}}id"))[0]
        return self.xml(f"word/{target}")


def own_text(p: etree._Element) -> str:
    """A paragraph's text (tabs as \\t), without that of text boxes anchored in it."""
    parts = []
    for run in p.findall("w:r", NS):
        for child in run:
            if child.tag == w("t"):
                parts.append(child.text or "")
            elif child.tag == w("tab"):
                parts.append("\t")
            elif child.tag == w("br"):
                parts.append("\n")
    return "".join(parts)


def paragraphs(pkg: Package) -> list[tuple[str, str]]:
    """(style name, text) of every non-empty paragraph in document order, text boxes included."""
    names = pkg.style_names_by_id()
    body = pkg.document.find("w:body", NS)
    result = []
    for p in body.iter(w("p")):
        text = own_text(p)
        if text:
            style = p.find("w:pPr/w:pStyle", NS)
            result.append((names.get(style.get(w("val"))) if style is not None else None, text))
    return result


@pytest.fixture
def bulletin(sample_issue):
    return compose(sample_issue)


@pytest.fixture
def pkg(bulletin) -> Package:
    return Package(docx_bytes(bulletin))


# --- the seed: text of the printed issue, as extracted from its PDF -------------------------

def test_seed_normaliser_removes_artefacts_only():
    text = seed_text()
    assert "—3—" not in text and " " not in text
    assert "颁发1185件" in text  # "颁发 1185 件" in the extraction
    assert seed_body().startswith("一、综窗改革攻坚行动（一）省本级综窗办件情况本周，")
    assert seed_body().endswith("发：各部门窗口。（共印94份）")


# The paragraphs of the printed issue from 一、 on: the style each takes and its opening.
H1, H2, BODY, ITEM, CHECK, DIST = "一级标题", "二级标题", "简报正文", "条目", "巡查", "版记"
EXPECTED_PARAGRAPHS = [
    (H1, "一、综窗改革攻坚行动"), (H2, "（一）省本级综窗办件情况"), (BODY, "本周，共计咨询"),
    (H2, "（二）省级部门（单位）事项纳入"), (BODY, "目前，未授权"), (H2, "（三）推进情况"),
    (ITEM, "1.完善"), (ITEM, "2.召开"), (ITEM, "3.组织公安厅"),
    (H1, "二、省级政务服务事项受理办理情况"), (BODY, "据四川一体化"),
    (H1, "三、窗口工作动态"), (H2, "（一）优化营商环境"), (ITEM, "1.省市场监管局"),
    (ITEM, "2.生态环境厅"), (H2, "（二）窗口服务效能"), (ITEM, "1.3月6日至9日"),
    (ITEM, "2.交通运输厅"), (ITEM, "3.3月9日"), (ITEM, "4.3月9-10日"),
    (H2, "（三）厅（局）长进大厅"), (ITEM, "1.3月6日，水利厅"), (ITEM, "2.3月7日"),
    (H1, "四、大厅巡查情况"), (CHECK, "（一）按时到岗情况。"), (CHECK, "（二）工作区域"),
    (CHECK, "（三）着装情况。"), (CHECK, "（四）工作牌佩戴情况。"), (CHECK, "（五）纪律秩序。"),
    (CHECK, "（六）大厅防控情况。"),
    (DIST, "报：中心领导。"), (DIST, "送：各相关省级部门"), (DIST, "发：各部门窗口。"),
    ("版记份数", "（共印94份）"),
]


def test_export_text_equals_the_printed_issue(pkg):
    paras = paragraphs(pkg)
    body = [text for _, text in paras[4:]]
    assert re.sub(r"\s+", "", "".join(body)) == seed_body()


def test_export_paragraph_boundaries_and_styles(pkg):
    body = paragraphs(pkg)[4:]
    assert len(body) == len(EXPECTED_PARAGRAPHS)
    for (style, text), (expected_style, start) in zip(body, EXPECTED_PARAGRAPHS, strict=True):
        assert text.startswith(start), (text, start)
        assert style == expected_style, (text, style)


def test_masthead_fields(pkg):
    masthead = paragraphs(pkg)[:4]
    assert masthead == [
        ("报头", "政务服务工作"),
        ("期号", "2023年第9期（总第429期）"),
        ("编发", "四川省政府政务服务和公共资源交易服务中心\t2023年3月21日"),
        ("时段", "（3月6日—3月10日）"),
    ]
    head = seed_text()[:seed_text().index("一、")]
    for _, text in masthead:
        assert text.replace("\t", "") in head


def test_masthead_editor_line_uses_a_real_tab(pkg):
    p = pkg.document.xpath("//w:p[w:pPr/w:pStyle/@w:val=$s]", namespaces=NS,
                           s=pkg.style("编发").get(w("styleId")))[0]
    assert p.findall(".//w:tab", NS), "organisation and date are separated by a tab stop"


def test_every_paragraph_has_a_named_template_style_and_no_direct_formatting(pkg):
    template = Package(resource_path("bulletin-template.docx").read_bytes())
    template_ids = set(template.style_names_by_id())
    body = pkg.document.find("w:body", NS)
    all_paras = list(body.iter(w("p")))
    assert len(all_paras) == 4 + len(EXPECTED_PARAGRAPHS) + 2  # + the two 版记 placeholders
    for p in all_paras:
        ppr = p.find("w:pPr", NS)
        assert ppr is not None and [c.tag for c in ppr] == [w("pStyle")]
        assert ppr.find("w:pStyle", NS).get(w("val")) in template_ids
        for rpr in p.findall("w:r/w:rPr", NS):
            assert [c.tag for c in rpr] == [w("rStyle")]
            assert rpr.find("w:rStyle", NS).get(w("val")) in template_ids


def test_run_in_heading_of_inspection_checks(pkg):
    run_in_id = pkg.style("巡查小标题").get(w("styleId"))
    runs = pkg.document.xpath("//w:r[w:rPr/w:rStyle/@w:val=$s]", namespaces=NS, s=run_in_id)
    assert [own_text_of_run(r) for r in runs] == [
        "（一）按时到岗情况。", "（二）工作区域标准化执行情况。", "（三）着装情况。",
        "（四）工作牌佩戴情况。", "（五）纪律秩序。", "（六）大厅防控情况。",
    ]


def own_text_of_run(run: etree._Element) -> str:
    return "".join(t.text for t in run.findall("w:t", NS))


# --- page setup and footers ---------------------------------------------------------------


def test_page_size_margins_and_grid(pkg):
    sect = pkg.document.find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    margin = sect.find("w:pgMar", NS)
    assert {k: margin.get(w(k)) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    grid = sect.find("w:docGrid", NS)
    assert (grid.get(w("type")), grid.get(w("linePitch"))) == ("lines", "579")


def test_odd_and_even_footers_with_page_field(pkg):
    assert pkg.settings.find("w:evenAndOddHeaders", NS) is not None
    for kind, side in (("default", "right"), ("even", "left")):
        footer = pkg.footer(kind)
        p = footer.find("w:p", NS)
        instr = "".join(footer.xpath("//w:instrText/text()", namespaces=NS))
        assert instr.strip() == "PAGE"
        assert footer.xpath("//w:fldChar/@w:fldCharType", namespaces=NS) == [
            "begin", "separate", "end"]
        texts = [t.text for t in p.iter(w("t"))]
        assert texts[0] == f"{EM_DASH} " and texts[-1] == f" {EM_DASH}"
        assert "-" not in "".join(texts)
        assert "numberInDash" not in etree.tostring(footer, encoding="unicode")
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == side
        assert p.find("w:pPr/w:ind", NS).get(w(side)) == "280"
        style_id = p.find("w:pPr/w:pStyle", NS).get(w("val"))
        assert pkg.style_names_by_id()[style_id] == "简报页码"


# --- styles ------------------------------------------------------------------------------------

BODY_STYLES = {"简报正文": "仿宋_GB2312", "一级标题": "黑体", "二级标题": "楷体_GB2312",
               "条目": "仿宋_GB2312", "巡查": "仿宋_GB2312"}


@pytest.mark.parametrize(("name", "font", "size"), [
    *[(name, font, "32") for name, font in BODY_STYLES.items()],
    ("报头", "方正小标宋简体", None), ("期号", "仿宋_GB2312", "32"), ("时段", "楷体_GB2312", "32"),
    ("版记", "仿宋_GB2312", "28"), ("版记份数", "仿宋_GB2312", "28"),
    ("简报页码", "宋体", "28"), ("巡查小标题", "楷体_GB2312", None),
])
def test_style_fonts_and_sizes(pkg, name, font, size):
    fonts = pkg.style_prop(name, "w:rPr/w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia"):
        assert fonts.get(w(slot)) == font, (name, slot)
    assert fonts.get(w("hint")) == "eastAsia"
    if size:
        assert pkg.style_prop(name, "w:rPr/w:sz").get(w("val")) == size


@pytest.mark.parametrize("name", list(BODY_STYLES))
def test_body_styles_grid_condensing_and_weight(pkg, name):
    spacing = pkg.style_prop(name, "w:pPr/w:spacing")
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    assert pkg.style_prop(name, "w:rPr/w:spacing").get(w("val")) == "-5"
    assert pkg.style_prop(name, "w:rPr/w:b").get(w("val")) == "0"
    assert pkg.style_prop(name, "w:rPr/w:color").get(w("val")) == "000000"
    assert pkg.style_prop(name, "w:pPr/w:ind").get(w("firstLine")) == "640"


def test_masthead_name_is_red_centred_and_off_the_grid(pkg):
    assert pkg.style_prop("报头", "w:rPr/w:color").get(w("val")).upper() == "FF0000"
    assert pkg.style_prop("报头", "w:pPr/w:jc").get(w("val")) == "center"
    assert pkg.style_prop("报头", "w:pPr/w:snapToGrid").get(w("val")) == "0"
    assert int(pkg.style_prop("报头", "w:rPr/w:sz").get(w("val"))) >= 60


def test_editor_line_fits_and_carries_the_red_rule(pkg):
    assert int(pkg.style_prop("编发", "w:rPr/w:sz").get(w("val"))) <= 28
    tab = pkg.style_prop("编发", "w:pPr/w:tabs/w:tab")
    assert (tab.get(w("val")), tab.get(w("pos"))) == ("right", str(11906 - 1587 - 1474))
    rule = pkg.style_prop("编发", "w:pPr/w:pBdr/w:bottom")
    assert rule.get(w("color")).upper() == "FF0000" and rule.get(w("val")) == "single"


def test_distribution_styles_indent_one_character_and_hang_after_the_colon(pkg):
    ind = pkg.style_prop("版记", "w:pPr/w:ind")
    hanging = int(ind.get(w("hanging")))
    assert int(ind.get(w("left"))) - hanging == 280  # first line: one 4号 character in
    assert hanging == 560  # wrapped lines start after “报：”
    assert ind.get(w("right")) == "280"
    assert pkg.style_prop("版记份数", "w:pPr/w:jc").get(w("val")) == "right"


def test_no_theme_fonts_and_chinese_language(pkg):
    for element in pkg.styles.iter():
        assert not any("Theme" in etree.QName(a).localname for a in element.attrib), element
    lang = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("eastAsia")) == "zh-CN"


# --- the 版记 text box ---------------------------------------------------------------------


def test_distribution_is_a_text_box_on_the_bottom_of_the_margin(pkg):
    anchors = pkg.document.findall(".//wp:anchor", NS)
    assert len(anchors) == 1
    anchor = anchors[0]
    pos_v = anchor.find("wp:positionV", NS)
    assert pos_v.get("relativeFrom") == "margin"
    assert pos_v.find("wp:align", NS).text == "bottom"
    assert anchor.find("wp:wrapTopAndBottom", NS) is not None
    assert int(anchor.find("wp:extent", NS).get("cx")) == (11906 - 1587 - 1474) * 635
    box_texts = [own_text(p) for p in anchor.iter(w("p")) if own_text(p)]
    assert box_texts == ["报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。",
                         "发：各部门窗口。", "（共印94份）"]
    # The box is the last thing in the body: nothing follows its anchor paragraph.
    body = pkg.document.find("w:body", NS)
    assert body[-2].find(".//wp:anchor", NS) is anchor


def test_distribution_rules_come_from_the_table_style(pkg):
    table = pkg.document.find(".//wp:anchor//w:tbl", NS)
    style_id = table.find("w:tblPr/w:tblStyle", NS).get(w("val"))
    assert pkg.style_names_by_id()[style_id] == "版记表格"
    borders = pkg.style("版记表格").find("w:tblPr/w:tblBorders", NS)
    sizes = {side: borders.find(f"w:{side}", NS).get(w("sz"))
             for side in ("top", "bottom", "insideH")}
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 mm / 0.25 mm
    assert len(table.findall("w:tr", NS)) == 3  # 报 / 送 / 发 + （共印94份）


def test_text_box_grows_with_long_distribution_lines(sample_issue):
    def box_height(issue) -> int:
        package = Package(docx_bytes(compose(issue)))
        return int(package.document.find(".//wp:anchor/wp:extent", NS).get("cy"))

    short = box_height(sample_issue)
    sample_issue["distribution"]["send"] = "各相关省级部门（单位）" * 8
    assert box_height(sample_issue) >= short + 2 * 579 * 635


def test_empty_distribution_lines_are_left_out(sample_issue):
    sample_issue["distribution"]["report"] = ""
    package = Package(docx_bytes(compose(sample_issue)))
    table = package.document.find(".//wp:anchor//w:tbl", NS)
    assert len(table.findall("w:tr", NS)) == 2


def test_no_forbidden_characters_in_the_xml(pkg):
    xml = pkg.text("word/document.xml")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", xml)


def test_user_text_is_kept_literally(sample_issue):
    items = sample_issue["sections"][0]["subsections"][2]["block"]["items"]
    items[0] = " 第一行\n第二行  <b>&amp; 1.5 ％\t末尾 "
    package = Package(docx_bytes(compose(sample_issue)))
    texts = [text for _, text in paragraphs(package)]
    assert "1. 第一行\n第二行  <b>&amp; 1.5 ％\t末尾 " in texts


# --- template errors ---------------------------------------------------------------------------


def test_missing_template(bulletin, tmp_path):
    with pytest.raises(TemplateError, match="找不到 Word 模板"):
        docx_bytes(bulletin, tmp_path / "nowhere.docx")


def _broken_template(folder: Path, part: str, old: str, new: str) -> Path:
    """The bulletin template with ``old`` replaced by ``new`` in its ``part``."""
    broken = folder / "broken.docx"
    with zipfile.ZipFile(resource_path("bulletin-template.docx")) as src, \
            zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(item, data)
    return broken


def test_template_without_a_needed_style(bulletin, tmp_path):
    broken = _broken_template(tmp_path, "word/styles.xml", '<w:name w:val="条目"/>',
                              '<w:name w:val="条目X"/>')
    with pytest.raises(TemplateError, match="条目"):
        docx_bytes(bulletin, broken)


def test_template_whose_paragraph_style_became_a_character_style(bulletin, tmp_path):
    # Once an AttributeError from python-docx (a character style has no paragraph format).
    broken = _broken_template(tmp_path, "word/styles.xml",
                              'w:type="paragraph" w:customStyle="1" w:styleId="zwCopies"',
                              'w:type="character" w:customStyle="1" w:styleId="zwCopies"')
    with pytest.raises(TemplateError, match="版记份数.*应为段落样式"):
        docx_bytes(bulletin, broken)


def test_template_without_a_page_size(bulletin, tmp_path):
    # Once a TypeError (None - Length) where the 版记's width is worked out.
    broken = _broken_template(tmp_path, "word/document.xml", '<w:pgSz w:w="11906" w:h="16838"/>',
                              "")
    with pytest.raises(TemplateError, match="纸张宽度"):
        docx_bytes(bulletin, broken)


# --- writing the file -----------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_render_writes_and_replaces(bulletin, tmp_path):
    target = tmp_path / "政务服务工作2023-9.docx"
    target.write_bytes(b"old")
    render_docx(bulletin, target)
    assert zipfile.is_zipfile(target)
    assert leftovers(tmp_path) == []


def test_unwritable_folder_raises_and_keeps_the_old_file(bulletin, tmp_path, monkeypatch):
    target = tmp_path / "bulletin.docx"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FileWriteError, match="bulletin.docx"):
        render_docx(bulletin, target)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_folder_raises_and_keeps_the_old_file(bulletin, tmp_path):
    target = tmp_path / "bulletin.docx"
    target.write_bytes(b"old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(FileWriteError, match="没有写入权限"):
            render_docx(bulletin, target)
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_target_under_a_file_raises(bulletin, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(FileWriteError, match="无法写入文件"):
        render_docx(bulletin, blocker / "bulletin.docx")
    assert blocker.read_text() == "x"


def test_target_that_is_a_folder_raises_and_stays(bulletin, tmp_path):
    folder = tmp_path / "bulletin.docx"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    with pytest.raises(FileWriteError):
        render_docx(bulletin, folder)
    assert (folder / "keep.txt").read_text() == "keep"
    assert leftovers(tmp_path) == []


def test_default_template_is_found():
    assert resource_path("bulletin-template.docx").is_file()
    assert resource_path("fontconfig-zwdesk.conf").is_file()
