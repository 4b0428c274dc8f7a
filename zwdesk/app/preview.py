"""The live preview: the bulletin's printed pages, as the page model (zwdesk.core.pages) lays
them out, following typing.

Each page is a white sheet, A4 in proportion, with the lines where the model breaks them: the
报头 on page 1, the text on the 28 × 22 grid, the page number `— N —` at the foot (odd pages
right, even pages left), the 版记 at the foot of its page, a blank page where the 版记 setting
puts one. Each printed line is one text block of the view, so a click maps back to the anchor of
the outline node its paragraph comes from.
"""

from __future__ import annotations

from html import escape

from zwdesk.app.qt import QEvent, QObject, Qt, QTextBrowser, QTextCursor, Signal
from zwdesk.core import bulletin as b
from zwdesk.core import pages as pg

FANGSONG = "'FangSong_GB2312', '仿宋_GB2312', 'FangSong', '仿宋', 'AR PL SungtiL GB', serif"
KAITI = "'KaiTi_GB2312', '楷体_GB2312', 'KaiTi', '楷体', 'AR PL KaitiM GB', serif"
HEITI = "'SimHei', '黑体', 'Noto Sans CJK SC', sans-serif"
XIAOBIAOSONG = "'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'Noto Serif CJK SC', serif"
ROLE_FAMILIES = {b.HEADING1: HEITI, b.HEADING2: KAITI, b.PERIOD: KAITI,
                 b.MASTHEAD_NAME: XIAOBIAOSONG}

# Pixels per twip: one grid line is 24 px, a page about 494 × 698 px.
PX = 24 / pg.LINE_PITCH
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1587, 1474
PAGE_NUMBER_GAP = 7 * 56.7  # the dashes sit 7 mm below the block
# The 报头's parts (twips, as pages.MASTHEAD_HEIGHT adds them up): name, 期号, 编发, rule, 时段.
MASTHEAD_PARTS = {b.MASTHEAD_NAME: 1700, b.MASTHEAD_NUMBER: 579, b.MASTHEAD_EDITOR: 699,
                  b.PERIOD: 1059}
RED_RULE = 125
SIZES = {b.MASTHEAD_NAME: 1000, b.MASTHEAD_EDITOR: 280, b.DIST_LINE: 280, b.DIST_COPIES: 280}


# The preview shrinks its pages to a narrow pane (a 1024-px laptop) rather than scroll sideways;
# set by Preview.show for the HTML it builds.
_zoom = 1.0
MIN_ZOOM = 0.6


def px(twips: float) -> int:
    return round(twips * PX * _zoom)


def _block(height: float, content: str = "&nbsp;", style: str = "") -> str:
    """One text block exactly ``height`` twips high (an empty one holds a no-break space: Qt
    drops empty paragraphs)."""
    return (f"<p style=\"margin:0 {px(MARGIN_RIGHT)}px 0 {px(MARGIN_LEFT)}px; white-space:pre;"
            f" line-height:{max(px(height), 1)}px; -qt-line-height-type:fixed; {style}\">"
            f"{content}</p>")


def _font(role: str) -> str:
    size = SIZES.get(role, pg.BODY_SIZE)
    return f"font-family:{ROLE_FAMILIES.get(role, FANGSONG)}; font-size:{px(size)}px;"


def _rule(colour: str, height: float = 20) -> str:
    return _block(height, style=f"background-color:{colour}; font-size:1px;")


def _runs(para: b.Para, text: str, start: int) -> str:
    """``text`` (a line of ``para`` starting at ``start``) with run-in headings in 楷体."""
    parts, offset = [], 0
    for run in para.runs:
        piece = text[max(0, offset - start):max(0, offset + len(run.text) - start)]
        offset += len(run.text)
        if piece and run.role == b.RUN_IN_HEADING:
            parts.append(f"<span style=\"font-family:{KAITI};\">{escape(piece)}</span>")
        elif piece:
            parts.append(escape(piece))
    return "".join(parts)


class _PageHtml:
    """The HTML of the pages, and the text and anchor of each block a click can land on."""

    def __init__(self, doc: b.Bulletin, layout: pg.Layout) -> None:
        self.doc, self.layout = doc, layout
        self.blocks: list[tuple[str, b.Para]] = []  # (text, its paragraph) in order
        self._starts: dict[int, int] = {}  # paragraph → offset of its next line

    def html(self) -> str:
        sheets = "".join(self._sheet(page) for page in self.layout.pages)
        return f"<body style=\"background:#d8d8d8;\">{sheets}</body>"

    def _sheet(self, page: pg.Page) -> str:
        parts = [_block(MARGIN_TOP)]
        used = 0
        if page.masthead:
            parts += self._masthead()
            used = pg.MASTHEAD_HEIGHT
        for line in page.lines:
            parts.append(self._line(line))
            used += pg.LINE_PITCH
        if page.distribution:
            parts.append(_block(pg.BLOCK_HEIGHT - used - self.layout.distribution_height))
            parts += self._distribution()
        elif used < pg.BLOCK_HEIGHT:
            parts.append(_block(pg.BLOCK_HEIGHT - used))
        parts += self._footer(page)
        return (f"<table width=\"{px(PAGE_W)}\" align=\"center\" cellspacing=\"0\" "
                "cellpadding=\"0\" style=\"background:#ffffff; color:#000000; "
                f"margin-bottom:14px; border:1px solid #a0a0a0;\"><tr><td>{''.join(parts)}"
                "</td></tr></table>")

    def _text_block(self, height: float, text: str, para: b.Para, content: str,
                    style: str) -> str:
        self.blocks.append((text, para))
        return _block(height, content, style)

    def _masthead(self) -> list[str]:
        parts = []
        for para in self.doc.masthead:
            height = MASTHEAD_PARTS[para.role]
            style = _font(para.role) + ("" if para.role == b.MASTHEAD_EDITOR else
                                        " text-align:center;")
            if para.role == b.MASTHEAD_NAME:
                style += " color:#ff0000;"
            if para.role == b.MASTHEAD_EDITOR:
                parts += [self._editor_line(para), _rule("#ff0000", RED_RULE)]
                continue
            parts.append(self._text_block(height, para.text, para, escape(para.text), style))
        return parts

    def _editor_line(self, para: b.Para) -> str:
        """Organisation at the left, date at the right: a table row between the margins."""
        left, _, right = para.text.partition("\t")
        self.blocks.append((left, para))
        cells = (f"<td width=\"{px(MARGIN_LEFT)}\"></td><td>{escape(left)}</td>"
                 f"<td align=\"right\">{escape(right)}</td><td width=\"{px(MARGIN_RIGHT)}\"></td>")
        return (f"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" style=\""
                f"{_font(para.role)} margin-top:{px(120)}px;\"><tr>{cells}</tr></table>")

    def _line(self, line: pg.Line) -> str:
        para = self.doc.body[line.para]
        start = self._starts.get(line.para, 0)
        self._starts[line.para] = start + len(line.text)
        indent = f" text-indent:{px(pg.FIRST_LINE_INDENT)}px;" if line.first else ""
        return self._text_block(pg.LINE_PITCH, line.text, para,
                                _runs(para, line.text, start), _font(para.role) + indent)

    def _distribution(self) -> list[str]:
        """The 版记 lines between rules, wrapped by the view at the grid pitch."""
        paras = self.doc.distribution
        parts = [_rule("#000000")]
        for index, para in enumerate(paras):
            style = _font(para.role) + f" margin-left:{px(MARGIN_LEFT + pg.DIST_CHAR)}px;"
            if para.role == b.DIST_COPIES:
                style += f" text-align:right; margin-right:{px(MARGIN_RIGHT + pg.DIST_CHAR)}px;"
            parts.append(self._text_block(pg.LINE_PITCH, para.text, para,
                                          escape(para.text), style + " white-space:pre-wrap;"))
            if index + 1 == len(paras) or paras[index + 1].role == b.DIST_LINE:
                parts.append(_rule("#000000"))  # （共印N份） shares the last row
        return parts

    def _footer(self, page: pg.Page) -> list[str]:
        text = "" if page.number is None else f"\u2014 {page.number} \u2014"
        side = "right" if (page.number or 0) % 2 else "left"
        inset = f"margin-{side}:{px((MARGIN_RIGHT if side == 'right' else MARGIN_LEFT) + 280)}px;"
        style = _font(b.DIST_LINE) + f" text-align:{side}; {inset}"
        below = PAGE_H - MARGIN_TOP - pg.BLOCK_HEIGHT
        return [_block(PAGE_NUMBER_GAP - 140), _block(280, escape(text), style),
                _block(below - PAGE_NUMBER_GAP - 140)]


class Preview(QObject):
    """Keeps a QTextBrowser showing the bulletin's pages; emits the anchor of a clicked line."""

    anchorClicked = Signal(str)  # noqa: N815
    fieldClicked = Signal(str, str)  # noqa: N815 - the anchor and the field of a clicked line

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__(view)
        self.view = view
        self.layout: pg.Layout | None = None
        self._text = ""
        self._block_para: dict[int, b.Para] = {}
        self._shown: tuple[b.Bulletin, bool] | None = None
        self._zoom = 1.0
        # A resized pane shows its pages again at its new width, but never from inside
        # setHtml: the Resize that setHtml itself caused (its scroll bar coming or going) set
        # the pages again before the first setting had finished, and the document held both —
        # every page twice, the 报头 below — 1 —, a scroll bar for a document twice as tall.
        # The scroll bar is always there, so the width the pages are fitted to does not
        # depend on how long the document is.
        self._setting = False
        self._clicked = ""  # the anchor of the line last clicked, until the outline follows
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        view.viewport().installEventFilter(self)

    @property
    def page_width(self) -> int:
        """The width in pixels of a page at full size (with its border)."""
        return round(PAGE_W * PX) + 4

    def _fit_zoom(self) -> float:
        """A page's full width, or as much of it as the pane holds (never below MIN_ZOOM)."""
        room = self.view.viewport().width() - 2 * self.view.document().documentMargin() - 24
        return max(MIN_ZOOM, min(1.0, room / self.page_width))

    @property
    def page_count(self) -> int:
        return self.layout.page_count if self.layout is not None else 0

    def show(self, doc: b.Bulletin, even_page: bool | None = None) -> None:
        """Show ``doc``; ``even_page`` defaults to the database's 版记 setting."""
        if even_page is None:
            from zwdesk.store.settings import banji_even_page

            even_page = banji_even_page()
        global _zoom
        self.layout, self._shown = pg.layout(doc, even_page), (doc, even_page)
        _zoom = self._fit_zoom()
        pages = _PageHtml(doc, self.layout)
        html = pages.html()
        self._zoom = _zoom
        scroll = self.view.verticalScrollBar().value()
        self._setting = True
        try:
            self.view.setHtml(html)
        finally:
            self._setting = False
        self.view.verticalScrollBar().setValue(scroll)
        self._text = "\n".join(p.text for p in doc.paragraphs())
        self._map_blocks(pages.blocks)

    def _map_blocks(self, expected: list[tuple[str, str]]) -> None:
        """Text block number → anchor: walk the view's blocks (spacers, rules and table cells
        are blocks too) and match each printed line's text in order."""
        self._block_para.clear()
        index = 0
        block = self.view.document().begin()
        while block.isValid() and index < len(expected):
            if block.text() == expected[index][0]:
                self._block_para[block.blockNumber()] = expected[index][1]
                index += 1
            block = block.next()

    def show_anchor(self, anchor: str) -> None:
        """Bring the first printed line of ``anchor`` (a part chosen in the outline) near the
        top, unless it is in the upper half of the view already. A part chosen by clicking
        one of its lines here leaves the pages where they are."""
        clicked, self._clicked = self._clicked, ""
        numbers = sorted(n for n, para in self._block_para.items() if para.anchor == anchor)
        if not numbers or anchor == clicked:
            return
        bar = self.view.verticalScrollBar()
        first = self.view.cursorRect(  # in the viewport's coordinates
            QTextCursor(self.view.document().findBlockByNumber(numbers[0])))
        if 0 <= first.top() <= self.view.viewport().height() / 2:
            return
        bar.setValue(bar.value() + first.top() - px(2 * pg.LINE_PITCH))

    def plain_text(self) -> str:
        """The text of the paragraphs, one a line (not broken where the pages break them)."""
        return self._text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Resize and not self._setting
                and self._shown is not None and abs(self._fit_zoom() - self._zoom) > 0.02):
            self.show(*self._shown)  # the pane was resized: pages to its new width
        if event.type() == QEvent.Type.MouseButtonRelease:
            cursor = self.view.cursorForPosition(event.position().toPoint())
            para = self.para_at_block(cursor.block().blockNumber())
            if para is not None:
                self._clicked = para.anchor
                self.anchorClicked.emit(para.anchor)
                if para.field:  # the item, paragraph or line itself, not just its section
                    self.fieldClicked.emit(para.anchor, para.field)
        return False

    def para_at_block(self, number: int) -> b.Para | None:
        """The paragraph of the nearest line at or before a text block."""
        candidates = [n for n in self._block_para if n <= number]
        return self._block_para[max(candidates)] if candidates else None
