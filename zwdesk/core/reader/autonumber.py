"""Word's automatic numbering: the number a paragraph shows, which is not in its text.

numbering.xml holds abstract definitions (one per list style: per level a start, a number
format such as decimal or chineseCounting, and a text such as ``%1.`` or ``（%2）``) and the
numbering instances (``w:num``) that paragraphs refer to by ``numId``, each pointing to an
abstract definition and possibly overriding the start of a level (Word's "restart at 1").
Instances of one abstract definition count together unless such an override restarts them;
using a level resets the levels below it unless their ``lvlRestart`` says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from zwdesk.core.reader.xml import W, attr, number, on

_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: the 1-based level after whose use this restarts
    suffix: str = "\t"
    legal: bool = False  # isLgl: every number shown as decimal


def _level(element: etree._Element, base: Level | None = None) -> Level:
    level = base or Level()
    changes: dict[str, object] = {}
    for name, key in (("start", "start"), ("lvlRestart", "restart")):
        value = number(attr(element.find(W + name), "val"), None)  # 99999999999: left out
        if value is not None:
            changes[key] = value
    for name, key, convert in (("numFmt", "fmt", str), ("lvlText", "text", str),
                               ("suff", "suffix", _SUFFIXES.get)):
        text = attr(element.find(W + name), "val")
        if text is not None:
            changes[key] = convert(text)
    if element.find(W + "isLgl") is not None:
        changes["legal"] = on(element.find(W + "isLgl"))
    if changes.get("suffix", "") is None:
        changes["suffix"] = "\t"
    return replace(level, **changes)  # type: ignore[arg-type]


def _levels(parent: etree._Element) -> dict[int, Level]:
    return {number(attr(lvl, "ilvl")) or 0: _level(lvl) for lvl in parent.findall(W + "lvl")}


class Numbering:
    """The numbering of one document; ``label`` is asked once per numbered paragraph, in order."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.instances: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for abstract in root.findall(W + "abstractNum"):
            self.abstracts[attr(abstract, "abstractNumId") or ""] = _levels(abstract)
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            abstract_id = attr(ref, "val") or ""
            levels = dict(self.abstracts.get(abstract_id, {}))
            starts: dict[int, int] = {}
            for override in num.findall(W + "lvlOverride"):
                ilvl = number(attr(override, "ilvl")) or 0
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl, levels.get(ilvl))
                start = number(attr(override.find(W + "startOverride"), "val"), None)
                if start is not None:
                    starts[ilvl] = start
            self.instances[attr(num, "numId") or ""] = (abstract_id, levels, starts)

    def label(self, num_id: str, ilvl: int) -> str:
        """The number paragraph ``num_id``/``ilvl`` shows (with the tab or space after it), or
        "" for no numbering; counts the paragraph."""
        if num_id not in self.instances:
            return ""
        abstract_id, levels, starts = self.instances[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            if ilvl in starts:
                counters[ilvl] = starts[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, other in levels.items():
            limit = deeper if other.restart is None else other.restart
            if deeper > ilvl and ilvl < limit:
                counters.pop(deeper, None)
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return level.text + level.suffix

        def number(match: re.Match[str]) -> str:
            index = int(match[1]) - 1
            shown = levels.get(index, Level())
            value = counters.get(index, shown.start)
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text) + level.suffix


def format_number(n: int, fmt: str) -> str:
    """``n`` in a Word number format (the common ones; others as decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_counting(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 780:  # Word's last: 30 × Z
        letters = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    return str(n)


def chinese_counting(n: int) -> str:
    """一 … 十 … 十一 … 九十九 … 一百零一 … (Arabic beyond 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    units = ((1000, "千"), (100, "百"), (10, "十"))
    out, zero = "", False
    for size, unit in units:
        digit, n = divmod(n, size)
        if digit:
            if zero:
                out += "零"
            out += ("" if size == 10 and digit == 1 and not out else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _DIGITS[n]
    return out


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out
