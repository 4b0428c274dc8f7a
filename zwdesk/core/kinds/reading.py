"""What the kinds' readers and zwdesk.core.reader share: a paragraph as read (``Line``),
counts, dates and Chinese numerals as printed or typed, the patterns of their sentences, and
the report of what was read.

Hand-typed issues word the generated sentences with small differences, all accepted: commas
instead of 、, spaces, full-width digits, thousands separators.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

NUM = r"([0-9０-９][0-9０-９,，]*)"
AND = r"[、，,]"
STOP = r"[。.．]?"
DATE = r"([0-9０-９]{4})年([0-9０-９]{1,2})月([0-9０-９]{1,2})日"
NUMERAL = "[一二三四五六七八九十百]{1,4}"
SPACE = r"[\s\u3000]*"
# （一）title, (一) title: a subsection heading or an inspection check.
BRACKETED = re.compile(rf"[（(]{SPACE}({NUMERAL}){SPACE}[）)]{SPACE}(.*)", re.DOTALL)
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_DIGITS = "一二三四五六七八九"


@dataclass
class Line:
    """One paragraph as read (zwdesk.core.reader.paragraphs): its shown text (number
    included, outer spaces removed)."""

    text: str
    role: str | None = None  # the bulletin role its style names (zwdesk's template)
    run_in: int = 0  # characters at the start in the run-in heading character style
    comments: list[str] = field(default_factory=list)  # ids of the comments on it
    place: str = "body"  # body, table or textbox


@dataclass
class Report:
    """What reading found besides the issue: paragraphs kept as text, and warnings."""

    kept_as_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def count(text: str) -> int:
    """A count as printed or typed: 1185, １１８５, 1,185."""
    return int(unicodedata.normalize("NFKC", text).replace(",", ""))


def date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(count(year), count(month), count(day))
    except ValueError:
        return None


def compact(text: str) -> str:
    """The text without any spaces (typed spaces do not change a sentence)."""
    return _SPACES.sub("", text)


def numeral_value(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 九十九 → 99; None for anything else."""
    if text == "十":
        return 10
    tens, _, ones = text.partition("十") if "十" in text else ("", "", text)
    if "十" in text:
        t = 1 if tens == "" else (_DIGITS.index(tens) + 1 if tens in _DIGITS else None)
    else:
        t = 0
    o = 0 if ones == "" else (_DIGITS.index(ones) + 1 if len(ones) == 1 and ones in _DIGITS
                              else None)
    if t is None or o is None or (t == 0 and o == 0):
        return None
    return t * 10 + o
