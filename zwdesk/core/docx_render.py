"""Render a composed bulletin as a Word document, in the official layout of the template.

Everything about the look lives in the template (resources/bulletin-template.docx, made by
scripts/build_template.py and restyled freely by the secretariat): page setup, footers with
the page number, and the named styles. This module only empties the template's body and
fills it with paragraphs, each tagged with the named style of its role
(zwdesk.core.para.ROLE_STYLES).

The 版记 (distribution block) must end on the bottom edge of the text block of the last page,
whatever the length of the text. It is a DrawingML text box anchored at the end of the body,
aligned to the bottom of the margin box and wrapping top-and-bottom, so text never runs under
it and a full last page sends it to a page of its own. Inside, a one-column table draws the
rules (borders from the template's table style) across the full width of the block while the
lines themselves are indented.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import docx
from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from zwdesk.core import bulletin as b
from zwdesk.core import pages
from zwdesk.core.atomic import write_atomic
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.para import ROLE_STYLES, RUN_STYLES
from zwdesk.paths import resource_path

TEMPLATE_NAME = "bulletin-template.docx"

DIST_TABLE_STYLE = "版记表格"
# A 1 pt high empty paragraph: it holds the 版记's anchor, and closes the text box after
# its table (Word keeps a paragraph mark there; an ordinary one would add a line).
DIST_PLACEHOLDER_STYLE = "版记占位"

EMU_PER_TWIP = 635
_GRID_PITCH = 579  # twips, the body's exact line spacing
_BORDER_ALLOWANCE = 20  # twips per table rule in the text box height estimate


T = TypeVar("T")
E = TypeVar("E", bound=BaseOxmlElement)


class TemplateError(ZwdeskError):
    """The Word template is missing, unreadable or lacks a style the export needs."""


def render_docx(bulletin: b.Bulletin, target: Path, template: Path | None = None,
                even_page: bool = False) -> None:
    """Write ``bulletin`` to ``target`` (.docx) atomically.

    Raises TemplateError for an unusable template and FileWriteError when ``target`` cannot be
    written; an existing ``target`` is then left as it was.
    """
    data = docx_bytes(bulletin, template, even_page)
    write_atomic(Path(target), lambda tmp: tmp.write_bytes(data))


def docx_bytes(bulletin: b.Bulletin, template: Path | None = None,
               even_page: bool = False) -> bytes:
    """The .docx file of ``bulletin`` as bytes."""
    document = open_template(template or resource_path(TEMPLATE_NAME))
    move = pages.layout(bulletin, even_page).distribution_move if even_page else pages.STAYS
    _Filler(document).fill(bulletin, move)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_style(document: Document, name: str) -> BaseStyle:
    """A named style of the template, or a TemplateError that says which one is missing."""
    try:
        return document.styles[name]
    except KeyError:
        raise TemplateError(
            f"Word 模板缺少样式“{name}”。请在模板中恢复该样式（不要删除或改名）。"
        ) from None


def styled(document: Document, item: Paragraph | Run | Table, name: str) -> None:
    """Give a python-docx paragraph, run or table the template's style ``name``."""
    template_style(document, name)  # a TemplateError if the template lacks it
    item.style = name


def empty_body(document: Document) -> None:
    """Remove the template's paragraphs and tables, keeping its section (page setup, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def drop_page_numbers(document: Document) -> None:
    """Remove the footers (and their page numbers) from the document's last section."""
    section = document.element.body.find(qn("w:sectPr"))
    for ref in section.findall(qn("w:footerReference")):
        section.remove(ref)


def add_table(document: Document, widths_mm: tuple[float, ...], style: str) -> Table:
    """A one-row table of the template's table ``style`` with fixed column widths (the grid,
    which LibreOffice and WPS lay out by, and each cell's width, which Word uses)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    styled(document, table, style)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def repeat_as_header(row: _Row) -> None:
    """A long table runs onto the next page with this row repeated at its top."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def paragraph_styler(document: Document) -> Callable[[Paragraph, str], None]:
    """``styled`` for the many paragraphs of a table: each style's id is looked up once
    (python-docx's setter searches every style each time, 1 ms a cell)."""
    ids: dict[str, str] = {}

    def set_style(paragraph: Paragraph, name: str) -> None:
        if name not in ids:
            ids[name] = template_style(document, name).style_id
        paragraph._p.get_or_add_pPr().style = ids[name]

    return set_style


def open_template(path: Path) -> Document:
    if not Path(path).is_file():
        raise TemplateError(f"找不到 Word 模板 {path}，请重新安装本程序。")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise TemplateError(f"Word 模板 {path} 无法读取（文件已损坏？）：{exc}") from exc


class _Filler:
    """Empties the template's body and fills it with the bulletin's paragraphs."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.style_ids: dict[str, str] = {}

    def fill(self, bulletin: b.Bulletin, move: str = pages.STAYS) -> None:
        """The paragraphs, then the 版记; ``move`` (see pages.layout) brings it onto an even
        page: a page break before it, or an unnumbered section of a blank page and its own."""
        body = self.document.element.body
        empty_body(self.document)
        for para in [*bulletin.masthead, *bulletin.body]:
            last = self._paragraph(body, para)
        if bulletin.distribution:
            if move == pages.AFTER_BLANK_PAGE:
                self._unnumbered_section(last)
                self._empty_paragraph(body, DIST_PLACEHOLDER_STYLE)  # the blank page
            anchor = self._empty_paragraph(body, DIST_PLACEHOLDER_STYLE)
            if move != pages.STAYS:
                anchor.get_or_add_pPr().insert_element_before(
                    _new_element("w:pageBreakBefore", BaseOxmlElement), *_AFTER_PAGE_BREAK_BEFORE)
            anchor.append(self._distribution_box(bulletin.distribution))
            # Drop the box's own namespace declarations where the root already has them.
            etree.cleanup_namespaces(self.document.element)

    # --- paragraphs ---------------------------------------------------------------------------

    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = template_style(self.document, name).style_id
        return self.style_ids[name]

    def _paragraph_style(self, name: str) -> ParagraphStyle:
        style = template_style(self.document, name)
        if not isinstance(style, ParagraphStyle):
            raise TemplateError(f"Word 模板的样式“{name}”应为段落样式。请在模板中恢复该样式。")
        return style

    def _paragraph(self, container: etree._Element, para: b.Para) -> CT_P:
        p = self._empty_paragraph(container, ROLE_STYLES[para.role])
        for run in para.runs:
            r = p.add_r()
            if run.role is not None:
                r.get_or_add_rPr().style = self._style_id(RUN_STYLES[run.role])
            r.text = run.text  # tabs become w:tab, line breaks w:br; the text stays literal
        return p

    def _empty_paragraph(self, container: etree._Element, style: str) -> CT_P:
        p = _new_element("w:p", CT_P)
        p.get_or_add_pPr().style = self._style_id(style)
        sect = container.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(p)
        else:
            container.append(p)
        return p

    def _unnumbered_section(self, last: CT_P) -> None:
        """End the text's section at ``last`` (its footers keep their page numbers); the rest
        of the document gets footers of the same style without a PAGE field."""
        final = self.document.element.body.find(qn("w:sectPr"))
        last.get_or_add_pPr().append(copy.deepcopy(final))
        numbered = self.document.sections[0].footer._element.find(qn("w:p"))
        for reference in final.findall(qn("w:footerReference")):
            final.remove(reference)
        section = self.document.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            element = footer._element
            for child in list(element):
                element.remove(child)
            element.append(_without_runs(numbered))

    # --- 版记 ------------------------------------------------------------------------------------

    def _distribution_box(self, paras: list[b.Para]) -> etree._Element:
        width = self._block_width()
        table = self._distribution_table(paras, width)
        height = self._estimated_height(paras, width, rows=len(table.findall(qn("w:tr"))))
        run = OxmlElement("w:r")
        run.append(parse_xml(_text_box_xml(width * EMU_PER_TWIP, height * EMU_PER_TWIP)))
        content = run.find(".//" + qn("w:txbxContent"))
        assert content is not None  # in _TEXT_BOX
        content.append(table)
        self._empty_paragraph(content, DIST_PLACEHOLDER_STYLE)
        return run

    def _distribution_table(self, paras: list[b.Para], width: int) -> etree._Element:
        """One row per 报/送/发 line; （共印N份） closes the last row, above the last rule."""
        table = parse_xml(
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            f'<w:tblStyle w:val="{self._style_id(DIST_TABLE_STYLE)}"/>'
            f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid></w:tbl>'
        )
        rows = [[p] for p in paras if p.role == b.DIST_LINE] or [[]]
        rows[-1] += [p for p in paras if p.role != b.DIST_LINE]
        for row in rows:
            cell = self._row(table, width)
            for para in row:
                self._paragraph(cell, para)
        return table

    @staticmethod
    def _row(table: etree._Element, width: int) -> etree._Element:
        row = parse_xml(
            f"<w:tr {nsdecls('w')}><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
            f'<w:tcW w:w="{width}" w:type="dxa"/></w:tcPr></w:tc></w:tr>'
        )
        table.append(row)
        cell = row.find(qn("w:tc"))
        assert cell is not None  # just written
        return cell

    def _block_width(self) -> int:
        section = self.document.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        if width is None or left is None or right is None:
            raise TemplateError("Word 模板没有设置纸张宽度或左右页边距。请在模板的页面设置中设置。")
        return _twips(width - left - right)

    def _estimated_height(self, paras: list[b.Para], width: int, rows: int) -> int:
        """Height of the text box in twips, from the styles' line pitch and indents.

        The box does not auto-fit: LibreOffice lays out an auto-fitting box ~2 mm above the
        margin edge. Its text is anchored at the bottom, so a box that is too tall still ends
        with the last rule on the edge of the text block, while one that is too short would
        cut a line off: the estimate errs on the tall side.
        """
        total = (rows + 1) * _BORDER_ALLOWANCE
        total += self._line_pitch(self._paragraph_style(DIST_PLACEHOLDER_STYLE))
        for para in paras:
            style = self._paragraph_style(ROLE_STYLES[para.role])
            total += _line_count(para.text, style, width) * self._line_pitch(style)
        return total

    @staticmethod
    def _line_pitch(style: ParagraphStyle) -> int:
        spacing = _inherited(style, lambda s: s.paragraph_format.line_spacing)
        # Exact spacing is a Length; "multiple" spacing (a float) is taken as one grid line.
        return _twips(spacing) if isinstance(spacing, Length) else _GRID_PITCH


def _line_count(text: str, style: ParagraphStyle, width: int) -> int:
    """Lines ``text`` takes in ``style`` across ``width`` twips, rounded up (see
    pages.conservative_line_count, which the page model shares)."""
    size = _twips(_inherited(style, lambda s: s.font.size) or Length(203200))  # 16 pt
    left = _twips(_inherited(style, lambda s: s.paragraph_format.left_indent) or 0)
    right = _twips(_inherited(style, lambda s: s.paragraph_format.right_indent) or 0)
    first = _twips(_inherited(style, lambda s: s.paragraph_format.first_line_indent) or 0)
    return pages.conservative_line_count(text, size, width - left - right, first)


def _new_element(tag: str, kind: type[E]) -> E:
    """A new ``tag`` element, of the class python-docx gives it (CT_P for w:p…)."""
    element = OxmlElement(tag)
    assert isinstance(element, kind)
    return element


def _without_runs(paragraph: etree._Element) -> etree._Element:
    """A copy of a paragraph with its properties and no text (no field either)."""
    empty = copy.deepcopy(paragraph)
    for child in list(empty):
        if child.tag != qn("w:pPr"):
            empty.remove(child)
    return empty


# pPr children that follow w:pageBreakBefore in the schema.
_AFTER_PAGE_BREAK_BEFORE = tuple(f"w:{name}" for name in (
    "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
    "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange"))


def _inherited(style: ParagraphStyle | None,
               get: Callable[[ParagraphStyle], T | None]) -> T | None:
    """A paragraph/font property of ``style``, looked up through its basedOn chain."""
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _twips(length: Length | int) -> int:
    return int(Length(length).twips)


def _text_box_xml(cx: int, cy: int) -> str:
    """A text box as wide as the block, sitting on the bottom edge of the margin box."""
    return _TEXT_BOX.format(ns=nsdecls("w", "wp", "a"), cx=cx, cy=cy)


# wps:bodyPr: no insets, text anchored at the bottom, fixed size (see _estimated_height).
_TEXT_BOX = re.sub(r">\s+<", "><", """<w:drawing {ns}
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
 <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">
  <wp:simplePos x="0" y="0"/>
  <wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
  <wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
  <wp:extent cx="{cx}" cy="{cy}"/>
  <wp:effectExtent l="0" t="0" r="0" b="0"/>
  <wp:wrapTopAndBottom/>
  <wp:docPr id="1" name="版记"/>
  <wp:cNvGraphicFramePr/>
  <a:graphic>
   <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp>
     <wps:cNvSpPr txBox="1"/>
     <wps:spPr>
      <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
      <a:noFill/><a:ln><a:noFill/></a:ln>
     </wps:spPr>
     <wps:txbx><w:txbxContent/></wps:txbx>
     <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"
       anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr>
    </wps:wsp>
   </a:graphicData>
  </a:graphic>
 </wp:anchor>
</w:drawing>""")
