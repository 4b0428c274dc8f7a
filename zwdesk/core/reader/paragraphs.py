"""The document as plain paragraphs, in reading order, as Word shows them with changes accepted.

Walks the body of document.xml: paragraphs, tables (a row of one-paragraph cells reads as one
line, its cells joined by tabs: 报头 and 版记 tables), text boxes (DrawingML or VML, read once
when both are given), content controls. Each paragraph gets the number Word's automatic
numbering shows in front of it, fields show their result, soft line breaks are joined, hidden
text is left out, and tracked changes read as accepted: inserted and moved-to text kept, deleted
and moved-from text dropped, a deleted paragraph mark joins the paragraph to the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

# A soft line break is kept as BREAK until the paragraph is complete, then joined.
from zwdesk.core.cleantext import BREAK as _BREAK
from zwdesk.core.cleantext import SPACES as _SPACE
from zwdesk.core.cleantext import join_breaks  # noqa: F401 - the reader's API
from zwdesk.core.kinds.reading import Line
from zwdesk.core.reader.autonumber import Numbering
from zwdesk.core.reader.package import Package
from zwdesk.core.reader.styles import Styles
from zwdesk.core.reader.xml import MC, W, attr, number, on

# Elements whose content is not shown text (or not shown at all, once changes are accepted).
_SKIPPED = {W + name for name in (
    "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "sdtPr",
    "sdtEndPr", "footnoteReference", "endnoteReference", "annotationRef", "proofErr",
    "bookmarkStart", "bookmarkEnd", "commentRangeEnd", "sectPr", "tblPr", "trPr", "tcPr")}


@dataclass
class _Collected:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    run_in_end: int = 0
    comments: list[str] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def extend(self, other: _Collected) -> None:
        self.parts.extend(other.parts)
        self.length += other.length
        self.comments += other.comments

    @property
    def text(self) -> str:
        return "".join(self.parts)


def read_lines(package: Package) -> list[Line]:
    """Every paragraph of the document's body, in reading order (empty ones included)."""
    return _Walker(package).walk()


class _Walker:
    def __init__(self, package: Package) -> None:
        self.styles = Styles(package.styles)
        self.numbering = Numbering(package.numbering)
        self.lines: list[Line] = []
        self.fields: list[str] = []  # per open field: "code" until its separator, then "result"
        self.carried: _Collected | None = None  # a paragraph whose mark was deleted
        self.place = "body"
        self.early = True  # in the first half of the body: text boxes read before their anchor
        self.root = package.document

    def walk(self) -> list[Line]:
        body = self.root.find(W + "body")
        if body is None:
            return []
        children = list(body)
        for index, child in enumerate(children):
            self.early = index < len(children) / 2
            self._block(child)
        if self.carried is not None:
            self._emit(self.carried, "", None)
        return self.lines

    # --- block level ---------------------------------------------------------------------------

    def _block(self, element: etree._Element) -> None:
        tag = element.tag
        if tag == W + "p":
            self._paragraph(element)
        elif tag == W + "tbl":
            self._table(element)
        elif tag in (W + "del", W + "moveFrom") or tag in _SKIPPED:
            return
        elif tag == MC + "AlternateContent":
            self._children(_chosen(element), self._block)
        else:  # sdt/sdtContent, customXml, ins, moveTo, …
            self._children(element, self._block)

    @staticmethod
    def _children(element: etree._Element | None,
                  visit: Callable[[etree._Element], None]) -> None:
        if element is not None:
            for child in element:
                visit(child)

    def _table(self, table: etree._Element) -> None:
        outer, self.place = self.place, "table"
        for row in table.iter(W + "tr"):
            if _in_nested_table(row, table) or row.find(f"{W}trPr/{W}del") is not None:
                continue
            self._row(row)
        self.place = outer

    def lines_of(self, container: etree._Element) -> list[Line]:
        """The paragraphs of one container (a table cell), read as the body's are."""
        outer, self.lines = self.lines, []
        for child in container:
            self._block(child)
        found, self.lines = self.lines, outer
        return found

    def _row(self, row: etree._Element) -> None:
        cells = [[line for line in self.lines_of(cell) if line.text]
                 for cell in row if cell.tag == W + "tc"]
        filled = [cell for cell in cells if cell]
        if len(filled) > 1 and all(len(cell) == 1 for cell in filled):
            parts = [cell[0] for cell in filled]
            self.lines.append(Line("\t".join(p.text for p in parts), parts[0].role, 0,
                                   [c for p in parts for c in p.comments], "table"))
        else:
            self.lines.extend(line for cell in cells for line in cell)

    # --- paragraphs ----------------------------------------------------------------------------

    def _paragraph(self, paragraph: etree._Element) -> None:
        collected = _Collected()
        self._inline(paragraph, collected, run_in=False)
        properties = paragraph.find(W + "pPr")
        mark = properties.find(W + "rPr") if properties is not None else None
        if mark is not None and (mark.find(W + "del") is not None
                                 or mark.find(W + "moveFrom") is not None):
            self._carry(collected)
            return
        style = attr(properties.find(W + "pStyle"), "val") if properties is not None else None
        label = self._label(properties, style)
        boxes = collected.boxes
        if self.early:
            self._boxes(boxes)
        if self.carried is not None:
            self.carried.extend(collected)
            collected = self.carried
            self.carried = None
        self._emit(collected, label, self.styles.role(style))
        if not self.early:
            self._boxes(boxes)

    def _carry(self, collected: _Collected) -> None:
        if self.carried is None:
            self.carried = _Collected()
        self.carried.extend(collected)
        self._boxes(collected.boxes)

    def _label(self, properties: etree._Element | None, style: str | None) -> str:
        num = properties.find(W + "numPr") if properties is not None else None
        num_id, ilvl = self.styles.numbering(style)
        if num is not None:
            num_id = attr(num.find(W + "numId"), "val") or num_id
            level = attr(num.find(W + "ilvl"), "val")
            ilvl = number(level, ilvl)
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    def _emit(self, collected: _Collected, label: str, role: str | None) -> None:
        raw = label + join_breaks(collected.text)
        text = raw.lstrip(_SPACE)
        run_in = max(0, len(label) + collected.run_in_end - (len(raw) - len(text)))
        text = text.rstrip(_SPACE)
        self.lines.append(Line(text, role, min(run_in, len(text)),
                               list(dict.fromkeys(collected.comments)), self.place))

    def _boxes(self, boxes: list[etree._Element]) -> None:
        outer, self.place = self.place, "textbox"
        for content in boxes:
            for child in content:
                self._block(child)
        self.place = outer

    # --- runs ----------------------------------------------------------------------------------

    def _inline(self, element: etree._Element, out: _Collected, run_in: bool) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == W + "r":
                self._run(child, out)
            elif tag == W + "t":
                if self._shown():
                    out.add(child.text or "")
                    if run_in:
                        out.run_in_end = out.length
            elif tag in (W + "tab", W + "ptab"):
                if self._shown():
                    out.add("\t")
            elif tag in (W + "br", W + "cr"):
                if self._shown() and attr(child, "type") in (None, "textWrapping"):
                    out.add(_BREAK)
            elif tag == W + "noBreakHyphen":
                out.add("-")
            elif tag == W + "fldChar":
                self._field(attr(child, "fldCharType"))
            elif tag in (W + "commentRangeStart", W + "commentReference"):
                out.comments.append(attr(child, "id") or "")
            elif tag in (W + "drawing", W + "pict", W + "object"):
                out.boxes.extend(_text_boxes(child))
            elif tag == MC + "AlternateContent":
                chosen = _chosen(child)
                if chosen is not None:
                    self._inline(chosen, out, run_in)
            else:  # hyperlink, smartTag, sdt, sdtContent, fldSimple, ins, moveTo, customXml…
                self._inline(child, out, run_in)

    def _run(self, run: etree._Element, out: _Collected) -> None:
        properties = run.find(W + "rPr")
        if properties is not None and on(properties.find(W + "vanish")):
            # Hidden text is not shown; only a field's structure inside it still counts.
            for char in run.iter(W + "fldChar"):
                self._field(attr(char, "fldCharType"))
            return
        style = attr(properties.find(W + "rStyle"), "val") if properties is not None else None
        run_in = self.styles.is_run_in(style) and out.length == out.run_in_end
        self._inline(run, out, run_in)

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append("code")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _shown(self) -> bool:
        return "code" not in self.fields


def cell_reader(package: Package) -> Callable[[etree._Element], list[Line]]:
    """Reads the paragraphs of one table cell (or other container of paragraphs) of
    ``package`` as read_lines reads the body: numbers, fields, changes accepted."""
    return _Walker(package).lines_of


def _chosen(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


def _text_boxes(drawing: etree._Element) -> list[etree._Element]:
    """The outermost text box contents inside a drawing or VML picture."""
    return [content for content in drawing.iter(W + "txbxContent")
            if _outermost(content, drawing)]


def _outermost(content: etree._Element, drawing: etree._Element) -> bool:
    for ancestor in content.iterancestors():
        if ancestor is drawing:
            return True
        if ancestor.tag == W + "txbxContent":
            return False
    return True


def _in_nested_table(row: etree._Element, table: etree._Element) -> bool:
    for ancestor in row.iterancestors(W + "tbl"):
        return ancestor is not table
    return False
