"""The printed pages of a bulletin, computed from its text: where lines and pages break.

The body sits on a fixed grid (GB/T 9704-2012: 22 lines of 28 characters, exact 579-twip
spacing), so the pages can be worked out without an office suite, the way LibreOffice lays
out the exported .docx (scripts/check_pages.py compares the two):

- a CJK character or full-width punctuation mark takes one cell (16 pt less the −0.25 pt
  condensing of the template's body styles); Latin letters and digits take the widths of
  HALF_EM and HEITI_ASCII (measured in LibreOffice's PDFs, x1 − x0 of each character, in the
  fonts resources/fontconfig-zwdesk.conf maps the official names to), LibreOffice adds its
  autospace between a letter or digit and a CJK ideograph, and leaves the condensing off the
  last character of a portion (a run of one script and font);
- the first line of a paragraph is indented by two 3号 characters (640 twips);
- a line breaks before the first character that does not fit, where the break iterator of
  that character's portion allows (see line_end): in Chinese text anywhere but before a mark
  of NO_LINE_START (。，、；：？！”）》…) or after one of NO_LINE_END (“（《…), so the character
  before such a mark goes down with it (no hanging punctuation, no compression: the template
  switches both off); in Latin text by the Unicode line-breaking rules (words, numbers and
  codes such as RB/T214-2017 kept whole where they can be);
- page 1 starts below the 报头 (MASTHEAD_HEIGHT); a heading stays with the first line of the
  paragraph after it (keepNext); nothing else keeps lines together (no widow control);
- the 版记 is a box of DISTRIBUTION_HEIGHT at the foot of the last page, below the last line
  of text, or at the foot of a page of its own when the text leaves no room for it.

printed_pages then says where everything is printed — each line's characters with their
advances (justified as LibreOffice justifies Chinese text), the 报头 and its red rule, the page
numbers, the 版记 and its rules — for the OFD export (zwdesk.core.ofd).

No Qt and no database: the app's preview, its checks, the exporters and the scripts share it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from zwdesk.core import bulletin as b

# --- the grid, in twips (1/20 pt), as in scripts/build_template.py --------------------------
LINE_PITCH = 579
LINES_PER_PAGE = 22
BLOCK_HEIGHT = LINE_PITCH * LINES_PER_PAGE
BLOCK_WIDTH = 8845  # 156 mm
BODY_SIZE = 320  # 3号, 16 pt
CONDENSED = -5  # −0.25 pt after every character of the body styles
FIRST_LINE_INDENT = 640  # two 3号 characters
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

# The forbidden characters of LibreOffice's zh-CN locale: none of these starts a line, none
# of the second set ends one (the template switches hanging punctuation off).
NO_LINE_START = frozenset(":!),.:;?]}¢'\"、。〉》」』】〕〗〞︰︱︳﹐､﹒﹔﹕﹖﹗﹚﹜﹞"
                          "！），．：；？｜｝︴︶︸︺︼︾﹀﹂﹄﹏､～￠々‖•·ˇˉ―--′’”")
NO_LINE_END = frozenset("([{£¥'\"‵〈《「『【〔〖（［｛￡￥〝︵︷︹︻︽︿﹁﹃﹙﹛﹝（｛“‘")


def advance(char: str, font: str, size: float, spacing: float = 0) -> float:
    """Width of ``char`` in twips, in a font of ``size`` twips with ``spacing`` added."""
    em = _em(char, font)
    return em * size / 1000 + spacing if em else 0.0


@lru_cache(maxsize=4096)
def _em(char: str, font: str) -> int:
    """Advance of ``char`` in thousandths of an em (0: it takes no room)."""
    if " " <= char <= "~":
        return HEITI_ASCII[char] if font == HEITI else HALF_EM
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 1000


def _latin(char: str) -> bool:
    return "!" <= char <= "~"


@lru_cache(maxsize=4096)
def _ideograph(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and unicodedata.east_asian_width(char) in "WF"


def spaced(before: str, after: str) -> bool:
    """Whether LibreOffice puts its autospace between two characters: a letter or digit next
    to a CJK ideograph, not a punctuation mark (although the template says w:autoSpaceDE="0")."""
    return ((before.isascii() and before.isalnum() and _ideograph(after))
            or (_ideograph(before) and after.isascii() and after.isalnum()))


def autospace(size: float) -> float:
    """The space LibreOffice puts between a letter or digit and an ideograph: a fifth of the
    font size (measured: 3.2 pt at 3号, 2.8 pt at 4号)."""
    return size / 5


# --- scripts: LibreOffice lays a paragraph out in portions of one script and one font --------
ASIAN, LATIN = "asian", "latin"


def _script(char: str) -> str | None:
    """Latin (ASCII), Asian (the rest), or None for a weak character (a space, the general
    punctuation “ ” ‘ ’ — …), which belongs to the portion before it."""
    if char in " \n" or "\u2000" <= char <= "\u206f":
        return None
    return LATIN if char.isascii() else ASIAN


def scripts(text: str) -> list[str]:
    """The script of each character's portion (weak characters take the script before them,
    at the start the first one after)."""
    found = [_script(char) for char in text]
    last = LATIN
    out = []
    for script in found:
        last = script or last
        out.append(last)
    return out


def char_steps(text: str, fonts: Sequence[str], size: float, spacing: float = 0) -> list[float]:
    """From each character's origin to the next one's, as LibreOffice sets a line: the
    glyph's advance with the condensing ``spacing``, except after the last character of a
    portion (where the script or the font changes), and its autospace between a letter or
    digit and an ideograph."""
    return _measure(text, fonts, size, spacing)[2]


def _measure(text: str, fonts: Sequence[str], size: float, spacing: float
             ) -> tuple[list[str], list[float], list[float]]:
    """The script of each character, its full width, and its step (see char_steps)."""
    kinds = scripts(text)
    widths = [advance(char, font, size) for char, font in zip(text, fonts, strict=True)]
    steps = [width + spacing if width else 0.0 for width in widths]
    for at in range(len(text) - 1):
        if kinds[at] != kinds[at + 1] or fonts[at] != fonts[at + 1]:
            steps[at] = widths[at]
            if spaced(text[at], text[at + 1]):
                steps[at] += autospace(size)
    return kinds, widths, steps


# --- line breaks ------------------------------------------------------------------------------
# LibreOffice breaks a line before the first character that does not fit, at a place the break
# iterator of that character's portion allows: in an Asian portion anywhere but before a
# NO_LINE_START mark or after a NO_LINE_END one (the zh-CN locale's forbidden characters); in
# a Latin portion where the Unicode line-breaking rules of its line.txt allow (UAX #14).

# The classes of UAX #14 the bulletin's characters fall in.
_CLASSES = {
    **dict.fromkeys("0123456789", "NU"), **dict.fromkeys(".,:;", "IS"), "/": "SY", "-": "HY",
    **dict.fromkeys("!?！？", "EX"), **dict.fromkeys("([{（《〈「『【〔〖［｛", "OP"),
    **dict.fromkeys(")]}），、。》〉」』】〕〗］｝", "CL"), **dict.fromkeys("：；", "NS"),
    **dict.fromkeys("“”‘’\"'", "QU"), **dict.fromkeys("%％‰°", "PO"),
    **dict.fromkeys("$+\\＄￥¥", "PR"), "—": "B2", **dict.fromkeys("…‥", "IN"), " ": "SP",
    "|": "BA",
}
# Pairs of classes with no break between them (LB 13–30; a space always allows one after it).
_NO_BREAK_AFTER = {"OP", "QU"}
_NO_BREAK_BEFORE = {"CL", "EX", "IS", "SY", "QU", "HY", "NS", "BA", "SP"}
_GLUED = {("CL", "NS"), ("B2", "B2"), ("AL", "IN"), ("ID", "IN"), ("IN", "IN"), ("NU", "IN"),
          ("ID", "PO"), ("AL", "NU"), ("NU", "AL"), ("PR", "ID"), ("PR", "AL"), ("PO", "AL"),
          ("AL", "PR"), ("PR", "NU"), ("PO", "NU"), ("NU", "NU"), ("NU", "PO"), ("NU", "PR"),
          ("SY", "NU"), ("AL", "AL"), ("IS", "AL"), ("IS", "NU"), ("AL", "OP"), ("NU", "OP"),
          ("CL", "AL"), ("CL", "NU")}


def _class(char: str) -> str:
    if char in _CLASSES:
        return _CLASSES[char]
    if char.isascii() or unicodedata.east_asian_width(char) not in "WF":
        return "AL"
    return "ID"


def latin_break(text: str, at: int) -> bool:
    """Whether the Unicode rules allow a line to end between ``text[at - 1]`` and
    ``text[at]``."""
    before, after = _class(text[at - 1]), _class(text[at])
    if before == "SP":
        return after != "SP"
    return not (before in _NO_BREAK_AFTER or after in _NO_BREAK_BEFORE
                or (before, after) in _GLUED)


def _asian_end(text: str, start: int, cut: int) -> int:
    while cut > start and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
        cut -= 1
    return cut


def _latin_end(text: str, start: int, cut: int) -> int:
    """The break before ``cut`` (or at it) the Unicode rules allow; LibreOffice never ends a
    line after a slash when there is a space to break at instead within 66 characters."""
    if latin_break(text, cut) and text[cut - 1] != "/":
        return cut
    at = cut - 1
    while at > start and not latin_break(text, at):
        at -= 1
    if at > start and text[at - 1] == "/":
        space = text.rfind(" ", max(start, at - 66), at - 1)
        at = space + 1 if space >= 0 else at
    return at


def _portion_start(kinds: Sequence[str], start: int, at: int) -> int:
    """The start of the portion holding ``at`` on a line from ``start``."""
    while at > start and kinds[at - 1] == kinds[at]:
        at -= 1
    return at


def _portion_script(text: str, kinds: Sequence[str], first: int, cut: int) -> str:
    """The script whose break iterator decides: that of the portion (from ``first``) holding
    ``cut``, or, where no letter or digit stands between its start and ``cut``, that of the
    last one before it."""
    at = cut
    while at > 0 and at >= first and not text[at].isalnum():
        at -= 1
    return kinds[at] if at < first else kinds[cut]


def line_end(text: str, kinds: Sequence[str], start: int, cut: int) -> int:
    """Where a line from ``start`` ends when ``text[cut]`` is the first character that does
    not fit: spaces hang at its end; where the portion's break iterator finds a break only
    before the portion, the portion before it breaks as if its own last character did not fit
    (LibreOffice's underflow); no break at all cuts at ``cut``."""
    if cut >= len(text):
        return len(text)
    if text[cut] == " ":
        while cut < len(text) and text[cut] == " ":
            cut += 1
        return cut
    at = cut
    while True:
        first = _portion_start(kinds, start, at)
        script = _portion_script(text, kinds, first, at)
        end = (_asian_end if script == ASIAN else _latin_end)(text, start, at)
        if end >= first or first <= start:
            break
        at = first - 1
    return end if end > start else cut


def break_lines(text: str, fonts: Sequence[str], size: float, spacing: float, width: float,
                first_indent: float = 0) -> list[str]:
    """``text`` broken into lines of at most ``width`` twips (the first one indented), in
    ``fonts`` (one per character) of ``size`` condensed by ``spacing``."""
    # The last character on a line ends a portion: it keeps its full width.
    kinds, last, steps = _measure(text, fonts, size, spacing)
    lines: list[str] = []
    start, room = 0, width - first_indent
    while start < len(text):
        cut, used = start, 0.0
        while cut < len(text) and used + last[cut] <= room + 0.01:
            used += steps[cut]
            cut += 1
        end = line_end(text, kinds, start, max(cut, start + 1))
        lines.append(text[start:end])
        start, room = end, width
    return lines or [""]


def char_fonts(para: b.Para) -> list[str]:
    """The font of each character of a body paragraph (a run-in heading in its own)."""
    font = ROLE_FONTS.get(para.role, FANGSONG)
    return [RUN_FONTS.get(run.role or "", font) for run in para.runs for _ in run.text]


def paragraph_lines(para: b.Para) -> list[str]:
    """The lines a body paragraph takes on the grid (a line break in it starts a new line
    flush left)."""
    lines: list[str] = []
    offset, fonts = 0, char_fonts(para)
    for number, part in enumerate(para.text.split("\n")):
        lines += break_lines(part, fonts[offset:offset + len(part)], BODY_SIZE, CONDENSED,
                             BLOCK_WIDTH, 0 if number else FIRST_LINE_INDENT)
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
    move = STAYS
    if bulletin.distribution:
        move = pager.add_distribution(height, even_page, _trailing_heading_lines(bulletin, lines))
    return Layout(pager.pages, [len(x) for x in lines], height, move)


def _trailing_heading_lines(bulletin: b.Bulletin, lines: list[list[str]]) -> int:
    """Lines of the headings that end the body (a heading over an empty block): they are kept
    with the 版记's anchor, as with the next paragraph."""
    count = 0
    for para, texts in zip(reversed(bulletin.body), reversed(lines), strict=True):
        if para.role not in HEADINGS:
            break
        count += len(texts)
    return count


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

    def add_distribution(self, height: int, even_page: bool, kept: int = 0) -> str:
        """Put the 版记 at the foot of the last page or a new one, taking the last ``kept``
        lines along; say how it was moved."""
        if self.top + DIST_PLACEHOLDER > BLOCK_HEIGHT - height:
            last = self.pages[-1].lines
            taken = last[len(last) - kept:] if 0 < kept < len(last) else []
            del last[len(last) - len(taken):]
            self.new_page()
            self.pages[-1].lines += taken
            self.top += len(taken) * LINE_PITCH
        move = STAYS
        if even_page and len(self.pages) % 2:
            shared = bool(self.pages[-1].lines or self.pages[-1].masthead)
            move = NEXT_PAGE if shared else AFTER_BLANK_PAGE
            self.new_page()
            if not shared:  # the odd page stays blank; neither page carries a number
                self.pages[-2].number = self.pages[-1].number = None
        self.pages[-1].distribution = True
        return move


# --- where it is printed ----------------------------------------------------------------------
# Positions in twips from the page's top-left corner, as LibreOffice prints the exported .docx
# (measured on its PDFs with the fonts resources/fontconfig-zwdesk.conf maps the official
# names to; scripts/check_pages.py and tests/core/test_ofd.py compare them).

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_LEFT = 2098, 1587  # 37 mm, 28 mm
BLOCK_RIGHT = MARGIN_LEFT + BLOCK_WIDTH
MARGIN_BOTTOM_EDGE = PAGE_HEIGHT - 1984  # the bottom margin (35 mm): the 版记 box stands on it
XIAOBIAOSONG, SONGTI = "xiaobiaosong", "songti"  # the 报头's name; the page numbers
BLACK, RED = "000000", "FF0000"
TITLE_SIZE, NUMBER_SIZE = 1000, 280  # the 报头's name (50 pt), the page numbers (4号)
# The baseline below the top of a grid line (黑体, Noto Sans CJK, sits lower), and below the
# top of an exact 579-twip line off the grid (the 编发 line, the 版记) in 4号.
GRID_BASELINE = {FANGSONG: 420, KAITI: 420, HEITI: 438}
OFF_GRID_BASELINE = 466
# The 报头 (MASTHEAD_HEIGHT): the name's baseline, the tops of the 期号, 编发 and 时段 lines,
# and the red rule under the 编发 line (2.25 pt), below the top of the block.
NAME_BASELINE = 1274
NUMBER_TOP, EDITOR_TOP, PERIOD_TOP = 1700, 2399, 3343
EDITOR_RULE, EDITOR_RULE_WIDTH = 3085, 45
# — N —: its baseline, one 4号 character in from the outer side of the block.
PAGE_NUMBER_BASELINE = 15328
# Advances of the page number's characters in 宋体 (Noto Serif CJK SC), thousandths of an em.
SONGTI_ADVANCES = {"—": 890, " ": 256, "0": 557, "1": 471, "2": 558, "3": 557, "4": 555,
                   "5": 558, "6": 558, "7": 549, "8": 558, "9": 562}
# The 版记's rules: 1 pt above and below, 0.75 pt between its rows.
OUTER_RULE, INNER_RULE = 20, 15
JUSTIFIED = frozenset((b.BODY, b.ITEM, b.INSPECTION, b.HEADING1, b.HEADING2))


@dataclass(frozen=True)
class Glyphs:
    """Characters of one font printed on one line."""

    text: str
    x: float  # the first character's origin
    baseline: float
    steps: tuple[float, ...]  # from each character's origin to the next one's
    font: str
    size: int  # twips
    colour: str = BLACK

    @property
    def width(self) -> float:
        return sum(self.steps)


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the block."""

    y: float  # its middle
    thickness: float
    colour: str = BLACK
    x0: float = MARGIN_LEFT
    x1: float = BLOCK_RIGHT


@dataclass
class Printed:
    """What a page prints: text and rules."""

    glyphs: list[Glyphs] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


def printed_pages(bulletin: b.Bulletin, layout: Layout) -> list[Printed]:
    """Every page of ``layout`` as positioned text and rules: the 报头 on page 1, the lines on
    the grid (justified as LibreOffice justifies them), the page numbers, the 版记."""
    starts = _line_starts(bulletin, layout)
    out = []
    for page in layout.pages:
        printed = Printed()
        top = MARGIN_TOP
        if page.masthead:
            _masthead(printed, bulletin.masthead)
            top += MASTHEAD_HEIGHT
        for row, line in enumerate(page.lines):
            para = bulletin.body[line.para]
            printed.glyphs += body_line(para, line, starts[id(line)], top + row * LINE_PITCH)
        if page.distribution:
            _distribution(printed, bulletin.distribution)
        if page.number is not None:
            printed.glyphs.append(page_number(page.number))
        out.append(printed)
    return out


def _line_starts(bulletin: b.Bulletin, layout: Layout) -> dict[int, int]:
    """Where each line starts in its paragraph's text (a line break between lines skipped)."""
    starts: dict[int, int] = {}
    offsets: dict[int, int] = {}
    for line in (line for page in layout.pages for line in page.lines):
        start = offsets.get(line.para, 0)
        text = bulletin.body[line.para].text
        if start < len(text) and text[start] == "\n":
            start += 1
        starts[id(line)] = start
        offsets[line.para] = start + len(line.text)
    return starts


def body_line(para: b.Para, line: Line, start: int, top: float) -> list[Glyphs]:
    """A line of a body paragraph on the grid line whose top is ``top``: one Glyphs per font,
    justified to the width of the block unless it is the paragraph's last line."""
    text, end = para.text, start + len(line.text)
    fonts = char_fonts(para)[start:end]
    steps = char_steps(line.text, fonts, BODY_SIZE, CONDENSED)
    indent = FIRST_LINE_INDENT if line.first else 0
    if para.role in JUSTIFIED and end < len(text):
        _justify(line.text, steps, BLOCK_WIDTH - indent)
    pieces, x, at = [], float(MARGIN_LEFT + indent), 0
    while at < len(steps):
        until = at
        while until < len(steps) and fonts[until] == fonts[at]:
            until += 1
        baseline = top + GRID_BASELINE[fonts[at]]
        pieces.append(Glyphs(line.text[at:until], x, baseline, tuple(steps[at:until]),
                             fonts[at], BODY_SIZE))
        x += sum(steps[at:until])
        at = until
    return [piece for piece in pieces if piece.text.strip()]


def _justify(text: str, steps: list[float], width: float) -> None:
    """Spread what the line leaves of ``width`` as LibreOffice does: the same whole number of
    twips after every character of an Asian portion, after a space, and after a Latin portion
    that an Asian one follows; none after the line's last character."""
    kinds = scripts(text)
    gaps = [at for at in range(len(text) - 1)
            if kinds[at] == ASIAN or text[at] == " " or kinds[at + 1] == ASIAN]
    room = width - sum(steps)
    if gaps and room > 0:
        extra = room // len(gaps)
        for at in gaps:
            steps[at] += extra


def text_steps(text: str, font: str, size: int, spacing: int = 0) -> list[float]:
    """Advances of a line of text in one font (see char_steps)."""
    return char_steps(text, [font] * len(text), size, spacing)


def _centred(text: str, font: str, size: int, baseline: float, spacing: int = 0,
             colour: str = BLACK) -> Glyphs:
    steps = text_steps(text, font, size, spacing)
    x = MARGIN_LEFT + (BLOCK_WIDTH - sum(steps)) / 2
    return Glyphs(text, x, baseline, tuple(steps), font, size, colour)


def _masthead(printed: Printed, paras: Sequence[b.Para]) -> None:
    """The 报头: the name in red, the 期号, the organisation and the date over the red rule,
    the week."""
    for para in paras:
        if para.role == b.MASTHEAD_NAME:
            printed.glyphs.append(_centred(para.text, XIAOBIAOSONG, TITLE_SIZE,
                                           MARGIN_TOP + NAME_BASELINE, colour=RED))
        elif para.role == b.MASTHEAD_NUMBER:
            printed.glyphs.append(_centred(para.text, FANGSONG, BODY_SIZE, MARGIN_TOP + NUMBER_TOP
                                           + GRID_BASELINE[FANGSONG], CONDENSED))
        elif para.role == b.MASTHEAD_EDITOR:
            printed.glyphs += _editor_line(para.text, MARGIN_TOP + EDITOR_TOP + OFF_GRID_BASELINE)
            printed.rules.append(Rule(MARGIN_TOP + EDITOR_RULE, EDITOR_RULE_WIDTH, RED))
        elif para.role == b.PERIOD:
            printed.glyphs.append(_centred(para.text, KAITI, BODY_SIZE, MARGIN_TOP + PERIOD_TOP
                                           + GRID_BASELINE[KAITI], CONDENSED))


def _editor_line(text: str, baseline: float) -> list[Glyphs]:
    """The organisation at the left, the date set right against the block's edge (a tab)."""
    left, _, right = text.partition("\t")
    out = []
    if left:
        out.append(Glyphs(left, MARGIN_LEFT, baseline,
                          tuple(text_steps(left, FANGSONG, DIST_SIZE)), FANGSONG, DIST_SIZE))
    if right:
        steps = text_steps(right, FANGSONG, DIST_SIZE)
        out.append(Glyphs(right, BLOCK_RIGHT - sum(steps), baseline, tuple(steps), FANGSONG,
                          DIST_SIZE))
    return out


def page_number(number: int) -> Glyphs:
    """— N — at the foot: right on odd pages, left on even ones, a 4号 character in."""
    text = f"\u2014 {number} \u2014"
    steps = tuple(SONGTI_ADVANCES.get(char, 500) * NUMBER_SIZE / 1000 for char in text)
    x = BLOCK_RIGHT - DIST_CHAR - sum(steps) if number % 2 else MARGIN_LEFT + DIST_CHAR
    return Glyphs(text, x, PAGE_NUMBER_BASELINE, steps, SONGTI, NUMBER_SIZE)


def distribution_rows(paras: Sequence[b.Para]) -> list[list[b.Para]]:
    """The 版记's rows between its rules: one per 报/送/发 line, （共印N份） in the last."""
    rows = [[p] for p in paras if p.role == b.DIST_LINE] or [[]]
    rows[-1] += [p for p in paras if p.role != b.DIST_LINE]
    return rows


def distribution_lines(para: b.Para) -> list[tuple[str, float]]:
    """A 版记 line broken at 4号 (wrapped lines aligned after 报：), each with its left edge;
    （共印N份） set right, a character in from the block's edge."""
    if para.role != b.DIST_LINE:
        steps = text_steps(para.text, FANGSONG, DIST_SIZE)
        return [(para.text, BLOCK_RIGHT - DIST_CHAR - sum(steps))]
    left, right = MARGIN_LEFT + 3 * DIST_CHAR, BLOCK_RIGHT - DIST_CHAR
    lines = break_lines(para.text, [FANGSONG] * len(para.text), DIST_SIZE, 0, right - left,
                        -2 * DIST_CHAR)
    return [(text, left - (2 * DIST_CHAR if number == 0 else 0))
            for number, text in enumerate(lines)]


def _distribution(printed: Printed, paras: Sequence[b.Para]) -> None:
    """The 版记 from the foot of the page up: under the last rule a 1-pt paragraph, then each
    row's lines at the grid pitch between rules."""
    y = MARGIN_BOTTOM_EDGE - DIST_PLACEHOLDER - OUTER_RULE / 2
    rows = distribution_rows(paras)
    printed.rules.append(Rule(y, OUTER_RULE))
    for index, row in reversed(list(enumerate(rows))):
        lines = [line for para in row for line in distribution_lines(para)]
        y -= (OUTER_RULE if index == len(rows) - 1 else INNER_RULE) / 2
        top = y - len(lines) * LINE_PITCH
        for number, (text, x) in enumerate(lines):
            steps = tuple(text_steps(text, FANGSONG, DIST_SIZE))
            printed.glyphs.append(Glyphs(text, x, top + number * LINE_PITCH + OFF_GRID_BASELINE,
                                         steps, FANGSONG, DIST_SIZE))
        thickness = OUTER_RULE if index == 0 else INNER_RULE
        y = top - thickness / 2
        printed.rules.append(Rule(y, thickness))
