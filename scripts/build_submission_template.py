"""Build resources/submission-template.docx, the Word template of the 报送单 (the blank form a
unit fills in) and of the 通报 (the notice of the submission tally).

    python scripts/build_submission_template.py [output.docx]

The same family as the bulletin's template (scripts/build_template.py, whose page setup,
footers, fonts and defaults it reuses): A4 on the GB/T 9704 grid, 仿宋 body, 小标宋 titles,
— N — page numbers. The secretariat may restyle it in Word or WPS; zwdesk.core.submission_form
and zwdesk.core.notice only fill its body with paragraphs and tables of these named styles.
"""

from __future__ import annotations

import sys
from pathlib import Path

import build_template as t

OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "submission-template.docx"

CELL_LINE = 440  # 7.8 mm, as the register's cells: 4号 text with room around it
PROMPT_GREY = "808080"
NOTICE_SIGNATURE_INDENT = 2 * t.INDENT_TWO_CHARS  # 署名 and date four 3号 characters from the right


def bold(rpr: str) -> str:
    """Run properties with bold switched on (t.run_props switches it off)."""
    return rpr.replace('<w:b w:val="0"/><w:bCs w:val="0"/>', "<w:b/><w:bCs/>")


def cell(jc: str, before: int = 0, after: int = 0) -> str:
    return t.para_props(t.spacing(before, after, CELL_LINE), t.FLUSH, jc, grid=False)


TITLE_PPR = t.para_props(t.spacing(0, t.LINE_PITCH, 720), t.FLUSH, "center", grid=False)
NOTE_PPR = t.para_props(t.spacing(120, 120, 400), t.FLUSH, "both", grid=False)

PARAGRAPH_STYLES = [
    # The 报送单: a 2号 小标宋 title, a 4号 instruction line, label and entry cells.
    ("zwFormTitle", "报送单标题", TITLE_PPR, t.run_props(t.XIAOBIAOSONG, 44)),
    ("zwFormNote", "报送单说明", NOTE_PPR, t.run_props(t.FANGSONG, 28)),
    ("zwFormLabel", "报送单标签", cell("center", 80, 80), t.run_props(t.HEITI, 28)),
    ("zwFormEntry", "报送单填写", cell("left", 80, 80), t.run_props(t.FANGSONG, 28)),
    # The 通报: the title as an official document's, the body on the 22-line grid.
    ("zwNoticeTitle", "通报标题", TITLE_PPR, t.run_props(t.XIAOBIAOSONG, 44)),
    ("zwNoticeBody", "通报正文", t.BODY_PPR, t.body_rpr(t.FANGSONG)),
    ("zwNoticeHead", "通报表头", cell("center", 40, 40), bold(t.run_props(t.HEITI, 28))),
    ("zwNoticeText", "通报表格文字", cell("left", 40, 40), t.run_props(t.FANGSONG, 28)),
    ("zwNoticeNumber", "通报表格数字", cell("center", 40, 40), t.run_props(t.FANGSONG, 28)),
    ("zwNoticeTotal", "通报表格合计", cell("center", 40, 40), bold(t.run_props(t.HEITI, 28))),
    ("zwNoticeSignature", "通报落款",
     t.para_props(t.exact(t.LINE_PITCH),
                  f'w:left="0" w:right="{NOTICE_SIGNATURE_INDENT}" w:firstLine="0"', "right"),
     t.body_rpr(t.FANGSONG)),
    # The footers' page number, as in the bulletin.
    *[style for style in t.PARAGRAPH_STYLES if style[0] == "zwPageNumber"],
]

CHARACTER_STYLES = [
    # The prompts in the form's empty cells: grey, so that they read as prompts.
    ("zwFormPrompt", "报送单提示", f'<w:rPr><w:color w:val="{PROMPT_GREY}"/></w:rPr>'),
]

GRID = dict((sid, tblpr) for sid, _name, tblpr in t.TABLE_STYLES)["zwRegisterTable"]
TABLE_STYLES = [("zwFormTable", "报送单表格", GRID), ("zwNoticeTable", "通报表格", GRID)]


def package_parts() -> dict[str, str]:
    parts = t.package_parts()
    parts["word/styles.xml"] = t.styles_xml(PARAGRAPH_STYLES, CHARACTER_STYLES, TABLE_STYLES)
    parts["word/document.xml"] = t.document_xml("zwNoticeBody")
    parts["docProps/core.xml"] = t.core_xml("政务服务信息报送单")
    return parts


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    t.build(out, package_parts())
    print(f"wrote {out}")
