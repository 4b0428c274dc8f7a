"""The printed pages of a bulletin, computed from its text: where lines and pages break.

The body sits on a fixed grid (GB/T 9704-2012: 22 lines of 28 characters, exact 579-twip
spacing), so the pages can be worked out without an office suite, the way LibreOffice lays
out the exported .docx (scripts/check_pages.py compares the two):

- a CJK character or full-width punctuation mark takes one cell (16 pt less the −0.25 pt
  condensing of the template's body styles); Latin letters and digits take the widths of
  HALF_EM and HEITI_ASCII (measured in LibreOffice's PDFs, x1 − x0 of each character, in the
  fonts resources/fontconfig-zwdesk.conf maps the official names to), and LibreOffice adds
  AUTOSPACE between a letter or digit and a CJK ideograph;
- the first line of a paragraph is indented by two 3号 characters (640 twips);
- a line breaks between any two CJK characters, never inside a run of Latin letters and
  digits, never before a mark of NO_LINE_START (。，、；：？！”）》…) nor after one of NO_LINE_END
  (“（《…): the character before such a mark goes down with it (no hanging punctuation, no
  compression: the template switches both off);
- page 1 starts below the 报头 (MASTHEAD_HEIGHT); a heading stays with the first line of the
  paragraph after it (keepNext); nothing else keeps lines together (no widow control);
- the 版记 is a box of DISTRIBUTION_HEIGHT at the foot of the last page, below the last line
  of text, or at the foot of a page of its own when the text leaves no room for it.

No Qt and no database: the app's preview, its checks, the exporter and the scripts share it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zwdesk.core import bulletin as b

# --- the grid, in twips (1/20 pt), as in scripts/build_template.py --------------------------
LINE_PITCH = 579
LINES_PER_PAGE = 22
BLOCK_HEIGHT = LINE_PITCH * LINES_PER_PAGE
BLOCK_WIDTH = 8845  # 156 mm
BODY_SIZE = 320  # 3号, 16 pt
CONDENSED = -5  # −0.25 pt after every character of the body styles
FIRST_LINE_INDENT = 640  # two 3号 characters
# Between a letter or digit and a CJK character (measured: 3.47 pt at 3号).
AUTOSPACE = 69
DIST_SIZE = 280  # 4号, 14 pt: the 版记
DIST_CHAR = 280  # the 版记's indents are counted in 4号 characters
# The 报头 on page 1: name 1580 + 120 after, 期号 579, 编发 120 before + 579 + its red rule
# (2.25 pt + 4 pt), 时段 240 + 579 + 240. LibreOffice puts the first body line 4161 twips below
# the top of the block (measured on the sample's PDF), so page 1 holds 14 lines of text.
MASTHEAD_HEIGHT = 1700 + 579 + 824 + 1059
# The 版记 text box (see docx_render): a 20-twip allowance for each rule, a 20-twip closing
# paragraph, and the lines at the grid pitch; the 20-twip paragraph that anchors it must fit
# above it.
RULE_ALLOWANCE = 20
DIST_PLACEHOLDER = 20

FANGSONG, KAITI, HEITI = "fangsong", "kaiti", "heiti"
ROLE_FONTS = {b.HEADING1: HEITI, b.HEADING2: KAITI}
RUN_FONTS = {b.RUN_IN_HEADING: KAITI}
HEADINGS = (b.HEADING1, b.HEADING2)

# Advance widths of printable ASCII in thousandths of an em. AR PL SungtiL GB (仿宋) and AR PL
# KaitiM GB (楷体) give every ASCII character half an em; Noto Sans CJK SC (黑体) is
# proportional. Everything else (CJK, full-width marks, “” — …) is one em.
HALF_EM = 500
HEITI_ASCII = dict(zip(
    "".join(map(chr, range(0x20, 0x7F))),
    (224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392,
     *(555,) * 10, 278, 278, 555, 555, 555, 474, 946,
     608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646, 543, 812, 723, 742, 633, 742,
     635, 596, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338, 555, 559, 606,
     563, 618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606, 620, 620,
     388, 468, 377, 607, 521, 802, 498, 521, 475, 338, 270, 338, 555),
    strict=True))

# Line-breaking rules (LibreOffice's for zh-CN, with the marks the bulletin uses).
NO_LINE_START = frozenset("!%),.:;?]}¢°·'\"、。〉》」』】〕〗〞︰！％），．：；？］｝～’”…—‥・ー")
QUOTES = frozenset("“”‘’")  # they stick to a letter or digit next to them
NO_LINE_END = frozenset("$([{£¥'\"〈《「『【〔〖〝（［｛￡￥“‘")


def advance(char: str, font: str, size: int, spacing: int = 0) -> float:
    """Width of ``char`` in twips, in a font of ``size`` twips with ``spacing`` added."""
    if " " <= char <= "~":
        em = HEITI_ASCII[char] if font == HEITI else HALF_EM
    elif unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0.0
    else:
        em = 1000
    return em * size / 1000 + spacing


def _latin(char: str) -> bool:
    return "!" <= char <= "~"


def _ideograph(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and unicodedata.east_asian_width(char) in "WF"


def spaced(before: str, after: str) -> bool:
    """Whether LibreOffice puts AUTOSPACE between two characters: a letter or digit next to a
    CJK ideograph, not a punctuation mark (although the template says w:autoSpaceDE="0")."""
    return ((before.isascii() and before.isalnum() and _ideograph(after))
            or (_ideograph(before) and after.isascii() and after.isalnum()))


def can_break(text: str, at: int) -> bool:
    """Whether a line may end between ``text[at - 1]`` and ``text[at]``."""
    before, after = text[at - 1], text[at]
    if after == " ":
        return False  # spaces stay at the end of the line
    if before == " ":
        return True
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _latin(before) and (_latin(after) or after in QUOTES or after in NO_LINE_END):
        return before in "/-" and after.isalpha()  # RB/ | T214, Wi- | Fi
    return not (_latin(after) and (before in QUOTES or before in "，、"))


def break_lines(text: str, widths: Sequence[float], width: float,
                first_indent: float = 0) -> list[str]:
    """``text`` broken into lines of at most ``width`` twips (the first one indented)."""
    lines: list[str] = []
    start, room = 0, width - first_indent
    while start < len(text):
        end = _fitting(widths, start, room)
        if end < len(text):
            end = _break_before(text, start, end)
        lines.append(text[start:end])
        start, room = end, width
    return lines or [""]


def _fitting(widths: Sequence[float], start: int, room: float) -> int:
    used, end = 0.0, start
    while end < len(widths) and used + widths[end] <= room + 0.01:
        used += widths[end]
        end += 1
    return max(end, start + 1)  # a character wider than the line still takes one line


def _break_before(text: str, start: int, end: int) -> int:
    """Where the line that fits ``text[start:end]`` really ends."""
    while end < len(text) and text[end] == " ":
        end += 1  # spaces hang at the end of the line
    at = end
    while at > start and not can_break(text, at):
        at -= 1
    return at if at > start else end


def paragraph_lines(para: b.Para) -> list[str]:
    """The lines a body paragraph takes on the grid."""
    font = ROLE_FONTS.get(para.role, FANGSONG)
    widths = [advance(char, RUN_FONTS.get(run.role or "", font), BODY_SIZE, CONDENSED)
              for run in para.runs for char in run.text]
    text = para.text
    for at in range(1, len(text)):
        if spaced(text[at - 1], text[at]):
            widths[at] += AUTOSPACE
    if "\n" not in text:
        return break_lines(text, widths, BLOCK_WIDTH, FIRST_LINE_INDENT)
    lines: list[str] = []
    offset = 0
    for number, part in enumerate(text.split("\n")):
        piece = widths[offset:offset + len(part)]
        lines += break_lines(part, piece, BLOCK_WIDTH, 0 if number else FIRST_LINE_INDENT)
        offset += len(part) + 1
    return lines


def conservative_line_count(text: str, size: int, width: float, first_indent: float = 0) -> int:
    """Lines ``text`` takes, rounded up: every character one em or half an em, one character's
    width held back on each line for what the line-breaking rules may push down. The 版记
    box is as tall as this says (too tall is harmless, too short would cut a line off)."""
    room = width - size
    lines, used, line_room = 1, 0.0, room - first_indent
    for char in text:
        if char == "\n":
            lines, used, line_room = lines + 1, 0.0, room
            continue
        step = size if unicodedata.east_asian_width(char) in "FWA" else size // 2
        if used + step > line_room:
            lines, used, line_room = lines + 1, 0.0, room
        used += step
    return lines


def distribution_height(paras: Sequence[b.Para]) -> int:
    """Height in twips of the 版记 box: its lines in 4号 at the grid pitch and its rules."""
    rows = max(1, sum(p.role == b.DIST_LINE for p in paras))
    total = (rows + 1) * RULE_ALLOWANCE + DIST_PLACEHOLDER
    for para in paras:
        indents = 4 * DIST_CHAR if para.role == b.DIST_LINE else DIST_CHAR
        first = -2 * DIST_CHAR if para.role == b.DIST_LINE else 0
        count = conservative_line_count(para.text, DIST_SIZE, BLOCK_WIDTH - indents, first)
        total += count * LINE_PITCH
    return total


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    para: int  # index of its paragraph in Bulletin.body
    text: str
    first: bool  # the paragraph's first line (indented)


@dataclass
class Page:
    number: int | None  # the printed page number; None where none is printed
    masthead: bool = False  # page 1: the 报头 above the text
    lines: list[Line] = field(default_factory=list)
    distribution: bool = False  # the 版记 sits at the foot of this page

    @property
    def blank(self) -> bool:
        return not (self.masthead or self.lines or self.distribution)


# How the 版记 reaches an even page (Layout.distribution_move).
STAYS = ""
NEXT_PAGE = "next_page"  # off the odd page it would share with text
AFTER_BLANK_PAGE = "after_blank_page"  # it would stand alone on an odd page


@dataclass
class Layout:
    pages: list[Page]
    line_counts: list[int]  # lines of each body paragraph, in order
    distribution_height: int  # twips
    distribution_move: str = STAYS

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def last_text_page(self) -> Page:
        return next(page for page in reversed(self.pages) if page.lines or page.masthead)


def layout(bulletin: b.Bulletin, even_page: bool = False) -> Layout:
    """The pages of ``bulletin``. With ``even_page`` (double-sided printing) the 版记 ends on an
    even page: off an odd page it shares with text onto the next page, or, where it would
    stand alone on an odd page, after a blank page (both unnumbered, GB/T 9704-2012 7.5)."""
    return _paginate(bulletin, [paragraph_lines(p) for p in bulletin.body], even_page)


def _paginate(bulletin: b.Bulletin, lines: list[list[str]], even_page: bool) -> Layout:
    pager = _Pager()
    for index, texts in enumerate(lines):
        pager.add(index, texts, _kept_with_next(bulletin.body, lines, index))
    height = distribution_height(bulletin.distribution) if bulletin.distribution else 0
    move = pager.add_distribution(height, even_page) if bulletin.distribution else STAYS
    return Layout(pager.pages, [len(x) for x in lines], height, move)


def shorter_by_cutting(bulletin: b.Bulletin, even_page: bool = False,
                       most: int = 2 * LINES_PER_PAGE) -> tuple[int, int] | None:
    """The fewest lines of text that, taken from the end, make the bulletin shorter (the 版记
    needs its room too), and the pages it then has; None if not within ``most`` lines."""
    lines = [paragraph_lines(p) for p in bulletin.body]
    pages = _paginate(bulletin, lines, even_page).page_count
    for cut in range(1, most + 1):
        fewer = _paginate(bulletin, _without_last_lines(lines, cut), even_page).page_count
        if fewer < pages:
            return cut, fewer
    return None


def _without_last_lines(lines: list[list[str]], cut: int) -> list[list[str]]:
    kept, left = [list(texts) for texts in lines], cut
    for texts in reversed(kept):
        taken = min(left, len(texts))
        del texts[len(texts) - taken:]
        left -= taken
    return kept


def _kept_with_next(body: Sequence[b.Para], lines: Sequence[list[str]], index: int) -> int:
    """Lines that must share a page with the start of paragraph ``index``: a heading takes
    the next paragraph's first line with it (and a heading after it, that one's)."""
    kept = 0
    while index < len(body) and body[index].role in HEADINGS:
        kept += len(lines[index])
        index += 1
    return kept + 1 if kept and index < len(body) else max(kept, 1)


class _Pager:
    def __init__(self) -> None:
        self.pages = [Page(1, masthead=True)]
        self.top = MASTHEAD_HEIGHT  # twips used on the current page

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.top = 0

    def room(self) -> int:
        return (BLOCK_HEIGHT - self.top) // LINE_PITCH

    def add(self, index: int, texts: Iterable[str], together: int) -> None:
        page = self.pages[-1]
        if together > self.room() and (page.lines or page.masthead) and together <= LINES_PER_PAGE:
            self.new_page()
        for number, text in enumerate(texts):
            if self.room() < 1:
                self.new_page()
            self.pages[-1].lines.append(Line(index, text, number == 0))
            self.top += LINE_PITCH

    def add_distribution(self, height: int, even_page: bool) -> str:
        """Put the 版记 at the foot of the last page or a new one; say how it was moved."""
        if self.top + DIST_PLACEHOLDER > BLOCK_HEIGHT - height:
            self.new_page()
        move = STAYS
        if even_page and len(self.pages) % 2:
            shared = bool(self.pages[-1].lines or self.pages[-1].masthead)
            move = NEXT_PAGE if shared else AFTER_BLANK_PAGE
            self.new_page()
            if not shared:  # the odd page stays blank; neither page carries a number
                self.pages[-2].number = self.pages[-1].number = None
        self.pages[-1].distribution = True
        return move
