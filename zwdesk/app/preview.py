"""The live preview: the bulletin's paragraphs as a page-like HTML view that follows typing.

Close to the printed page (fonts, sizes, red masthead, rule, indents), not a page renderer.
Each paragraph is one text block, so a click maps back to the anchor of the outline node it
came from.
"""

from __future__ import annotations

from html import escape

from zwdesk.app.qt import QEvent, QObject, QTextBrowser, Signal
from zwdesk.core import bulletin as b

FANGSONG = "'FangSong_GB2312', '仿宋_GB2312', 'FangSong', '仿宋', 'AR PL SungtiL GB', serif"
KAITI = "'KaiTi_GB2312', '楷体_GB2312', 'KaiTi', '楷体', 'AR PL KaitiM GB', serif"
HEITI = "'SimHei', '黑体', 'Noto Sans CJK SC', sans-serif"
XIAOBIAOSONG = "'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'Noto Serif CJK SC', serif"

# The printed sizes (3号 = 16 pt body, 4号 = 14 pt) at three quarters, so that a page's 28
# characters a line fit a preview pane of about 480 pixels.
SCALE = 0.75
BODY_PT = 16 * SCALE
PAGE_WIDTH_PX = round(28 * BODY_PT * 96 / 72)


def _pt(size: float) -> str:
    return f"font-size:{size * SCALE:g}pt;"


# Qt's rich text takes text-indent in pixels only.
_INDENT_PX = round(2 * BODY_PT * 96 / 72)
_BODY = (f"font-family:{FANGSONG}; {_pt(16)} text-indent:{_INDENT_PX}px; margin:0;"
         " line-height:135%;")
STYLES = {
    b.MASTHEAD_NAME: f"font-family:{XIAOBIAOSONG}; {_pt(42)} color:#ff0000;"
                     " text-align:center; margin:8pt 0 4pt 0;",
    b.MASTHEAD_NUMBER: f"font-family:{FANGSONG}; {_pt(16)} text-align:center; margin:2pt 0;",
    b.MASTHEAD_EDITOR: f"font-family:{FANGSONG}; {_pt(14)} margin:8pt 0 0 0;",
    b.PERIOD: f"font-family:{FANGSONG}; {_pt(16)} text-align:center; margin:8pt 0 10pt 0;",
    b.HEADING1: _BODY + f" font-family:{HEITI};",
    b.HEADING2: _BODY + f" font-family:{KAITI};",
    b.BODY: _BODY,
    b.ITEM: _BODY,
    b.INSPECTION: _BODY,
    b.DIST_LINE: f"font-family:{FANGSONG}; {_pt(14)} margin:0 {BODY_PT:g}pt;",
    b.DIST_COPIES: f"font-family:{FANGSONG}; {_pt(14)} text-align:right; margin:0 {BODY_PT:g}pt;",
}
RUN_STYLES = {b.RUN_IN_HEADING: f"font-family:{KAITI};"}
RULE = "<hr style='border:none; height:2px; background:{};'/>"


def bulletin_html(doc: b.Bulletin) -> tuple[str, list[str]]:
    """HTML of the whole bulletin and the anchor of each text block, in order."""
    parts: list[str] = []
    anchors: list[str] = []
    for para in doc.paragraphs():
        if para.role == b.DIST_LINE and (not anchors or anchors[-1] != b.DISTRIBUTION_ANCHOR):
            parts.append(_table_rule())
        parts.append(_paragraph(para))
        anchors.append(para.anchor)
        if para.role == b.MASTHEAD_EDITOR:
            parts.append(RULE.format("#ff0000"))
    parts.append(_table_rule())
    page = (f"<table width='{PAGE_WIDTH_PX}' align='center' cellpadding='16' "
            "style='background:#ffffff; color:#000000;'><tr><td>{}</td></tr></table>")
    return page.format("".join(parts)), anchors


def _first_block_text(para: b.Para) -> str:
    """The text of the first text block a paragraph becomes (the 编发 line is a two-cell table)."""
    return para.text.partition("\t")[0] if para.role == b.MASTHEAD_EDITOR else para.text


def _table_rule() -> str:
    return RULE.format("#000000")


def _paragraph(para: b.Para) -> str:
    if para.role == b.MASTHEAD_EDITOR:
        left, _, right = para.text.partition("\t")
        return (f"<table width='100%' style='{STYLES[para.role]}'><tr>"
                f"<td>{escape(left)}</td><td align='right'>{escape(right)}</td></tr></table>")
    runs = "".join(_run(run) for run in para.runs)
    return f"<p style=\"{STYLES[para.role]}\">{runs}</p>"


def _run(run: b.Run) -> str:
    text = escape(run.text).replace("\n", "<br/>")
    style = RUN_STYLES.get(run.role or "")
    return f"<span style=\"{style}\">{text}</span>" if style else text


class Preview(QObject):
    """Keeps a QTextBrowser showing the bulletin; emits the anchor of a clicked paragraph."""

    anchorClicked = Signal(str)  # noqa: N815

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__(view)
        self.view = view
        self.anchors: list[str] = []
        self._block_anchor: dict[int, str] = {}
        view.viewport().installEventFilter(self)

    def show(self, doc: b.Bulletin) -> None:
        html, self.anchors = bulletin_html(doc)
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(html)
        self.view.verticalScrollBar().setValue(scroll)
        self._map_blocks([_first_block_text(p) for p in doc.paragraphs()])

    def _map_blocks(self, expected: list[str]) -> None:
        """Text block number → anchor. Rules and table cells add blocks of their own, so walk
        the blocks and match each paragraph's text in order."""
        self._block_anchor.clear()
        index = 0
        block = self.view.document().begin()
        while block.isValid() and index < len(expected):
            if block.text().replace("\u2028", "\n") == expected[index]:
                self._block_anchor[block.blockNumber()] = self.anchors[index]
                index += 1
            block = block.next()

    def plain_text(self) -> str:
        return self.view.toPlainText()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseButtonRelease:
            cursor = self.view.cursorForPosition(event.position().toPoint())
            anchor = self.anchor_at_block(cursor.block().blockNumber())
            if anchor:
                self.anchorClicked.emit(anchor)
        return False

    def anchor_at_block(self, number: int) -> str | None:
        """The anchor of the nearest paragraph at or before a text block."""
        candidates = [n for n in self._block_anchor if n <= number]
        return self._block_anchor[max(candidates)] if candidates else None
