"""Build resources/bulletin-template.docx, the Word template every export starts from.

    python scripts/build_template.py [output.docx]

The template is the source of truth at run time: page setup, odd/even footers with the page
number, and the named styles the renderer fills paragraphs with. The secretariat may restyle it
in Word or WPS without touching code; this script only makes the first version (and documents
what is in it). The layout follows GB/T 9704-2012 as summarised in shared/reference/layout.md.

The package is written part by part from XML text rather than derived from python-docx's
default template, which is Letter-sized and full of theme fonts and blue bold headings.
The zip entries carry a fixed timestamp, so rerunning the script gives the same bytes.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "bulletin-template.docx"

# --- geometry (twips; 1 mm = 56.7 twips) -------------------------------------------------------
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474  # 37/35/28/26 mm
LINE_PITCH = 579  # 225 mm / 22 lines: 28.95 pt
FOOTER_DISTANCE = 1454  # 25.65 mm: measured in LibreOffice 7.4, dashes 7 mm below the block
HEADER_DISTANCE = 851  # 15 mm; the header is empty
CHAR_14PT = 280  # one 4号 character: the page number and 版记 indents
INDENT_TWO_CHARS = 640  # two 3号 characters: first-line indent of the body
BLOCK_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8845 twips = 156 mm
REGISTER_ROW = 440  # 7.8 mm: a register row, room to sign by hand

# --- fonts (official names; the machine maps them to what is installed) -----------------------
FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI = (
    "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体",
)
RED = "FF0000"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def fonts(name: str) -> str:
    """All slots plus the eastAsia hint, so “ ” — … take the Chinese font too."""
    return (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" '
            'w:hint="eastAsia"/>')


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def spacing(before: int, after: int, line: int) -> str:
    return (f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" '
            'w:lineRule="exact"/>')


def exact(line: int) -> str:
    return spacing(0, 0, line)


# CONDENSED is the −0.25 pt that brings 28 3号 characters onto a 156 mm line. Normal is
# condensed too (a paragraph typed into the document in Word stays on the grid), so the styles
# that are not say so explicitly.
CONDENSED = '<w:spacing w:val="-5"/>'
NOT_CONDENSED = '<w:spacing w:val="0"/>'


def run_props(font: str, half_points: int, color: str = "000000",
              spacing: str = NOT_CONDENSED) -> str:
    # Bold and italic are switched off explicitly: nothing may inherit them from a base style.
    # Child order follows the schema (Word refuses files that do not).
    return (f'<w:rPr>{fonts(font)}<w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/>'
            f'<w:color w:val="{color}"/>{spacing}{size(half_points)}</w:rPr>')


def body_rpr(font: str) -> str:
    """3号, black, condensed: the look of everything in the body."""
    return run_props(font, 32, spacing=CONDENSED)


def para_props(spacing: str, ind: str, jc: str, *, grid: bool = True, before: str = "") -> str:
    """pPr children in schema order: [keepNext/pBdr/tabs], snapToGrid, spacing, ind, jc.

    ``grid=False`` takes a paragraph off the document grid: large text (the 报头 name) would
    otherwise be pushed onto two grid lines, and the footer must not snap at all.
    """
    snap = "" if grid else '<w:snapToGrid w:val="0"/>'
    return f'{before}{snap}{spacing}<w:ind {ind}/><w:jc w:val="{jc}"/>'


FIRST_LINE_TWO = f'w:left="0" w:right="0" w:firstLine="{INDENT_TWO_CHARS}"'
FLUSH = 'w:left="0" w:right="0" w:firstLine="0"'
BODY_PPR = para_props(exact(LINE_PITCH), FIRST_LINE_TWO, "both")
# A heading stays with the paragraph after it rather than end a page on its own.
HEADING_PPR = para_props(exact(LINE_PITCH), FIRST_LINE_TWO, "both", before="<w:keepNext/>")
RED_RULE = (f'<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="4" w:color="{RED}"/>'
            "</w:pBdr>")
RIGHT_TAB = f'<w:tabs><w:tab w:val="right" w:pos="{BLOCK_W}"/></w:tabs>'

# Each custom paragraph style: (styleId, Chinese name, pPr children, rPr).
# 3号 = 32 half-points, 4号 = 28; the name of the bulletin is 50 pt.
PARAGRAPH_STYLES = [
    ("zwMasthead", "报头",
     para_props(spacing(0, 120, 1580), FLUSH, "center", grid=False),
     run_props(XIAOBIAOSONG, 100, color=RED)),
    ("zwIssueNumber", "期号", para_props(exact(LINE_PITCH), FLUSH, "center"),
     body_rpr(FANGSONG)),
    # 编发: organisation at the left, date at the right tab stop, the red rule underneath.
    ("zwEditorLine", "编发",
     para_props(spacing(120, 0, LINE_PITCH), FLUSH, "left", grid=False,
                before=RED_RULE + RIGHT_TAB),
     run_props(FANGSONG, 28)),
    ("zwPeriod", "时段", para_props(spacing(240, 240, LINE_PITCH), FLUSH, "center"),
     body_rpr(KAITI)),
    ("zwBody", "简报正文", BODY_PPR, body_rpr(FANGSONG)),
    ("zwHeading1", "一级标题", HEADING_PPR, body_rpr(HEITI)),
    ("zwHeading2", "二级标题", HEADING_PPR, body_rpr(KAITI)),
    ("zwItem", "条目", BODY_PPR, body_rpr(FANGSONG)),
    ("zwInspection", "巡查", BODY_PPR, body_rpr(FANGSONG)),
    # 版记: one 4号 character in from each side; wrapped lines start after “报：”.
    ("zwDistribution", "版记",
     para_props(exact(LINE_PITCH),
                f'w:left="{3 * CHAR_14PT}" w:right="{CHAR_14PT}" w:hanging="{2 * CHAR_14PT}"',
                "left"),
     run_props(FANGSONG, 28)),
    ("zwCopies", "版记份数",
     para_props(exact(LINE_PITCH), f'w:left="0" w:right="{CHAR_14PT}" w:firstLine="0"', "right"),
     run_props(FANGSONG, 28)),
    # An empty paragraph 1 pt high: holds the 版记 text box's anchor at the end of the body,
    # and closes the box after its table (Word wants a paragraph there).
    ("zwDistributionPlaceholder", "版记占位", para_props(exact(20), FLUSH, "left", grid=False),
     run_props(FANGSONG, 2)),
    # The footer line: exact 4号 height and off the grid, so the footer distance places it.
    ("zwPageNumber", "简报页码", para_props(exact(CHAR_14PT), FLUSH, "left", grid=False),
     run_props(SONGTI, 28)),
    # The 分发登记表 (distribution register), a one-page form in the same family: a 2号 小标宋
    # title, a 4号 line under it, and 4号 table cells on a looser pitch for handwriting.
    ("zwRegisterTitle", "登记表标题",
     para_props(spacing(0, 240, 720), FLUSH, "center", grid=False),
     run_props(XIAOBIAOSONG, 44)),
    ("zwRegisterNote", "登记表说明",
     para_props(spacing(0, 120, 400), FLUSH, "left", grid=False, before=RIGHT_TAB),
     run_props(FANGSONG, 28)),
    ("zwRegisterCell", "登记表文字", para_props(exact(REGISTER_ROW), FLUSH, "center", grid=False),
     run_props(FANGSONG, 28)),
]

CHARACTER_STYLES = [
    # The run-in heading of an inspection check: （一）按时到岗情况。
    ("zwRunInHeading", "巡查小标题", f"<w:rPr>{fonts(KAITI)}</w:rPr>"),
]

# The 版记 table: block-wide rules, 0.35 mm (sz 8 = 1 pt) outside, 0.25 mm (sz 6) between rows.
TABLE_STYLES = [
    ("zwDistributionTable", "版记表格",
     '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
     '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
     '<w:left w:val="nil"/>'
     '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
     '<w:right w:val="nil"/>'
     '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
     '<w:insideV w:val="nil"/></w:tblBorders>'
     '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
     '</w:tblPr>'),
    # The register: a plain grid, 0.5 pt lines all round.
    ("zwRegisterTable", "登记表表格",
     '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
     + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
               for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
     + '</w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
     '<w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
     '<w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
]


def styles_xml(paragraph_styles: list = PARAGRAPH_STYLES,
               character_styles: list = CHARACTER_STYLES,
               table_styles: list = TABLE_STYLES) -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{fonts(FANGSONG)}<w:kern w:val=\"2\"/>{size(32)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        # No widow control (it would leave pages short of 22 lines), no automatic space
        # between Chinese and Latin/digits, no punctuation hanging out of the block: every
        # application then puts the same characters on the same line.
        '<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/>'
        '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f"{exact(LINE_PITCH)}<w:jc w:val=\"both\"/>"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    builtin = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr>{exact(LINE_PITCH)}<w:jc w:val="both"/></w:pPr>'
        f"{body_rpr(FANGSONG)}</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    custom = "".join(
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
        for sid, name, ppr, rpr in paragraph_styles
    )
    custom += "".join(
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"{rpr}</w:style>"
        for sid, name, rpr in character_styles
    )
    custom += "".join(
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/>{tblpr}</w:style>'
        for sid, name, tblpr in table_styles
    )
    return (f'{XML_HEAD}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f"{defaults}{builtin}{custom}</w:styles>")


def page_number_paragraph(side: str) -> str:
    """— N — in 4号 宋体, one character in from the outer edge of the block (right or left)."""
    indent = f'w:{side}="{CHAR_14PT}"'
    jc = "right" if side == "right" else "left"

    def text(value: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'

    return (
        f'<w:p><w:pPr><w:pStyle w:val="zwPageNumber"/><w:ind {indent}/><w:jc w:val="{jc}"/>'
        "</w:pPr>" + text("\u2014 ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + text("1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + text(" \u2014") + "</w:p>"
    )


def footer_xml(side: str) -> str:
    return (f'{XML_HEAD}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f"{page_number_paragraph(side)}</w:ftr>")


def document_xml(first_style: str = "zwBody") -> str:
    sect = (
        '<w:sectPr><w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" '
        'w:gutter="0"/><w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>'
    )
    # The drawing namespaces are declared on the root, where Word declares them, for the
    # 版记 text box that the renderer adds.
    return (f'{XML_HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" {DRAWING_NS}><w:body>'
            f'<w:p><w:pPr><w:pStyle w:val="{first_style}"/></w:pPr></w:p>{sect}'
            "</w:body></w:document>")


def settings_xml() -> str:
    return (
        f'{XML_HEAD}<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        # Chinese punctuation keeps its full width, as in print: no compression.
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


# Alternative names tell Word/WPS which installed font to fall back on (Windows ships 仿宋 and
# 楷体 but not the _GB2312 versions); charset 86 is GB2312.
FONT_TABLE = [
    (FANGSONG, "仿宋", "modern"), (KAITI, "楷体", "modern"), (HEITI, "SimHei", "modern"),
    (XIAOBIAOSONG, "宋体", "roman"), (SONGTI, "SimSun", "auto"),
]


def font_table_xml() -> str:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt, family in FONT_TABLE
    )
    return f'{XML_HEAD}<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">{entries}</w:fonts>'


REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def content_types_xml() -> str:
    parts = [("/word/document.xml", "document.main"), ("/word/styles.xml", "styles"),
             ("/word/settings.xml", "settings"), ("/word/fontTable.xml", "fontTable"),
             ("/word/footer1.xml", "footer"), ("/word/footer2.xml", "footer")]
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{CT_BASE}.{kind}+xml"/>'
        for name, kind in parts
    )
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}"
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )


def relationships(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                   for rid, kind, target in rels)
    return (f'{XML_HEAD}<Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{body}</Relationships>")


def core_xml(title: str = "政务服务工作") -> str:
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>zwdesk</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )


def package_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": relationships([
            ("rId1", f"{REL_BASE}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                     "core-properties", "docProps/core.xml"),
        ]),
        "docProps/core.xml": core_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": relationships([
            ("rIdStyles", f"{REL_BASE}/styles", "styles.xml"),
            ("rIdSettings", f"{REL_BASE}/settings", "settings.xml"),
            ("rIdFonts", f"{REL_BASE}/fontTable", "fontTable.xml"),
            ("rIdFooterOdd", f"{REL_BASE}/footer", "footer1.xml"),
            ("rIdFooterEven", f"{REL_BASE}/footer", "footer2.xml"),
        ]),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/footer1.xml": footer_xml("right"),  # odd pages
        "word/footer2.xml": footer_xml("left"),  # even pages
    }


def build(target: Path, parts: dict[str, str] | None = None) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (parts or package_parts()).items():
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    build(out)
    print(f"wrote {out}")
